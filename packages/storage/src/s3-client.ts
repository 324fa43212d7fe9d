import { S3Client } from '@aws-sdk/client-s3';

/** Where and as whom to reach an S3-compatible server. */
export interface S3ClientOptions {
  /** Base URL of an S3-compatible server (MinIO, s3rver); leave out for AWS S3. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Creates an S3 client that works against AWS S3 and S3-compatible servers alike.
 *
 * With an endpoint, buckets go in the path (`http://host:9000/bucket/key`):
 * MinIO and s3rver do not serve virtual-host buckets on a plain host name.
 * Checksums are only sent where the API requires them: by default the SDK
 * sends bodies `aws-chunked` with a trailing CRC, which servers that do not
 * understand it (s3rver among them) store verbatim, framing and all.
 */
export function createS3Client(options: S3ClientOptions): S3Client {
  const { endpoint, region, accessKeyId, secretAccessKey } = options;
  return new S3Client({
    region,
    credentials: { accessKeyId, secretAccessKey },
    ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
