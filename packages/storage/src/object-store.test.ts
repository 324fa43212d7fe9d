// Runs ObjectStore against the real embedded S3 server (s3rver) on a free
// loopback port; each test works under its own key prefix.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { S3ServiceException } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EmbeddedS3 } from './embedded-s3.js';
import { startEmbeddedS3 } from './embedded-s3.js';
import { ObjectStore } from './object-store.js';
import { createS3Client } from './s3-client.js';

const BUCKET = 'test-bucket';
let dir: string;
let s3: EmbeddedS3;
let client: S3Client;
let store: ObjectStore;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storage-test-'));
  s3 = await startEmbeddedS3({ port: 0, directory: join(dir, 's3'), buckets: [BUCKET] });
  client = clientFor(s3.endpoint);
  store = new ObjectStore({ client, bucket: BUCKET });
});

after(async () => {
  client.destroy();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

function clientFor(endpoint: string): S3Client {
  return createS3Client({
    endpoint,
    region: 'us-east-1',
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Records the name of every command the client sends. */
function recordCommands(target: S3Client): string[] {
  const names: string[] = [];
  target.middlewareStack.add(
    (next, context) => (args) => {
      names.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize' },
  );
  return names;
}

test('bytes put in come back out unchanged, and head reports their size', async () => {
  const bytes = randomBytes(4096);
  await store.putBytes('roundtrip/small.bin', bytes, 'application/octet-stream');
  const path = join(dir, 'small.out');
  await store.getToFile('roundtrip/small.bin', path);
  assert.deepEqual(await readFile(path), bytes);
  assert.deepEqual(await store.head('roundtrip/small.bin'), { size: 4096 });
  assert.equal(await store.head('roundtrip/missing.bin'), undefined);
});

test('a file over 5 MiB goes up in several parts and comes back with the same sha256', async () => {
  const bytes = randomBytes(17 * 1024 * 1024 + 1); // three 8 MiB parts
  const source = join(dir, 'big.in');
  await writeFile(source, bytes);
  const multipartClient = clientFor(s3.endpoint);
  const sent = recordCommands(multipartClient);
  const multipartStore = new ObjectStore({ client: multipartClient, bucket: BUCKET });
  await multipartStore.putFile('multipart/big.bin', source, 'video/mp4');
  multipartClient.destroy();
  assert.equal(sent.filter((name) => name === 'UploadPartCommand').length, 3);
  assert.ok(sent.includes('CompleteMultipartUploadCommand'));

  const back = join(dir, 'big.out');
  await store.getToFile('multipart/big.bin', back);
  assert.equal(sha256(await readFile(back)), sha256(bytes));
  assert.deepEqual(await store.head('multipart/big.bin'), { size: bytes.length });
});

test('a presigned URL serves the whole object, and byte ranges as ffmpeg reads them', async () => {
  const bytes = randomBytes(1000);
  await store.putBytes('presign/clip.bin', bytes);
  const url = await store.presignGet('presign/clip.bin', 60);

  const whole = await fetch(url);
  assert.equal(whole.status, 200);
  assert.deepEqual(Buffer.from(await whole.arrayBuffer()), bytes);

  const open = await fetch(url, { headers: { Range: 'bytes=100-' } });
  assert.equal(open.status, 206);
  assert.equal(open.headers.get('content-range'), 'bytes 100-999/1000');
  assert.deepEqual(Buffer.from(await open.arrayBuffer()), bytes.subarray(100));

  const closed = await fetch(url, { headers: { Range: 'bytes=10-19' } });
  assert.equal(closed.status, 206);
  assert.deepEqual(Buffer.from(await closed.arrayBuffer()), bytes.subarray(10, 20));
});

test('a presigned URL of a missing key answers 404', async () => {
  const response = await fetch(await store.presignGet('presign/missing.bin', 60));
  assert.equal(response.status, 404);
  await response.body?.cancel();
});

test('presigned URLs name the public endpoint when a public client is given', async () => {
  const publicEndpoint = s3.endpoint.replace('127.0.0.1', 'localhost');
  const publicClient = clientFor(publicEndpoint);
  const split = new ObjectStore({ client, bucket: BUCKET, publicClient });
  const url = new URL(await split.presignGetForBucket('other-bucket', 'a/b.mp4', 60));
  const internal = new URL(await split.presignInternalGet('other-bucket', 'a/b.mp4', 60));
  publicClient.destroy();
  assert.equal(url.origin, publicEndpoint);
  assert.equal(url.pathname, '/other-bucket/a/b.mp4');
  assert.equal(url.searchParams.get('X-Amz-Expires'), '60');
  assert.equal(internal.origin, s3.endpoint, 'ffmpeg inside the service reads by S3_ENDPOINT');
});

test('deletePrefix removes every key under the prefix and nothing else', async () => {
  const keys = Array.from({ length: 30 }, (_, i) => `wipe/job/${String(i).padStart(2, '0')}`);
  await Promise.all(keys.map((key) => store.putBytes(key, Buffer.from(key))));
  await store.putBytes('wipe/jobber/keep', Buffer.from('keep'));

  assert.deepEqual(await store.listKeys('wipe/job/'), keys);
  assert.equal(await store.deletePrefix('wipe/job/'), 30);
  assert.deepEqual(await store.listKeys('wipe/job/'), []);
  assert.deepEqual(await store.listKeys('wipe/'), ['wipe/jobber/keep']);
});

test('deleteKeys sends at most 1000 keys per DeleteObjects, and missing keys are no error', async () => {
  const batchingClient = clientFor(s3.endpoint);
  const sent = recordCommands(batchingClient);
  const batchingStore = new ObjectStore({ client: batchingClient, bucket: BUCKET });
  const present = ['batch/first', 'batch/last'];
  await Promise.all(present.map((key) => store.putBytes(key, Buffer.from(key))));
  const missing = Array.from({ length: 999 }, (_, i) => `batch/missing-${i}`);

  await batchingStore.deleteKeys(['batch/first', ...missing, 'batch/last']);
  batchingClient.destroy();
  assert.deepEqual(sent, ['DeleteObjectsCommand', 'DeleteObjectsCommand']);
  assert.deepEqual(await store.listKeys('batch/'), []);
});

test('deletePrefix refuses the empty prefix', async () => {
  await assert.rejects(store.deletePrefix(''), /would empty the whole bucket/);
});

test('deleteKeys falls back to single deletes when the server rejects DeleteObjects', async () => {
  const rejecting = clientFor(s3.endpoint);
  const sent = recordCommands(rejecting);
  // Answers DeleteObjects the way a server without it does, before any request is made.
  rejecting.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName !== 'DeleteObjectsCommand') return next(args);
      throw new S3ServiceException({
        name: 'NotImplemented',
        $fault: 'server',
        $metadata: { httpStatusCode: 501 },
      });
    },
    { step: 'initialize' },
  );
  const fallbackStore = new ObjectStore({ client: rejecting, bucket: BUCKET });
  for (const name of ['a', 'b', 'c']) await store.putBytes(`fallback/${name}`, Buffer.from(name));

  await fallbackStore.deleteKeys(['fallback/a', 'fallback/b', 'fallback/missing']);
  await fallbackStore.deleteKeys(['fallback/c']);
  rejecting.destroy();
  assert.deepEqual(await store.listKeys('fallback/'), []);
  // Tried once, then remembered: the second call went straight to single deletes.
  assert.equal(sent.filter((name) => name === 'DeleteObjectsCommand').length, 1);
  assert.equal(sent.filter((name) => name === 'DeleteObjectCommand').length, 4);
});

test('getToFile of a missing key rejects and leaves no file behind', async () => {
  const path = join(dir, 'never.out');
  await assert.rejects(store.getToFile('missing/key', path), { name: 'NoSuchKey' });
  assert.equal(existsSync(path), false);
  assert.equal(existsSync(`${path}.partial`), false);
});

test('ensureBucket creates a missing bucket once, and ping tells a missing bucket apart', async () => {
  const fresh = new ObjectStore({ client, bucket: 'fresh-bucket' });
  await assert.rejects(fresh.ping(), { name: 'NotFound' });
  await fresh.ensureBucket();
  await fresh.ensureBucket();
  await fresh.ping();
  await fresh.putBytes('k', Buffer.from('v'));
  assert.deepEqual(await fresh.listKeys(''), ['k']);
});
