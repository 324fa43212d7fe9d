import type { IncomingMessage } from 'node:http';
import { EgressError } from './egress-error.js';
import type { GuardedRequestOptions } from './guarded-request.js';
import { guardedRequest } from './guarded-request.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface OpenUrlOptions extends Omit<GuardedRequestOptions, 'method' | 'body'> {
  /** Redirects followed at most (default 5); every hop is checked like the first. */
  readonly maxRedirects?: number;
}

/**
 * GETs a URL through the SSRF guard, following redirects itself so that every hop's
 * scheme and address are checked again. Resolves with the final response (any status)
 * and its URL; the caller reads or discards the body.
 */
export async function openUrl(
  target: string | URL,
  options: OpenUrlOptions,
): Promise<{ response: IncomingMessage; url: URL }> {
  const maxRedirects = options.maxRedirects ?? 5;
  let url = new URL(target);
  for (let hop = 0; ; hop += 1) {
    const response = await guardedRequest(url, options);
    if (!REDIRECTS.has(response.statusCode ?? 0)) return { response, url };
    response.resume();
    const location = response.headers.location;
    if (!location)
      throw new EgressError(
        'URL_REDIRECT_REFUSED',
        `${url.host} answered ${response.statusCode} without a Location`,
      );
    if (hop >= maxRedirects)
      throw new EgressError(
        'URL_REDIRECT_REFUSED',
        `more than ${maxRedirects} redirects, the last to ${location}`,
      );
    url = new URL(location, url);
  }
}
