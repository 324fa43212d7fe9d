import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { JobStore, TerminalFailure, connectRedis, jobRequestSchema } from '@remaster/jobs';
import type { StitchPayload } from '@remaster/jobs';
import { segmentKey } from '@remaster/storage';
import type { RedisServer, StartedS3 } from '@remaster/testing';
import { makeClip, startRedis, startS3 } from '@remaster/testing';
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

describe('stitch job', () => {
  let redis: RedisServer;
  let s3: StartedS3;
  let connection: ReturnType<typeof connectRedis>;
  let dir: string;

  before(async () => {
    [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
    connection = connectRedis(redis.url);
    dir = await mkdtemp(join(tmpdir(), 'remaster-stitch-test-'));
  });
  after(async () => {
    connection?.disconnect();
    await Promise.all([
      redis?.stop(),
      s3?.stop(),
      dir && rm(dir, { recursive: true, force: true }),
    ]);
  });

  /** A job in `processing` whose segments (one clip per count) are uploaded; returns its payload. */
  async function renderedJob(segmentFrames: readonly number[]): Promise<StitchPayload> {
    const job = await new JobStore(connection, '{stitch-test}').create('acme', request);
    await new JobStore(connection, '{stitch-test}').transition(job.id, 'processing');
    await Promise.all(
      segmentFrames.map(async (frames, index) => {
        const path = join(dir, `${job.id}-${index}.mp4`);
        await makeClip({ path, width: 64, height: 36, fps: 25, frames });
        await s3.store.putFile(segmentKey(job.id, index), path);
      }),
    );
    return {
      jobId: job.id,
      inputUrl: 's3://remaster/in.mp4',
      chunkCount: segmentFrames.length,
      outputFrames: 25,
      width: 64,
      height: 36,
      fps: { num: 25, den: 1 },
      container: 'mp4',
      source: { videoOffsetSeconds: 0, subtitleCodecs: [] },
    };
  }

  const deps = (store: JobStore) => ({
    store,
    objects: s3.store,
    mediaUrl: (url: string) => Promise.resolve(url),
    tmpDir: dir,
    logger: { warn: () => undefined },
  });

  test('stitches with the recorded chunk counts, counts a segment without one, and checks the total', async () => {
    const store = new JobStore(connection, '{stitch-test}');
    const payload = await renderedJob([10, 10, 5]);
    await store.recordChunkDone(payload.jobId, 0, 10);
    await store.recordChunkDone(payload.jobId, 1, 10); // chunk 2 has no record: counted
    const result = await stitchJob(payload, deps(store));
    assert.equal(result?.frames, 25);
    assert.equal(result?.durationSeconds, 1);
    const record = await store.get(payload.jobId);
    assert.equal(record?.status, 'completed');
    assert.deepEqual(await s3.store.listKeys(`jobs/${payload.jobId}/segments/`), []);
  });

  test('a total that does not match fails the job loudly and names the segment whose record was wrong', async () => {
    const store = new JobStore(connection, '{stitch-test}');
    const payload = await renderedJob([10, 8, 5]);
    for (const [index, frames] of [10, 10, 5].entries())
      await store.recordChunkDone(payload.jobId, index, frames);
    await assert.rejects(stitchJob(payload, deps(store)), (error: unknown) => {
      assert.ok(error instanceof TerminalFailure);
      assert.equal(error.code, 'FRAME_COUNT_MISMATCH');
      assert.equal(
        error.message,
        `stitched output has 23 frames, expected 25: segment ${segmentKey(payload.jobId, 1)} has 8 frames, 10 recorded`,
      );
      return true;
    });
    assert.equal((await store.get(payload.jobId))?.status, 'stitching');
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
