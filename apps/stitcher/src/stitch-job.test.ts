import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  JobStore,
  Lifecycle,
  Pipeline,
  TerminalFailure,
  connectRedis,
  jobRequestSchema,
  redisOptions,
} from '@remaster/jobs';
import type { ChunkPayload, OutputSummary, StitchPayload } from '@remaster/jobs';
import { jobPrefix, segmentKey } from '@remaster/storage';
import type { RedisServer, StartedS3 } from '@remaster/testing';
import { makeClip, startRedis, startS3 } from '@remaster/testing';
import { stitchJob } from './stitch-job.js';

const request = jobRequestSchema.parse({
  input: { url: 's3://remaster/in.mp4' },
  upscale: { factor: 2 },
});
const prefix = '{stitch-test}';
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
  let pipeline: Pipeline;
  let lifecycle: Lifecycle;
  let dir: string;

  before(async () => {
    [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
    connection = connectRedis(redis.url);
    pipeline = new Pipeline({ connection: redisOptions(redis.url), prefix, chunkAttempts: 1 });
    lifecycle = new Lifecycle({ redis: connection, prefix, pipeline });
    dir = await mkdtemp(join(tmpdir(), 'remaster-stitch-test-'));
  });
  after(async () => {
    await pipeline?.close();
    connection?.disconnect();
    await Promise.all([
      redis?.stop(),
      s3?.stop(),
      dir && rm(dir, { recursive: true, force: true }),
    ]);
  });

  /** A job in `processing` whose segments (one clip per count) are uploaded; returns its payload. */
  async function renderedJob(segmentFrames: readonly number[]): Promise<StitchPayload> {
    const job = await lifecycle.submit('acme', request);
    const stitch: StitchPayload = {
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
    const chunks = segmentFrames.map((frames, index) => {
      const start = segmentFrames.slice(0, index).reduce((sum, n) => sum + n, 0);
      return chunkPayload(job.id, index, start, start + frames);
    });
    assert.ok(await lifecycle.startPlanning(job.id));
    const planned = await lifecycle.recordPlan(
      job.id,
      {
        ...{ width: 64, height: 36, fps: '25', frames: 25, durationSeconds: 1 },
        ...{ hasAudio: false, videoCodec: 'h264' },
      },
      { chunksTotal: chunks.length, framesTotal: 25, width: 64, height: 36, fps: '25' },
      { kind: 'render', stitch, chunks },
    );
    assert.ok(planned, 'the job is processing');
    await Promise.all(
      segmentFrames.map(async (frames, index) => {
        const path = join(dir, `${job.id}-${index}.mp4`);
        await makeClip({ path, width: 64, height: 36, fps: 25, frames });
        await s3.store.putFile(segmentKey(job.id, index), path);
      }),
    );
    return stitch;
  }

  const deps = (store: JobStore) => ({
    store,
    lifecycle,
    objects: s3.store,
    mediaUrl: (url: string) => Promise.resolve(url),
    tmpDir: dir,
    logger: { warn: () => undefined },
  });

  test('stitches with the recorded chunk counts, counts a segment without one, and checks the total', async () => {
    const store = new JobStore(connection, prefix);
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
    const store = new JobStore(connection, prefix);
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

  test('a job canceled while it is stitched ends canceled with none of its objects left', async () => {
    const store = new JobStore(connection, prefix);
    const payload = await renderedJob([10, 10, 5]);
    // The cancel lands after the output went up, just before the stitch completes the job.
    const canceling = {
      ...lifecycle,
      startStitching: (id: string) => lifecycle.startStitching(id),
      complete: async (id: string, output: OutputSummary) => {
        assert.equal(await lifecycle.cancel(id), true);
        return lifecycle.complete(id, output);
      },
    };
    const result = await stitchJob(payload, { ...deps(store), lifecycle: canceling });
    assert.equal(result, undefined);
    assert.equal((await store.get(payload.jobId))?.status, 'canceled');
    assert.deepEqual(
      await s3.store.listKeys(jobPrefix(payload.jobId)),
      [],
      'output and segments gone',
    );
  });

  test('a rerun after the job completed (a crash before BullMQ recorded it) changes nothing and only deletes leftover segments', async () => {
    const store = new JobStore(connection, prefix);
    const job = await lifecycle.submit('acme', request);
    assert.ok(await lifecycle.startStitching(job.id));
    assert.ok(await lifecycle.complete(job.id, output));
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
      lifecycle,
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

/** Chunk `index` of a job, rendering source frames `start` to `end` of 64×36 at 25 fps. */
function chunkPayload(jobId: string, index: number, start: number, end: number): ChunkPayload {
  return {
    ...{ jobId, index, inputUrl: 's3://remaster/in.mp4', sourceWidth: 64, sourceHeight: 36 },
    ...{ sourceFrames: 25, sourceFps: { num: 25, den: 1 }, targetFps: { num: 25, den: 1 } },
    ...{ sourceStart: start, sourceEnd: end, decodeEnd: end, outputStart: start, outputEnd: end },
    cutsAfter: [],
    output: { codec: 'h264', crf: 18, width: 64, height: 36 },
    colour: {
      matrix: 'bt601',
      range: 'tv',
      tags: { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', range: 'tv' },
    },
  };
}
