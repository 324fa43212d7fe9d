import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { ObjectStore, createS3Client } from '@remaster/storage';
import { startedServices } from './start-redis.js';
import { startS3 } from './start-s3.js';

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('serves the bucket through the returned store and through a client of your own', async () => {
  const s3 = await startS3({ bucket: 'media' });
  try {
    assert.match(s3.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    await s3.store.ping();
    await s3.store.putBytes('jobs/j1/input.mp4', Buffer.from('hello'));

    const { endpoint, region, accessKeyId, secretAccessKey } = s3;
    const client = createS3Client({ endpoint, region, accessKeyId, secretAccessKey });
    const own = new ObjectStore({ client, bucket: s3.bucket });
    assert.deepEqual(await own.listKeys('jobs/'), ['jobs/j1/input.mp4']);
    const response = await fetch(await own.presignGet('jobs/j1/input.mp4', 60));
    assert.equal(await response.text(), 'hello');
    client.destroy();
  } finally {
    await s3.stop();
  }
});

test('stop closes the port and forgets the service; a second stop is harmless', async () => {
  const s3 = await startS3({ bucket: 'media' });
  const port = Number(new URL(s3.endpoint).port);
  assert.equal(await connects(port), true);
  assert.equal(startedServices.size, 1);
  await s3.stop();
  await s3.stop();
  assert.equal(await connects(port), false);
  assert.equal(startedServices.size, 0);
});

test('servers started side by side are independent', async () => {
  const [a, b] = await Promise.all([startS3({ bucket: 'same' }), startS3({ bucket: 'same' })]);
  try {
    assert.notEqual(a.endpoint, b.endpoint);
    await a.store.putBytes('only-in-a', Buffer.from('a'));
    assert.deepEqual(await b.store.listKeys(''), []);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
