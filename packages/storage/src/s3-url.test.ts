import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatS3Url, parseS3Url } from './s3-url.js';

test('parses a bucket and a key that has slashes', () => {
  assert.deepEqual(parseS3Url('s3://media-in/users/7/clip one.mp4'), {
    bucket: 'media-in',
    key: 'users/7/clip one.mp4',
  });
});

test('keeps the key verbatim, percent signs and trailing slash included', () => {
  assert.deepEqual(parseS3Url('s3://b.example/a%20b/'), { bucket: 'b.example', key: 'a%20b/' });
});

test('formats what it parses back into the same URL', () => {
  const url = 's3://remaster/jobs/j1/output.mp4';
  assert.equal(formatS3Url(parseS3Url(url)), url);
});

test('rejects other schemes and missing parts with a message showing the expected form', () => {
  for (const url of ['https://bucket/key', 's3:/bucket/key', 's3://bucket', 's3:///key', '']) {
    assert.throws(
      () => parseS3Url(url),
      /expected an S3 URL like s3:\/\/bucket\/path\/to\/key/,
      url,
    );
  }
});

test('rejects a URL with a bucket but no key', () => {
  assert.throws(() => parseS3Url('s3://bucket/'), /names a bucket but no key/);
});

test('rejects bucket names S3 would refuse', () => {
  for (const bucket of ['Upper', 'ab', 'under_score', '-dash', `${'a'.repeat(64)}`]) {
    assert.throws(() => parseS3Url(`s3://${bucket}/key`), /is not a valid bucket name/, bucket);
  }
});
