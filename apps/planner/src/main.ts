import { exitOnConfigError, loadConfig } from '@remaster/config';
import { loadModelRegistry } from '@remaster/inference';
import { SpeedStats, TenantSlots, WorkerRegistry, catalog, handler } from '@remaster/jobs';
import { indexFrames, indexPackets, matchDiffs, probeMedia } from '@remaster/media';
import { inputObjectChecker, predictRender } from '@remaster/planning';
import { createRuntime, createScratchDir, mediaUrlResolver, serveRole } from '@remaster/runtime';
import { inputLimitsFromConfig } from './check-input-limits.js';
import { inputIngester } from './ingest-input.js';
import { inputNormaliser } from './normalise-input.js';
import { planJob } from './plan-job.js';
import { inputQuoter } from './quote-input.js';
import { waitForTenantSlot } from './tenant-gate.js';

/** Quotes probed at once: one ffprobe each (a demux, no decode), apart from the plans. */
const QUOTE_CONCURRENCY = 4;

exitOnConfigError('planner');
const config = loadConfig();
const runtime = createRuntime(config, 'planner');
const { store, logger } = runtime;
// Per-process scratch (normalised intermediates): a killed planner's is swept at the next start.
const scratch = await createScratchDir(config.TMP_DIR);
// The same registry as the API's and the workers': the planner needs each model's scale.
const models = await loadModelRegistry(config, {
  info: (m) => logger.info(m),
  warn: (m) => logger.warn(m),
});
const workers = new WorkerRegistry(runtime.redis, config.QUEUE_PREFIX);
const speeds = new SpeedStats(runtime.redis, config.QUEUE_PREFIX);
const slots = new TenantSlots(runtime.redis, config.QUEUE_PREFIX, config.TENANT_MAX_ACTIVE_JOBS);
const planJobs = handler(catalog.plan, {
  concurrency: config.PLANNER_CONCURRENCY,
  handle: async ({ jobId }, job) => {
    await waitForTenantSlot({ job, jobId, acquire: (id) => slots.acquire(id) });
    const result = await planJob(jobId, {
      store,
      lifecycle: runtime.lifecycle,
      mediaUrl: mediaUrlResolver(runtime.objects),
      ingest: inputIngester({
        objects: runtime.objects,
        egress: { allowPrivate: config.ALLOW_PRIVATE_URLS },
        maxBytes: config.INPUT_MAX_BYTES,
      }),
      probe: (url) => probeMedia(url),
      indexPackets: (url, fps) => indexPackets(url, fps),
      indexFrames: (url, options) => indexFrames(url, options),
      matchDiffs: (url, options) => matchDiffs(url, options),
      checkObject: inputObjectChecker(runtime.objects, { maxBytes: config.INPUT_MAX_BYTES }),
      normalise: inputNormaliser(runtime.objects, scratch.path),
      defaultChunkFrames: config.CHUNK_FRAMES,
      maxChunks: config.MAX_CHUNKS,
      models: models.list(),
      limits: inputLimitsFromConfig(config),
      predict: async (render) =>
        predictRender(render, await workers.list(), await speeds.phaseCosts()),
    });
    logger.info(
      { jobId, ...result },
      result ? 'planned' : 'skipped: job missing or no longer active',
    );
  },
});
// POST /v1/quotes of an http(s) input: the API waits for the answer (catalog.quote).
const quoteInputs = handler(catalog.quote, {
  concurrency: QUOTE_CONCURRENCY,
  handle: inputQuoter({
    egress: { allowPrivate: config.ALLOW_PRIVATE_URLS },
    maxBytes: config.INPUT_MAX_BYTES,
    probe: (url, options) => probeMedia(url, options),
    workers,
    speeds,
    models: models.list(),
    defaultChunkFrames: config.CHUNK_FRAMES,
    maxChunks: config.MAX_CHUNKS,
  }),
});
await serveRole(runtime, {
  role: 'planner',
  handlers: [planJobs, quoteInputs],
  onStop: () => scratch.remove(),
});
logger.info({ concurrency: config.PLANNER_CONCURRENCY }, 'planner ready');
