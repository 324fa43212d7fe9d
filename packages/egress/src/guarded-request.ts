import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { checkLiteralHost } from './check-host.js';
import { EgressError } from './egress-error.js';
import type { AddressPolicy } from './guarded-lookup.js';
import { guardedLookup } from './guarded-lookup.js';

export interface GuardedRequestOptions extends AddressPolicy {
  readonly method?: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: string | Uint8Array;
  readonly signal?: AbortSignal;
  /** Longest silence on the socket (connecting, waiting, reading) before it is dropped. */
  readonly idleTimeoutMs?: number;
}

/**
 * One HTTP(S) request that cannot reach a blocked address: the scheme must be http(s),
 * a literal or localhost host is checked here, and a name is checked by the socket's
 * own lookup when it connects (so DNS rebinding fails). Redirects are not followed;
 * the caller gets the response as it is. Resolves when the response headers arrive.
 */
export async function guardedRequest(
  target: string | URL,
  options: GuardedRequestOptions,
): Promise<IncomingMessage> {
  const url = new URL(target);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new EgressError(
      'URL_SCHEME',
      `${url.protocol} URLs are not fetched; use https:// or http://`,
    );
  checkLiteralHost(url.hostname, options);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = client.request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      signal: options.signal,
      // A fresh connection every time: a pooled socket would skip the lookup.
      agent: false,
      lookup: guardedLookup(options),
      timeout: options.idleTimeoutMs,
    });
    request.on('response', resolve);
    request.on('error', reject);
    request.on('timeout', () => {
      const error: NodeJS.ErrnoException = new Error(
        `no data from ${url.host} for ${options.idleTimeoutMs} ms`,
      );
      error.code = 'ETIMEDOUT';
      request.destroy(error);
    });
    request.end(options.body);
  });
}
