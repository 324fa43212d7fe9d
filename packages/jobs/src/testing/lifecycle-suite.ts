// The setup the lifecycle's step tests share: one real Redis per file, and per test a fresh
// prefix with a Lifecycle (real BullMQ queues, webhooks wanted by `request`, object
// clean-up recorded in `cleaned`) and a JobStore to read what it wrote.
import { after, afterEach, before, beforeEach } from 'node:test';
import type { RedisServer } from '@remaster/testing';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { jobRequestSchema } from '../job-request.js';
import { JobStore } from '../job-store.js';
import { connectRedis } from '../redis-connection.js';
import type { TestLifecycle } from './test-lifecycle.js';
import { testLifecycle } from './test-lifecycle.js';

/** A job whose webhook wants the default (terminal) events. */
export const request = jobRequestSchema.parse({
  input: { url: 's3://b/k.mp4' },
  upscale: { factor: 2 },
  webhook: { url: 'https://hooks.example.com/remaster' },
});

export interface LifecycleSuite {
  redis: Redis;
  prefix: string;
  jobs: TestLifecycle;
  store: JobStore;
  /** Job ids whose objects the clean-up deleted. */
  cleaned: string[];
  /** The events of the webhook messages enqueued for a job. */
  webhookEvents(jobId: string): Promise<string[]>;
}

export function lifecycleSuite(name: string): LifecycleSuite {
  let server: RedisServer;
  let n = 0;
  const suite = { cleaned: [] as string[] } as unknown as LifecycleSuite;
  suite.webhookEvents = async (jobId) =>
    (await suite.jobs.pipeline.webhookQueue.getJobs())
      .map((job) => job.data as { jobId: string; event: string })
      .filter((data) => data.jobId === jobId)
      .map((data) => data.event);
  before(async () => {
    server = await startRedis();
    suite.redis = connectRedis(server.url);
  });
  beforeEach(() => {
    suite.prefix = `{${name}-${(n += 1)}}`;
    suite.cleaned = [];
    suite.jobs = testLifecycle(suite.redis, server.url, suite.prefix, {
      withWebhooks: true,
      deleteJobObjects: (jobId) => Promise.resolve(suite.cleaned.push(jobId)),
    });
    suite.store = new JobStore(suite.redis, suite.prefix);
  });
  afterEach(() => suite.jobs.close());
  after(async () => {
    suite.redis.disconnect();
    await server.stop();
  });
  return suite;
}
