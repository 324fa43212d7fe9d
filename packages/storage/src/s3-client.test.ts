import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from './s3-client.js';

const credentials = { region: 'us-east-1', accessKeyId: 'id', secretAccessKey: 'secret' };

test('with an endpoint, uses path-style URLs and sends checksums only when required', async () => {
  const client = createS3Client({ ...credentials, endpoint: 'http://127.0.0.1:9000' });
  assert.equal(client.config.forcePathStyle, true);
  assert.equal(await client.config.requestChecksumCalculation(), 'WHEN_REQUIRED');
  assert.equal(await client.config.responseChecksumValidation(), 'WHEN_REQUIRED');
  const endpoint = await client.config.endpoint?.();
  assert.equal(endpoint?.hostname, '127.0.0.1');
  assert.equal(endpoint?.port, 9000);
  client.destroy();
});

test('without an endpoint, keeps AWS virtual-host URLs', async () => {
  const client = createS3Client(credentials);
  assert.notEqual(client.config.forcePathStyle, true);
  assert.equal(await client.config.requestChecksumCalculation(), 'WHEN_REQUIRED');
  const { accessKeyId, secretAccessKey } = await client.config.credentials();
  assert.deepEqual(
    { accessKeyId, secretAccessKey },
    { accessKeyId: 'id', secretAccessKey: 'secret' },
  );
  client.destroy();
});

test('retries five times by default', async () => {
  const client = createS3Client(credentials);
  assert.equal(await client.config.maxAttempts(), 5);
  client.destroy();
});

test('a server that accepts and never answers times out and is tried again', async () => {
  let connections = 0;
  const silent = createServer((socket) => {
    connections += 1;
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  const client = createS3Client({
    ...credentials,
    endpoint: `http://127.0.0.1:${port}`,
    maxAttempts: 3,
    idleTimeoutMs: 200,
  });
  const started = Date.now();
  await assert.rejects(
    client.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' })),
    (error: Error) => error.name === 'TimeoutError',
  );
  assert.equal(connections, 3, 'one connection per try');
  assert.ok(Date.now() - started < 5_000, 'each try gave up after about 200 ms of silence');
  client.destroy();
  silent.close();
});
