import { exitOnConfigError, loadConfig } from '@remaster/config';
import { SpeedStats, catalog, handler } from '@remaster/jobs';
import { createRuntime, createScratchDir, mediaUrlResolver, serveRole } from '@remaster/runtime';
import { stitchJob } from './stitch-job.js';

exitOnConfigError('stitcher');
const config = loadConfig();
const runtime = createRuntime(config, 'stitcher');
const { store, logger } = runtime;
const speeds = new SpeedStats(runtime.redis, config.QUEUE_PREFIX);
// Per-process scratch: what a killed stitcher leaves there is removed by the next one to start.
const scratch = await createScratchDir(config.TMP_DIR);
if (scratch.swept.length > 0)
  logger.info({ swept: scratch.swept }, 'removed scratch of dead processes');
const stitchJobs = handler(catalog.stitch, {
  concurrency: config.STITCHER_CONCURRENCY,
  handle: async (payload, job, stop) => {
    const output = await stitchJob(payload, {
      store,
      lifecycle: runtime.lifecycle,
      objects: runtime.objects,
      mediaUrl: mediaUrlResolver(runtime.objects),
      tmpDir: scratch.path,
      signal: stop,
      logger,
      speeds,
      uploadPartBytes: config.OUTPUT_UPLOAD_PART_MB * 1024 * 1024,
      // attemptsMade counts the attempts before this one.
      lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    });
    logger.info(
      { jobId: payload.jobId, frames: output?.frames },
      output ? 'job completed' : 'stitch skipped: job no longer active',
    );
  },
});
await serveRole(runtime, {
  role: 'stitcher',
  handlers: [stitchJobs],
  onStop: () => scratch.remove(),
});
logger.info('stitcher ready');
