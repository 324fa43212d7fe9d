// A process that dies by SIGKILL between a job change and its enqueue, for the outbox
// crash tests: `create <redisUrl> <prefix>` records a job (as submit does) and is killed
// before it could enqueue the plan; `complete <redisUrl> <prefix> <jobId>` completes a job
// whose webhook wants the event and is killed the moment the webhook would be enqueued;
// `plan <redisUrl> <prefix> <jobId>` records the plan of a planning job and is killed
// before it could enqueue the render flow.
import { jobRequestSchema } from '../job-request.js';
import { JobStore } from '../job-store.js';
import { connectRedis } from '../redis-connection.js';
import { WebhookEvents } from '../webhook-events.js';
import { planFixture, renderFixture } from './payload-fixtures.js';

const [mode, redisUrl = '', prefix = '', jobId = ''] = process.argv.slice(2);
const die = (): Promise<void> => {
  process.kill(process.pid, 'SIGKILL');
  return new Promise(() => {});
};
const redis = connectRedis(redisUrl);

if (mode === 'create') {
  const request = jobRequestSchema.parse({
    input: { url: 's3://b/k.mp4' },
    upscale: { factor: 2 },
  });
  const record = await new JobStore(redis, prefix).create('acme', request);
  process.stdout.write(`${record.id}\n`, () => void die());
} else if (mode === 'complete') {
  const events = new WebhookEvents({
    redis,
    prefix,
    pipeline: { enqueueWebhook: die },
    progressIntervalMs: 1000,
  });
  const output = {
    ...{ key: 'out.mp4', container: 'mp4' as const, width: 2, height: 2, fps: '25' },
    ...{ frames: 1, durationSeconds: 0.04, sizeBytes: 1 },
  };
  await new JobStore(redis, prefix, undefined, events).complete(jobId, output);
  throw new Error('the webhook enqueue should have killed this process');
} else if (mode === 'plan') {
  const { source, plan } = planFixture;
  await new JobStore(redis, prefix).recordPlan(jobId, source, plan, renderFixture(jobId));
  await die();
} else {
  throw new Error(`unknown mode ${mode}`);
}
