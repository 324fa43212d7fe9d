/** A bucket and a key inside it, as named by an `s3://bucket/key` URL. */
export interface S3Location {
  bucket: string;
  key: string;
}

// Bucket names per the S3 rules: 3–63 of lowercase letters, digits, dots and
// hyphens, starting and ending with a letter or digit.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses `s3://bucket/key/with/slashes` into bucket and key.
 *
 * The key is taken verbatim (no percent-decoding): S3 keys may hold any
 * character, and the URL is our own notation rather than an HTTP address.
 *
 * @throws Error saying what a valid URL looks like when `url` is not one.
 */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(url);
  const bucket = match?.[1];
  const key = match?.[2];
  if (bucket === undefined || key === undefined) {
    throw new Error(`expected an S3 URL like s3://bucket/path/to/key, got "${url}"`);
  }
  if (!BUCKET_NAME.test(bucket)) {
    throw new Error(
      `"${bucket}" in "${url}" is not a valid bucket name: use 3-63 lowercase letters, digits, dots or hyphens`,
    );
  }
  if (key === '') {
    throw new Error(`"${url}" names a bucket but no key: expected s3://${bucket}/path/to/key`);
  }
  return { bucket, key };
}

/** Formats a bucket and key as `s3://bucket/key`; the inverse of {@link parseS3Url}. */
export function formatS3Url(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}
