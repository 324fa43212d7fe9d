import assert from 'node:assert/strict';
import { test } from 'node:test';
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
