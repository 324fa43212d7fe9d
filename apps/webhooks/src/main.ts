import { createJobService } from '@remaster/api';
import { exitOnConfigError, loadConfig } from '@remaster/config';
import { MetricsStore } from '@remaster/jobs';
import { createRuntime, serveRole } from '@remaster/runtime';
import {
  WebhookLog,
  WebhookSecrets,
  countWebhookOutcomes,
  webhookHandler,
} from '@remaster/webhooks';

// The webhook role: delivers the webhook queue, apart from the API so that slow or dead
// receivers never hold the API's connections, and so it scales on its own.
exitOnConfigError('webhook');
const config = loadConfig();
const runtime = createRuntime(config, 'webhook');
const { redis } = runtime;
const prefix = config.QUEUE_PREFIX;
const log = new WebhookLog(redis, prefix, config.JOB_RETENTION_HOURS * 3600);
const deliveries = webhookHandler({
  concurrency: config.WEBHOOK_CONCURRENCY,
  // Event bodies carry the job exactly as GET /v1/jobs/:id shows it: the API's presentation.
  jobs: createJobService(runtime),
  secrets: new WebhookSecrets(redis, prefix),
  log: countWebhookOutcomes(log, new MetricsStore(redis, prefix)),
  timeoutMs: config.WEBHOOK_TIMEOUT_MS,
  egress: { allowPrivate: config.ALLOW_PRIVATE_URLS },
});
await serveRole(runtime, { role: 'webhook', handlers: [deliveries] });
runtime.logger.info({ concurrency: config.WEBHOOK_CONCURRENCY }, 'webhook delivery ready');
