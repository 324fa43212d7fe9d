import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { JobStore, connectRedis, jobRequestSchema } from '@remaster/jobs';
import { segmentKey, sourceCopyKey } from '@remaster/storage';
import type { StartedS3 } from '@remaster/testing';
import { startRedis, startS3 } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { failJobAndDeleteIntermediates } from './fail-job.js';

let redisServer: Awaited<ReturnType<typeof startRedis>>;
let redis: Redis;
let s3: StartedS3;

before(async () => {
  [redisServer, s3] = await Promise.all([startRedis(), startS3({ bucket: 'fail-job' })]);
  redis = connectRedis(redisServer.url);
});
after(async () => {
  redis.disconnect();
  await Promise.all([redisServer.stop(), s3.stop()]);
});

test('a failed job is recorded and its objects are deleted; other jobs keep theirs', async () => {
  const store = new JobStore(redis, '{fail-job}');
  const request = jobRequestSchema.parse({
    input: { url: 's3://b/k.mp4' },
    upscale: { factor: 2 },
  });
  const failed = await store.create('acme', request);
  const other = await store.create('acme', request);
  for (const key of [segmentKey(failed.id, 0), segmentKey(failed.id, 1), sourceCopyKey(failed.id)])
    await s3.store.putBytes(key, Buffer.from('x'));
  await s3.store.putBytes(segmentKey(other.id, 0), Buffer.from('y'));
  const warnings: object[] = [];

  await failJobAndDeleteIntermediates(
    failed.id,
    { code: 'RENDER_FAILED', message: 'boom' },
    { store, objects: s3.store, logger: { warn: (obj) => warnings.push(obj) } },
  );

  assert.equal((await store.get(failed.id))?.status, 'failed');
  assert.deepEqual(await s3.store.listKeys(`jobs/${failed.id}/`), []);
  assert.deepEqual(await s3.store.listKeys(`jobs/${other.id}/`), [segmentKey(other.id, 0)]);
  assert.deepEqual(warnings, []);
});
