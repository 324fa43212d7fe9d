/** A mistake on the command line or in the environment: printed as is, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
