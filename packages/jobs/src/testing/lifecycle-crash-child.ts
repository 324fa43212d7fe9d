// A process that runs the mini pipeline, submits one job and SIGKILLs itself the first
// time that job reaches a point of the lifecycle: `<redisUrl> <prefix> <scenario> <point>`.
// Scenarios: `complete` (a job that renders), `fail` (a job whose plan fails for good),
// `cancel` (a job canceled while its chunks run). The point `bullmq:failed` is the moment
// BullMQ reports a job failed, after its failure was recorded. Prints the job id first.
import { newJobId } from '../job-id.js';
import { jobRequestSchema } from '../job-request.js';
import { connectRedis } from '../redis-connection.js';
import { startMiniPipeline, statusOf } from './mini-pipeline.js';

const [redisUrl = '', prefix = '', scenario = '', point = ''] = process.argv.slice(2);
const die = (): Promise<never> => {
  process.kill(process.pid, 'SIGKILL');
  return new Promise(() => {});
};
const redis = connectRedis(redisUrl);
let jobId = '';
const mini = startMiniPipeline({
  redis,
  redisUrl,
  prefix,
  holdChunks: scenario === 'cancel',
  reach: async (reached, id) => {
    if (reached === point && (jobId === '' || id === jobId)) await die();
  },
  onFailedEvent: point === 'bullmq:failed' ? () => void die() : undefined,
});
const request = jobRequestSchema.parse({
  input: { url: scenario === 'fail' ? 's3://b/fail.mp4' : 's3://b/ok.mp4' },
  upscale: { factor: 2 },
  webhook: { url: 'https://hooks.example.com/remaster' },
});
// The id is printed before the submit, so a crash inside it still names the job.
jobId = newJobId(Date.now());
process.stdout.write(`${jobId}\n`);
await mini.lifecycle.submit('acme', request, jobId);
if (scenario === 'cancel') {
  while ((await statusOf(redis, prefix, jobId)) !== 'processing')
    await new Promise((resolve) => setTimeout(resolve, 50));
  await mini.lifecycle.cancel(jobId);
}
// Still alive: the job never reached the point. The parent times out and says so.
await new Promise((resolve) => setTimeout(resolve, 20_000));
process.stderr.write(`the job never reached ${point}\n`);
process.exit(3);
