import type { IncomingMessage } from 'node:http';
import { Transform, pipeline } from 'node:stream';
import type { AddressPolicy } from '@remaster/egress';
import { openUrl } from '@remaster/egress';
import { RetryableFailure, TerminalFailure } from '@remaster/jobs';
import type { ObjectStore } from '@remaster/storage';
import { formatS3Url, sourceCopyKey } from '@remaster/storage';
import { fetchFailure, redactUrl as redact } from './fetch-failure.js';

/** The s3:// URL of the job's copy of an http(s) input; undefined for any other input. */
export type Ingester = (jobId: string, inputUrl: string) => Promise<string | undefined>;

export interface IngesterOptions {
  readonly objects: Pick<ObjectStore, 'bucket' | 'putStream' | 'deleteKeys'>;
  /** The SSRF guard (ALLOW_PRIVATE_URLS turns it off). */
  readonly egress: AddressPolicy;
  /** Largest input (INPUT_MAX_BYTES); the download stops as soon as it is passed. */
  readonly maxBytes: number;
  /** Longest silence from the server, connecting included (default 30 s). */
  readonly idleTimeoutMs?: number;
}

/**
 * Fetches an http(s) input once, through the SSRF guard (every address checked when the
 * socket connects, every redirect checked again), streaming it into the bucket under
 * `jobs/<jobId>/source`. Everything after, ffprobe and the workers' ffmpeg included,
 * reads that object, so no media tool ever opens a user's URL itself.
 */
export function inputIngester(options: IngesterOptions): Ingester {
  return async (jobId, inputUrl) => {
    if (!/^https?:\/\//i.test(inputUrl)) return undefined;
    const response = await open(inputUrl, options);
    const declared = Number(response.headers['content-length']);
    if (declared > options.maxBytes) {
      response.destroy();
      throw tooLarge(inputUrl, declared, options.maxBytes);
    }
    const key = sourceCopyKey(jobId);
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > options.maxBytes) done(tooLarge(inputUrl, bytes, options.maxBytes));
        else done(null, chunk);
      },
    });
    const type = response.headers['content-type'] ?? 'application/octet-stream';
    try {
      // pipeline() hands a response error (reset, timeout) on to the upload's stream.
      await options.objects.putStream(
        key,
        pipeline(response, counter, () => undefined),
        type,
      );
    } catch (error) {
      if (bytes > options.maxBytes) throw tooLarge(inputUrl, bytes, options.maxBytes);
      if (response.errored || !response.complete)
        throw new RetryableFailure(
          'INPUT_UNREACHABLE',
          `the download of ${redact(inputUrl)} broke off after ${bytes} bytes: ${(response.errored ?? (error as Error)).message}`,
        );
      throw error;
    }
    if (bytes === 0) {
      await options.objects.deleteKeys([key]);
      throw new TerminalFailure('INPUT_EMPTY', `${redact(inputUrl)} answered an empty body`);
    }
    return formatS3Url({ bucket: options.objects.bucket, key });
  };
}

/** Opens the URL and returns a 200 response; anything else becomes a job failure code. */
async function open(inputUrl: string, options: IngesterOptions): Promise<IncomingMessage> {
  let response: IncomingMessage;
  try {
    ({ response } = await openUrl(inputUrl, {
      ...options.egress,
      headers: { 'user-agent': 'Remaster/1' },
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    }));
  } catch (error) {
    throw fetchFailure(inputUrl, error as Error);
  }
  const status = response.statusCode ?? 0;
  if (status === 200) return response;
  response.resume();
  const where = `${redact(inputUrl)} answered ${status}`;
  if (status >= 500 || status === 408 || status === 429)
    throw new RetryableFailure('INPUT_UNREACHABLE', `${where}; the server may recover`);
  throw new TerminalFailure('INPUT_NOT_FOUND', `${where}; check the URL and that it is public`);
}

function tooLarge(inputUrl: string, bytes: number, maxBytes: number): TerminalFailure {
  return new TerminalFailure(
    'INPUT_TOO_LARGE',
    `${redact(inputUrl)} is over ${maxBytes} bytes (${bytes} so far); the limit is INPUT_MAX_BYTES: split or compress it`,
  );
}
