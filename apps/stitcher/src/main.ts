import { loadConfig } from '@remaster/config';
import {
  DEFAULT_FAILURE_CODE,
  QUEUES,
  closeGracefully,
  consume,
  describeFailure,
  stitchPayloadSchema,
} from '@remaster/jobs';
import {
  createRuntime,
  createScratchDir,
  failJobAndDeleteIntermediates,
  mediaUrlResolver,
  runUntilSignal,
} from '@remaster/runtime';
import { stitchJob } from './stitch-job.js';

const config = loadConfig();
const runtime = createRuntime(config, 'stitcher');
const { store, logger } = runtime;
// Per-process scratch: what a killed stitcher leaves there is removed by the next one to start.
const scratch = await createScratchDir(config.TMP_DIR);
if (scratch.swept.length > 0)
  logger.info({ swept: scratch.swept }, 'removed scratch of dead processes');
const handBack = new AbortController();
const worker = consume({
  queue: QUEUES.stitch,
  schema: stitchPayloadSchema,
  connection: runtime.connection,
  prefix: config.QUEUE_PREFIX,
  concurrency: config.STITCHER_CONCURRENCY,
  logger,
  lockDurationMs: config.JOB_LOCK_MS,
  stalledIntervalMs: config.STALLED_CHECK_MS,
  maxStalledCount: config.MAX_STALLED_COUNT,
  handBack: handBack.signal,
  handle: async (payload, _job, stop) => {
    const output = await stitchJob(payload, {
      store,
      objects: runtime.objects,
      mediaUrl: mediaUrlResolver(runtime.objects),
      tmpDir: scratch.path,
      signal: stop,
      logger,
    });
    logger.info(
      { jobId: payload.jobId, frames: output?.frames },
      output ? 'job completed' : 'stitch skipped: job no longer active',
    );
  },
  onFinalFailure: async ({ jobId }, error) => {
    if (typeof jobId === 'string')
      await failJobAndDeleteIntermediates(
        jobId,
        describeFailure(error, DEFAULT_FAILURE_CODE.stitch),
        { store, objects: runtime.objects, logger },
      );
  },
});
logger.info('stitcher ready');
runUntilSignal(
  logger,
  async () => {
    await closeGracefully(worker, handBack, config.WORKER_SHUTDOWN_GRACE_MS);
    await runtime.close();
    await scratch.remove();
  },
  config.WORKER_SHUTDOWN_GRACE_MS + 10_000,
);
