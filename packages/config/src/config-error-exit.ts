import { ConfigError } from './config.js';

/**
 * The exit status of a process stopped by its configuration (`EX_CONFIG` of sysexits.h):
 * the launcher does not restart a role that exits with it, since the same environment
 * gives the same error again.
 */
export const CONFIG_ERROR_EXIT_CODE = 78;

/**
 * Call first thing in a process's entry module: a {@link ConfigError} that reaches the top
 * (from `loadConfig` or anything the start-up reads) prints its message, which names the
 * variable, its value and what to do, without a stack trace, and exits with
 * {@link CONFIG_ERROR_EXIT_CODE}. Any other uncaught error keeps Node's own report and
 * exit status.
 */
export function exitOnConfigError(name: string): void {
  process.on('uncaughtException', (error) => {
    if (!(error instanceof ConfigError)) {
      // What Node does without a handler: the stack on stderr, exit status 1.
      console.error(error);
      process.exit(1);
    }
    console.error(`${name}: ${error.message}`);
    process.exit(CONFIG_ERROR_EXIT_CODE);
  });
}
