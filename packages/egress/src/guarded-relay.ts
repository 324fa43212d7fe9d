import { randomBytes } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform, pipeline } from 'node:stream';
import { checkLiteralHost } from './check-host.js';
import { EgressError } from './egress-error.js';
import type { OpenUrlOptions } from './open-url.js';
import { openUrl } from './open-url.js';

export interface GuardedRelayOptions extends Omit<OpenUrlOptions, 'signal'> {
  /**
   * Most bytes one response may declare (Content-Length, or the total of a Content-Range)
   * or carry; past it the relay answers 413 and {@link GuardedRelay.failure} says so.
   */
  readonly maxBytes?: number;
}

/** A loopback URL that stands for one remote URL, every request to it made through the guard. */
export interface GuardedRelay {
  /** `http://127.0.0.1:<port>/<secret>/<last segment of the target>`: hand it to the local tool. */
  readonly url: string;
  /**
   * The first refusal or failure met while fetching the target: the guard's EgressError
   * (URL_PRIVATE_ADDRESS, URL_SCHEME, URL_REDIRECT_REFUSED, URL_TOO_LARGE over `maxBytes`)
   * or a network error. Undefined while every request was relayed whole.
   */
  failure(): Error | undefined;
  close(): Promise<void>;
}

/** What a range reply needs to be read and seeked by the local tool; nothing else is passed on. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges'];

/**
 * A server on loopback that relays GETs of one URL through the SSRF guard, so a tool that
 * opens URLs itself (ffprobe) never resolves or connects to the user's host: it reads the
 * relay, and the relay makes each of its requests (the first read and every seek, Range
 * passed on) with {@link openUrl}, whose socket lookup checks every address it connects to
 * and which checks every redirect itself. Only the secret path answers; close it when the
 * tool is done.
 */
export async function guardedRelay(
  target: string,
  options: GuardedRelayOptions,
): Promise<GuardedRelay> {
  const url = new URL(target);
  // The scheme and a literal host are refused now, before any tool runs.
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new EgressError(
      'URL_SCHEME',
      `${url.protocol} URLs are not fetched; use https:// or http://`,
    );
  checkLiteralHost(url.hostname, options);
  const name = url.pathname.split('/').pop() || 'input';
  const path = `/${randomBytes(16).toString('hex')}/${encodeURIComponent(decodeURIComponent(name))}`;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
  };
  const server = createServer((request, response) => {
    if (request.url !== path || request.method !== 'GET') {
      response.writeHead(404, { 'content-length': 0 }).end();
      return;
    }
    relay({ target: url, request, response, options, fail });
  });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    failure: () => failure,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

interface RelayOne {
  readonly target: URL;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly options: GuardedRelayOptions;
  readonly fail: (error: Error) => void;
}

/** One request of the tool: fetched through the guard, its body streamed back within maxBytes. */
function relay({ target, request, response, options, fail }: RelayOne): void {
  const abort = new AbortController();
  // The tool hung up (a seek elsewhere): the remote request is dropped with it.
  response.on('close', () => abort.abort());
  const headers: OutgoingHttpHeaders = { ...options.headers };
  if (request.headers.range) headers.range = request.headers.range;
  openUrl(target, { ...options, headers, signal: abort.signal }).then(
    ({ response: remote }) => {
      const status = remote.statusCode ?? 502;
      if (status !== 200 && status !== 206) {
        remote.resume();
        response.writeHead(status, { 'content-length': 0 }).end();
        return;
      }
      const declared = declaredBytes(remote);
      if (options.maxBytes !== undefined && declared !== undefined && declared > options.maxBytes) {
        remote.destroy();
        fail(tooLarge(target, declared, options.maxBytes));
        response.writeHead(413, { 'content-length': 0 }).end();
        return;
      }
      response.writeHead(status, passedHeaders(remote));
      pipeline(remote, limit(target, options.maxBytes), response, (error) => {
        // The tool closing its end early is a seek, not a failure.
        if (error && !abort.signal.aborted) fail(error);
      });
    },
    (error: Error) => {
      if (abort.signal.aborted) return;
      fail(error);
      response.writeHead(502, { 'content-length': 0 }).end();
    },
  );
}

function passedHeaders(remote: IncomingMessage): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const name of PASSED_HEADERS) {
    const value = remote.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** The whole object's size as the remote declared it: a range reply's total, else Content-Length. */
function declaredBytes(remote: IncomingMessage): number | undefined {
  const total = /\/(\d+)\s*$/.exec(remote.headers['content-range'] ?? '')?.[1];
  const length = total ?? remote.headers['content-length'];
  return length === undefined ? undefined : Number(length);
}

/** Passes bytes on until more than `maxBytes` went through one response (a body of no declared size). */
function limit(target: URL, maxBytes: number | undefined): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (maxBytes !== undefined && bytes > maxBytes) done(tooLarge(target, bytes, maxBytes));
      else done(null, chunk);
    },
  });
}

function tooLarge(target: URL, bytes: number, maxBytes: number): EgressError {
  return new EgressError(
    'URL_TOO_LARGE',
    `${target.origin}${target.pathname} is over ${maxBytes} bytes (${bytes})`,
  );
}
