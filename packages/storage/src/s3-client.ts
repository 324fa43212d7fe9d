import { S3Client } from '@aws-sdk/client-s3';

/** Where and as whom to reach an S3-compatible server, and how patiently. */
export interface S3ClientOptions {
  /** Base URL of an S3-compatible server (MinIO, s3rver); leave out for AWS S3. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Tries per request, the first included (default {@link S3_MAX_ATTEMPTS}). */
  maxAttempts?: number;
  /** Milliseconds to open a connection before the try fails (default {@link S3_CONNECT_TIMEOUT_MS}). */
  connectTimeoutMs?: number;
  /**
   * Milliseconds a connection may carry no byte either way before the try fails
   * (default {@link S3_IDLE_TIMEOUT_MS}): an idle limit, not a total, so a large part
   * that keeps moving is never cut off.
   */
  idleTimeoutMs?: number;
}

/**
 * Tries per request. The SDK's default is 3; at 3, one request in a thousand fails for
 * good when one in ten is lost, and an output upload sends hundreds.
 */
export const S3_MAX_ATTEMPTS = 5;
export const S3_CONNECT_TIMEOUT_MS = 5_000;
/**
 * The SDK sets no timeout at all: a server that accepts a request and never answers holds
 * it for ever, and the retries never start. S3 answers within seconds and keeps a long
 * CompleteMultipartUpload alive with whitespace, so 30 s of silence means a lost request.
 */
export const S3_IDLE_TIMEOUT_MS = 30_000;

/**
 * Creates an S3 client that works against AWS S3 and S3-compatible servers alike.
 *
 * With an endpoint, buckets go in the path (`http://host:9000/bucket/key`):
 * MinIO and s3rver do not serve virtual-host buckets on a plain host name.
 * Checksums are only sent where the API requires them: by default the SDK
 * sends bodies `aws-chunked` with a trailing CRC, which servers that do not
 * understand it (s3rver among them) store verbatim, framing and all.
 *
 * Retries: the SDK's standard mode retries 500, 502, 503, 504, throttling errors,
 * ECONNRESET/EPIPE/ETIMEDOUT and its own timeouts, with jittered exponential backoff;
 * it never retries a request whose body is a stream, which is why uploads send parts as
 * buffers (see resumable-upload.ts).
 */
export function createS3Client(options: S3ClientOptions): S3Client {
  const { endpoint, region, accessKeyId, secretAccessKey } = options;
  return new S3Client({
    region,
    credentials: { accessKeyId, secretAccessKey },
    ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    retryMode: 'standard',
    maxAttempts: options.maxAttempts ?? S3_MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: options.connectTimeoutMs ?? S3_CONNECT_TIMEOUT_MS,
      socketTimeout: options.idleTimeoutMs ?? S3_IDLE_TIMEOUT_MS,
    },
  });
}
