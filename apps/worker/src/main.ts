import { exitOnConfigError, loadConfig } from '@remaster/config';
import { MODEL_CATALOG, catalog, handler, pipelineKey } from '@remaster/jobs';
import { createRuntime, createScratchDir, mediaUrlResolver, serveRole } from '@remaster/runtime';
import { calibrateWorker, calibrationModels } from './calibrate-worker.js';
import { joinFleet } from './join-fleet.js';
import { createFrameModels } from './create-frame-models.js';
import { resolveFramePipes } from './frame-pipes.js';
import { processChunk } from './process-chunk.js';

const PROGRESS_INTERVAL_MS = 1000;

exitOnConfigError('worker');
const config = loadConfig();
const runtime = createRuntime(config, 'worker');
const { store, logger } = runtime;
const models = await createFrameModels(config, logger);
const framePipes = resolveFramePipes(config.FRAME_PIPES, config.EXECUTION_PROVIDERS);
const mediaUrl = mediaUrlResolver(runtime.objects);
// Measured before the first heartbeat, so a quote of a new fleet prices it from figures.
// Not on TensorRT: every new frame size builds an engine (minutes), and chunks then pay it.
const calibration = /tensorrt/i.test(config.EXECUTION_PROVIDERS)
  ? undefined
  : await calibrateWorker(
      models,
      calibrationModels('catalog' in models ? models.catalog : MODEL_CATALOG),
      logger,
    );
if (calibration)
  logger.info({ calibration }, 'calibrated: default models and the encoder measured');
else logger.info('not calibrated on TensorRT: quotes estimate until the first chunks are measured');
const fleet = await joinFleet(config, {
  redis: runtime.redis,
  models,
  logger,
  ...(calibration ? { calibration } : {}),
});
// Per-process scratch: what a killed worker leaves there is removed by the next one to start.
const scratch = await createScratchDir(config.TMP_DIR);
if (scratch.swept.length > 0)
  logger.info({ swept: scratch.swept }, 'removed scratch of dead processes');
const renderChunks = handler(catalog.chunk, {
  concurrency: config.WORKER_CONCURRENCY,
  handle: async (chunk, job, stop, releaseSlot) => {
    const started = Date.now();
    let reportedAt = 0;
    const tracked = fleet.track({
      jobId: chunk.jobId,
      index: chunk.index,
      framesTotal: chunk.outputEnd - chunk.outputStart,
      pipeline: pipelineKey({
        upscale: chunk.upscale?.model,
        interpolate: chunk.interpolate?.model,
      }),
      pixelsPerFrame: chunk.output.width * chunk.output.height,
    });
    const result = await tracked.run(
      processChunk(chunk, {
        store,
        objects: runtime.objects,
        models,
        mediaUrl,
        tmpDir: scratch.path,
        queueDepth: config.INFERENCE_QUEUE_DEPTH,
        framePipes,
        signal: stop,
        // The next chunk starts decoding while this one's encoder flushes and it uploads.
        onFramesRendered: releaseSlot,
        onDecodeMismatch: (mismatch) =>
          logger.warn(
            { jobId: chunk.jobId, chunk: chunk.index, frame: mismatch.frame, from: mismatch.entry },
            `decode not clean (${mismatch.message}): decoding again from an earlier keyframe`,
          ),
        onProgress: (written, total) => {
          tracked.progress(written);
          // Progress is advisory: at most one write a second, and a failed one is dropped.
          if (Date.now() - reportedAt < PROGRESS_INTERVAL_MS || written === total) return;
          reportedAt = Date.now();
          void Promise.all([
            job.updateProgress({ written, total }),
            store.recordChunkProgress(chunk.jobId, chunk.index, written),
          ]).catch(() => undefined);
        },
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const fields = {
      jobId: chunk.jobId,
      chunk: chunk.index,
      frames: result?.frames,
      fps: result && Number((result.frames / seconds).toFixed(2)),
    };
    logger.info(fields, result ? 'chunk rendered' : 'chunk skipped: job no longer active');
  },
});
await serveRole(runtime, {
  role: 'worker',
  handlers: [renderChunks],
  onStop: async () => {
    await fleet.stop();
    await models.close();
    await scratch.remove();
  },
});
logger.info(
  {
    executionProviders: config.EXECUTION_PROVIDERS,
    concurrency: config.WORKER_CONCURRENCY,
    gpu: config.GPU_DEVICE_ID,
  },
  'worker ready',
);
