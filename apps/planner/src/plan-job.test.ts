import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RedisClient } from '@remaster/jobs';
import {
  JobStore,
  Lifecycle,
  Pipeline,
  TerminalFailure,
  connectRedis,
  jobRequestSchema,
  redisOptions,
} from '@remaster/jobs';
import { MediaError } from '@remaster/media';
import { startRedis } from '@remaster/testing';
import type { PlanJobDeps } from './plan-job.js';
import { planJob } from './plan-job.js';

/** What `mediaUrlResolver` hands ffprobe: a presigned GET of the object. */
const presign = (inputUrl: string) =>
  Promise.resolve(
    `http://127.0.0.1:9000/${inputUrl.slice('s3://'.length)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=0123abcd`,
  );
/** ffprobe's failure as @remaster/media words it: the URL echoed, its query cut to `?…`. */
const unreadable = (url: string) =>
  Promise.reject(
    new MediaError(
      'INPUT_UNREADABLE',
      `input could not be read as media (not a video, or corrupt); check the file: ${url.split('?')[0]}?…: Invalid data found when processing input`,
    ),
  );

describe('planJob failures name the URL the user gave', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let redis: RedisClient;
  let store: JobStore;
  let pipeline: Pipeline;
  let lifecycle: Lifecycle;

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
    const prefix = `{test-plan-${process.pid}}`;
    store = new JobStore(redis, prefix);
    pipeline = new Pipeline({ connection: redisOptions(server.url), prefix, chunkAttempts: 1 });
    lifecycle = new Lifecycle({ redis, prefix, pipeline });
  });
  after(async () => {
    await pipeline.close();
    redis.disconnect();
    await server.stop();
  });

  const deps = (extra: Partial<PlanJobDeps> = {}): PlanJobDeps => ({
    store,
    lifecycle: {
      startPlanning: (id) => lifecycle.startPlanning(id),
      recordPlan: () => Promise.reject(new Error('not reached')),
    },
    mediaUrl: presign,
    probe: unreadable,
    indexPackets: () => Promise.reject(new Error('not reached')),
    indexFrames: () => Promise.reject(new Error('not reached')),
    matchDiffs: () => Promise.reject(new Error('not reached')),
    defaultChunkFrames: 48,
    maxChunks: 100,
    ...extra,
  });
  const failure = async (url: string, extra?: Partial<PlanJobDeps>) => {
    const request = jobRequestSchema.parse({ input: { url }, upscale: { factor: 2 } });
    const { id } = await lifecycle.submit('acme', request);
    const error = await planJob(id, deps(extra)).then(
      () => assert.fail('planning should fail'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof TerminalFailure, String(error));
    return { id, error };
  };

  test('a probe failure names the s3:// input, not the presigned URL ffprobe read', async () => {
    const { error } = await failure('s3://media/in/clip.mp4');
    assert.equal(error.code, 'INPUT_UNREADABLE');
    assert.match(error.message, /check the file: s3:\/\/media\/in\/clip\.mp4: Invalid data/);
    assert.doesNotMatch(error.message, /127\.0\.0\.1|X-Amz|\?…/);
  });

  test("an http(s) input's failures name it, not the planner's copy in the bucket", async () => {
    const given = 'https://example.com/films/reel.mp4';
    const { id, error } = await failure(given, {
      ingest: (jobId) => Promise.resolve(`s3://media/jobs/${jobId}/source`),
    });
    assert.match(error.message, /check the file: https:\/\/example\.com\/films\/reel\.mp4: /);
    assert.doesNotMatch(error.message, new RegExp(`127\\.0\\.0\\.1|X-Amz|jobs/${id}`));
    const missing = await failure(given, {
      ingest: (jobId) => Promise.resolve(`s3://media/jobs/${jobId}/source`),
      checkObject: (url) =>
        Promise.reject(new TerminalFailure('INPUT_NOT_FOUND', `input ${url} does not exist`)),
    });
    assert.equal(missing.error.message, `input ${given} does not exist`);
  });
});
