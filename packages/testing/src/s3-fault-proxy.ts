import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy can do to a request instead of forwarding it at once. */
export type S3Fault = 'error500' | 'error503' | 'reset' | 'stall';

/** Where the proxy forwards, and how often and how it misbehaves. */
export interface S3FaultProxyOptions {
  /** The S3 server behind the proxy, e.g. `StartedS3.endpoint`. */
  target: string;
  /** Share of requests, 0 to 1, that get a fault (changeable later with `setFaultRate`). */
  faultRate: number;
  /** The faults to choose from, equally likely (default all four). */
  faults?: readonly S3Fault[];
  /** How long a stalled request waits before it is forwarded (default 2000 ms). */
  stallMs?: number;
  /** Seed of the choices: the same seed makes the same sequence of faults. */
  seed?: number;
}

/** What the proxy did, request by request. */
export type S3FaultCounts = Record<S3Fault | 'requests' | 'forwarded', number>;

/** A running fault proxy. */
export interface S3FaultProxy {
  /** Base URL for `createS3Client({ endpoint })`. */
  endpoint: string;
  /** Counts so far; `stall` requests are also counted as `forwarded` when they go on. */
  readonly counts: Readonly<S3FaultCounts>;
  setFaultRate(rate: number): void;
  close(): Promise<void>;
}

const ERRORS = {
  error500: { status: 500, code: 'InternalError', message: 'We encountered an internal error.' },
  error503: { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' },
} as const;

/**
 * A loopback HTTP proxy in front of a test S3 server that, for a share of requests,
 * answers 500 InternalError or 503 SlowDown (with S3's XML error body), resets the
 * connection, or holds the request for `stallMs` before forwarding it: the faults the
 * SDK's retries and timeouts must absorb.
 */
export async function startS3FaultProxy(options: S3FaultProxyOptions): Promise<S3FaultProxy> {
  const target = new URL(options.target);
  const faults = options.faults ?? ['error500', 'error503', 'reset', 'stall'];
  const random = mulberry32(options.seed ?? 1);
  let rate = options.faultRate;
  const counts: S3FaultCounts = {
    requests: 0,
    forwarded: 0,
    error500: 0,
    error503: 0,
    reset: 0,
    stall: 0,
  };
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.socket.destroyed) return; // the client gave up while the request stalled
    counts.forwarded += 1;
    const { expect: _answered, ...headers } = req.headers;
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => res.writableFinished || upstream.destroy());
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    counts.requests += 1;
    const fault = random() < rate ? faults[Math.floor(random() * faults.length)] : undefined;
    if (fault) counts[fault] += 1;
    if (fault === 'reset') return req.socket.resetAndDestroy();
    if (fault === 'stall') {
      setTimeout(() => forward(req, res), options.stallMs ?? 2000).unref();
      return;
    }
    if (fault === undefined) return forward(req, res);
    const { status, code, message } = ERRORS[fault];
    req.resume(); // read the body first, as S3 does, so the client is not cut off mid-write
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
          `<Message>${message}</Message><RequestId>fault-${counts.requests}</RequestId></Error>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    setFaultRate: (next) => void (rate = next),
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

/** A small seeded generator of numbers in [0, 1): the same seed, the same sequence. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
