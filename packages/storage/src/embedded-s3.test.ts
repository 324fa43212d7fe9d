// Pins the s3rver behaviour that embedded-s3.ts works around or relies on.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { EmbeddedS3 } from './embedded-s3.js';
import { startEmbeddedS3 } from './embedded-s3.js';
import { createS3Client } from './s3-client.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embedded-s3-test-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(name: string): Promise<{ s3: EmbeddedS3; client: S3Client }> {
  const s3 = await startEmbeddedS3({
    port: 0,
    directory: join(dir, name),
    buckets: ['one', 'two'],
  });
  const { accessKeyId, secretAccessKey } = s3;
  return {
    s3,
    client: createS3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      accessKeyId,
      secretAccessKey,
    }),
  };
}

test('port 0 gives a loopback endpoint on the port actually bound, with the buckets made', async () => {
  const { s3, client } = await start('port');
  try {
    assert.match(s3.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(s3.endpoint).port, '0');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'two' }));
    assert.equal(listed.KeyCount, 0);
  } finally {
    client.destroy();
    await s3.close();
  }
});

test('a listing that would need a continuation token answers instead of failing', async () => {
  // s3rver makes these tokens with DES, which Node's OpenSSL 3 refuses; any
  // truncated page used to answer 500.
  const { s3, client } = await start('list');
  try {
    for (const key of ['a', 'b', 'c']) {
      await client.send(new PutObjectCommand({ Bucket: 'one', Key: key, Body: key }));
    }
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'one', MaxKeys: 2 }));
    assert.deepEqual(
      listed.Contents?.map((object) => object.Key),
      ['a', 'b', 'c'],
    );
    assert.equal(listed.IsTruncated, false);
  } finally {
    client.destroy();
    await s3.close();
  }
});

test('close does not wait for a client that keeps its connection open', async () => {
  const { s3, client } = await start('close');
  client.destroy();
  const { hostname, port } = new URL(s3.endpoint);
  // A request whose body never ends keeps the server's connection busy.
  const stalled = request({
    hostname,
    port,
    method: 'PUT',
    path: '/one/stalled',
    headers: { 'content-length': '10' },
  });
  const reset = new Promise<void>((resolve) => stalled.on('error', () => resolve()));
  stalled.write('12345');
  await new Promise((resolve) => setTimeout(resolve, 50));

  const startedAt = Date.now();
  await s3.close();
  assert.ok(Date.now() - startedAt < 1000, 'close waited for the stalled client');
  await reset;
});
