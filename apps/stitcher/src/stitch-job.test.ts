import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { JobStore, connectRedis, jobRequestSchema } from '@remaster/jobs';
import type { StitchPayload } from '@remaster/jobs';
import { segmentKey } from '@remaster/storage';
import type { RedisServer, StartedS3 } from '@remaster/testing';
import { startRedis, startS3 } from '@remaster/testing';
import { stitchJob } from './stitch-job.js';

const request = jobRequestSchema.parse({
  input: { url: 's3://remaster/in.mp4' },
  upscale: { factor: 2 },
});
const output = {
  key: 'jobs/x/output.mp4',
  container: 'mp4',
  width: 128,
  height: 64,
  fps: '25',
  frames: 40,
  durationSeconds: 1.6,
  sizeBytes: 1234,
};

describe('stitch job rerun', () => {
  let redis: RedisServer;
  let s3: StartedS3;
  let connection: ReturnType<typeof connectRedis>;

  before(async () => {
    [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
    connection = connectRedis(redis.url);
  });
  after(async () => {
    connection?.disconnect();
    await Promise.all([redis?.stop(), s3?.stop()]);
  });

  test('a rerun after the job completed (a crash before BullMQ recorded it) changes nothing and only deletes leftover segments', async () => {
    const store = new JobStore(connection, '{stitch-test}');
    const job = await store.create('acme', request);
    await store.transition(job.id, 'stitching');
    await store.complete(job.id, output);
    // Segments a crash left behind; they are not valid video, so re-stitching would fail.
    for (const index of [0, 1])
      await s3.store.putBytes(segmentKey(job.id, index), Buffer.from('x'));
    const payload: StitchPayload = {
      jobId: job.id,
      inputUrl: 's3://remaster/in.mp4',
      chunkCount: 2,
      outputFrames: 40,
      width: 128,
      height: 64,
      fps: { num: 25, den: 1 },
      container: 'mp4',
      source: { videoOffsetSeconds: 0, subtitleCodecs: [] },
    };
    const result = await stitchJob(payload, {
      store,
      objects: s3.store,
      mediaUrl: () => Promise.reject(new Error('a completed job must not be stitched again')),
      tmpDir: '/nonexistent',
      logger: { warn: () => undefined },
    });
    assert.equal(result, undefined);
    const after = await store.get(job.id);
    assert.equal(after?.status, 'completed');
    assert.deepEqual(after?.output, output);
    assert.deepEqual(await s3.store.listKeys(`jobs/${job.id}/segments/`), []);
  });
});
