// Kills a real process at every await point of the lifecycle, one point per run (a loop
// over LIFECYCLE_POINTS, not a sample), and at the moment BullMQ reports a failure; then
// a survivor (the same roles, restarted) must end every job: 0 stuck, 0 lost, 0 doubled
// webhooks, every failed or canceled job's objects deleted. Real Redis, real BullMQ.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { RedisServer } from '@remaster/testing';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { activeJobsKey, outboxKeys } from '../job-keys.js';
import { connectRedis } from '../redis-connection.js';
import type { WebhookPayload } from '../payloads.js';
import { Pipeline } from '../pipeline.js';
import { redisOptions } from '../redis-connection.js';
import { cleanedKey, startMiniPipeline, statusOf } from '../testing/mini-pipeline.js';
import type { LifecyclePoint } from './points.js';
import { LIFECYCLE_POINTS } from './points.js';

const CHILD = fileURLToPath(new URL('../testing/lifecycle-crash-child.ts', import.meta.url));
type Scenario = 'complete' | 'fail' | 'cancel';
const ENDS = { complete: 'completed', fail: 'failed', cancel: 'canceled' } as const;

/** The scenario whose job passes the point (each point is reached by exactly one). */
function scenarioOf(point: LifecyclePoint | 'bullmq:failed'): Scenario {
  if (point.startsWith('fail:') || point === 'bullmq:failed') return 'fail';
  if (point.startsWith('cancel:')) return 'cancel';
  return 'complete';
}

function runChild(args: string[]): Promise<{ jobId: string; signal: NodeJS.Signals | null }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', CHILD, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) =>
    child.once('exit', (_code, signal) => resolve({ jobId: stdout.trim(), signal })),
  );
}

async function until(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the lifecycle survives a crash at every await point', () => {
  let server: RedisServer;
  let redis: Redis;

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  for (const point of [...LIFECYCLE_POINTS, 'bullmq:failed' as const]) {
    const scenario = scenarioOf(point);
    test(`killed at ${point} (${scenario}): the job still ends once, webhook once`, async () => {
      const prefix = `{crash-${point.replace(':', '-')}}`;
      const { jobId, signal } = await runChild([server.url, prefix, scenario, point]);
      assert.equal(signal, 'SIGKILL', `the child never reached ${point}`);
      assert.match(jobId, /^\w+$/);

      const survivor = startMiniPipeline({ redis, redisUrl: server.url, prefix });
      try {
        // A canceled job stays canceled; the survivor is what a restarted fleet does.
        await until(`${jobId} to end and its outbox to empty`, async () => {
          const status = await statusOf(redis, prefix, jobId);
          const left = await redis.zcard(outboxKeys(prefix).due);
          return status === ENDS[scenario] && left === 0;
        });
      } finally {
        await survivor.close();
      }
      const record = await survivor.store.get(jobId);
      assert.equal(record?.status, ENDS[scenario]);
      // Recorded by the processor: the sweeper would have written the plan step's INPUT_UNREADABLE.
      if (scenario === 'fail') assert.equal(record?.error?.code, 'INPUT_NOT_VIDEO');
      if (scenario === 'complete') assert.equal(record?.output?.frames, 4);
      assert.equal(await redis.zscore(activeJobsKey(prefix), jobId), null, 'left the active index');

      const pipeline = new Pipeline({
        connection: redisOptions(server.url),
        prefix,
        chunkAttempts: 1,
      });
      try {
        const webhooks = (await pipeline.webhookQueue.getJobs()).map(
          (job) => job.data as WebhookPayload,
        );
        const events = webhooks.filter((w) => w.jobId === jobId).map((w) => w.event);
        assert.deepEqual(events, [`job.${ENDS[scenario]}`], 'one terminal webhook, no other');
      } finally {
        await pipeline.close();
      }
      const cleaned = await redis.sismember(cleanedKey(prefix), jobId);
      assert.equal(cleaned, scenario === 'complete' ? 0 : 1, 'objects deleted unless completed');
    });
  }
});
