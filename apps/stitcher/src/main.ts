import { loadConfig } from '@remaster/config';
import {
  DEFAULT_FAILURE_CODE,
  QUEUES,
  consume,
  describeFailure,
  stitchPayloadSchema,
} from '@remaster/jobs';
import { createRuntime, mediaUrlResolver, runUntilSignal } from '@remaster/runtime';
import { stitchJob } from './stitch-job.js';

const config = loadConfig();
const runtime = createRuntime(config, 'stitcher');
const { store, logger } = runtime;
const worker = consume({
  queue: QUEUES.stitch,
  schema: stitchPayloadSchema,
  connection: runtime.connection,
  prefix: config.QUEUE_PREFIX,
  concurrency: config.STITCHER_CONCURRENCY,
  logger,
  handle: async (payload) => {
    const output = await stitchJob(payload, {
      store,
      objects: runtime.objects,
      mediaUrl: mediaUrlResolver(runtime.objects),
      tmpDir: config.TMP_DIR,
      logger,
    });
    logger.info(
      { jobId: payload.jobId, frames: output?.frames },
      output ? 'job completed' : 'stitch skipped: job no longer active',
    );
  },
  onFinalFailure: async ({ jobId }, error) => {
    if (typeof jobId === 'string')
      await store.fail(jobId, describeFailure(error, DEFAULT_FAILURE_CODE.stitch));
  },
});
logger.info('stitcher ready');
runUntilSignal(logger, async () => {
  await worker.close();
  await runtime.close();
});
