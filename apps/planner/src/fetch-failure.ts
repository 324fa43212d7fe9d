import { EgressError } from '@remaster/egress';
import { RetryableFailure, TerminalFailure } from '@remaster/jobs';

/**
 * The job failure for an http(s) input the planner could not fetch: what the SSRF guard
 * refused (a private address, a redirect or scheme it does not follow, a body over
 * INPUT_MAX_BYTES) is terminal; a network error may pass on a retry.
 */
export function fetchFailure(inputUrl: string, error: Error): TerminalFailure | RetryableFailure {
  const where = redactUrl(inputUrl);
  if (error instanceof EgressError) {
    if (error.code === 'URL_PRIVATE_ADDRESS')
      return new TerminalFailure(
        'INPUT_URL_PRIVATE',
        `${where} was not fetched: ${error.message}; only public addresses are fetched unless the server sets ALLOW_PRIVATE_URLS=true`,
      );
    if (error.code === 'URL_TOO_LARGE')
      return new TerminalFailure(
        'INPUT_TOO_LARGE',
        `${error.message}; the limit is INPUT_MAX_BYTES: split or compress it`,
      );
    return new TerminalFailure(
      'INPUT_REDIRECT_REFUSED',
      `${where} was not fetched: ${error.message}`,
    );
  }
  const code = (error as NodeJS.ErrnoException).code;
  return new RetryableFailure(
    'INPUT_UNREACHABLE',
    `${where} could not be reached (${code ?? error.message}); check the URL and that the server is up`,
    { cause: error },
  );
}

/** Drops the query, where signed URLs keep their signature, from messages. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : `${url.slice(0, query)}?…`;
}
