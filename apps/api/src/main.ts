import {
  ConfigError,
  exitOnConfigError,
  loadConfig,
  parseAdminKeys,
  parseApiKeys,
} from '@remaster/config';
import { loadModelRegistry } from '@remaster/inference';
import {
  MetricsStore,
  QueueConsumers,
  QueueCoverage,
  SpeedStats,
  WorkerRegistry,
  catalog,
} from '@remaster/jobs';
import { probeMedia } from '@remaster/media';
import { createRuntime, runUntilSignal } from '@remaster/runtime';
import { WebhookLog, WebhookSecrets } from '@remaster/webhooks';
import { QueueEvents } from 'bullmq';
import { buildApp } from './build-app.js';
import { createJobService } from './create-job-service.js';
import { MetricsCollector } from './metrics/metrics-collector.js';
import { PlannerQuotes } from './planner-quotes.js';
import { QuoteService } from './quote-service.js';
import { UploadService } from './upload-service.js';

exitOnConfigError('api');
const config = loadConfig();
const apiKeys = parseApiKeys(config.API_KEYS);
const adminKeys = parseAdminKeys(config.ADMIN_API_KEYS);
const runtime = createRuntime(config, 'api');
if (apiKeys.size === 0)
  throw new ConfigError('API_KEYS is empty: set it to tenant:key[,tenant:key…]');
const models = await loadModelRegistry(config, {
  info: (m) => runtime.logger.info(m),
  warn: (m) => runtime.logger.warn(m),
});
// Consumers of every role beat in Redis: a job waiting for a role nobody runs says so.
const consumers = new QueueConsumers(runtime.redis, config.QUEUE_PREFIX);
const coverage = new QueueCoverage({
  consumers,
  waiting: (queue) => runtime.pipeline.waiting(queue),
});
const jobs = createJobService(runtime, { models, coverage });
const uploads = new UploadService({ objects: runtime.objects, maxBytes: config.UPLOAD_MAX_BYTES });
const webhookSecrets = new WebhookSecrets(runtime.redis, config.QUEUE_PREFIX);
const webhookLog = new WebhookLog(
  runtime.redis,
  config.QUEUE_PREFIX,
  config.JOB_RETENTION_HOURS * 3600,
);
const metricsStore = new MetricsStore(runtime.redis, config.QUEUE_PREFIX);
const workers = new WorkerRegistry(runtime.redis, config.QUEUE_PREFIX);
// One listener on the quote queue's events for the process: every quote's wait shares it.
const quoteEvents = new QueueEvents(catalog.quote.name, {
  connection: runtime.connection,
  prefix: config.QUEUE_PREFIX,
});
quoteEvents.on('error', (error) =>
  runtime.logger.warn({ err: error.message }, 'quote events: redis error; reconnecting'),
);
const quotes = new QuoteService({
  jobs,
  signer: runtime.objects,
  bucket: config.S3_BUCKET,
  probe: (url, options) => probeMedia(url, options),
  planner: new PlannerQuotes({
    pipeline: runtime.pipeline,
    events: quoteEvents,
    consumers,
    probeTimeoutMs: config.QUOTE_PROBE_TIMEOUT_MS,
    logger: runtime.logger,
  }),
  workers,
  speeds: new SpeedStats(runtime.redis, config.QUEUE_PREFIX),
  models,
  probeTimeoutMs: config.QUOTE_PROBE_TIMEOUT_MS,
  defaultChunkFrames: config.CHUNK_FRAMES,
  maxChunks: config.MAX_CHUNKS,
});
const { planQueue, chunkQueue, stitchQueue, webhookQueue, quoteQueue } = runtime.pipeline;
const metrics = config.METRICS_ENABLED
  ? new MetricsCollector({
      queues: [planQueue, chunkQueue, stitchQueue, webhookQueue, quoteQueue],
      workers,
      store: metricsStore,
    })
  : undefined;
const app = await buildApp({
  jobs,
  quotes,
  uploads,
  apiKeys,
  adminKeys,
  webhookSecrets,
  webhookLog,
  workers,
  ...(metrics ? { metrics } : {}),
  rateLimit: {
    redis: runtime.redis,
    prefix: config.QUEUE_PREFIX,
    perMinute: config.RATE_LIMIT_PER_MINUTE,
    submitPerMinute: config.RATE_LIMIT_SUBMIT_PER_MINUTE,
  },
  // The dashboard exists only where an admin key can open it.
  ...(adminKeys.size > 0
    ? { dashboardQueues: [planQueue, chunkQueue, stitchQueue, webhookQueue, quoteQueue] }
    : {}),
  models,
  ...(config.WEB_UI_ENABLED ? { webUi: {} } : {}),
  logger: runtime.logger,
  unserved: () => coverage.unserved(),
  readiness: [
    { name: 'redis', check: () => runtime.redis.ping() },
    { name: 's3', check: () => runtime.objects.ping() },
  ],
});
await app.listen({ port: config.PORT, host: config.HOST });
runUntilSignal(runtime.logger, async () => {
  await app.close();
  await quoteEvents.close();
  await runtime.close();
});
