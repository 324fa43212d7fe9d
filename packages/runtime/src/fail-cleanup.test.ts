import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  JobStore,
  Lifecycle,
  Pipeline,
  connectRedis,
  jobRequestSchema,
  redisOptions,
} from '@remaster/jobs';
import { jobPrefix, segmentKey, sourceCopyKey } from '@remaster/storage';
import type { StartedS3 } from '@remaster/testing';
import { startRedis, startS3 } from '@remaster/testing';
import type { Redis } from 'ioredis';

let redisServer: Awaited<ReturnType<typeof startRedis>>;
let redis: Redis;
let s3: StartedS3;
let pipeline: Pipeline;
const prefix = '{fail-cleanup}';

before(async () => {
  [redisServer, s3] = await Promise.all([startRedis(), startS3({ bucket: 'fail-job' })]);
  redis = connectRedis(redisServer.url);
  pipeline = new Pipeline({ connection: redisOptions(redisServer.url), prefix, chunkAttempts: 1 });
});
after(async () => {
  await pipeline.close();
  redis.disconnect();
  await Promise.all([redisServer.stop(), s3.stop()]);
});

test('a failed job is recorded and its objects are deleted (real S3); other jobs keep theirs', async () => {
  const lifecycle = new Lifecycle({
    redis,
    prefix,
    pipeline,
    deleteJobObjects: (jobId) => s3.store.deletePrefix(jobPrefix(jobId)),
  });
  const store = new JobStore(redis, prefix);
  const request = jobRequestSchema.parse({
    input: { url: 's3://b/k.mp4' },
    upscale: { factor: 2 },
  });
  const failed = await lifecycle.submit('acme', request);
  const other = await lifecycle.submit('acme', request);
  for (const key of [segmentKey(failed.id, 0), segmentKey(failed.id, 1), sourceCopyKey(failed.id)])
    await s3.store.putBytes(key, Buffer.from('x'));
  await s3.store.putBytes(segmentKey(other.id, 0), Buffer.from('y'));

  assert.equal(await lifecycle.fail(failed.id, { code: 'RENDER_FAILED', message: 'boom' }), true);

  assert.equal((await store.get(failed.id))?.status, 'failed');
  assert.deepEqual(await s3.store.listKeys(jobPrefix(failed.id)), []);
  assert.deepEqual(await s3.store.listKeys(jobPrefix(other.id)), [segmentKey(other.id, 0)]);
  assert.equal(await lifecycle.relayOutbox(), 0, 'the clean-up was settled, nothing left to relay');
  assert.equal(await lifecycle.fail(failed.id, { code: 'INTERNAL', message: 'again' }), false);
});
