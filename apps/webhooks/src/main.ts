import { exitOnConfigError, loadConfig } from '@remaster/config';
import { JobView } from '@remaster/job-view';
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
  // Event bodies carry the job exactly as GET /v1/jobs/:id shows it: the view the API uses.
  jobs: new JobView({
    store: runtime.store,
    signer: runtime.objects,
    outputUrlTtlSeconds: config.OUTPUT_URL_TTL_SECONDS,
    bucket: config.S3_BUCKET,
  }),
  secrets: new WebhookSecrets(redis, prefix),
  log: countWebhookOutcomes(log, new MetricsStore(redis, prefix)),
  timeoutMs: config.WEBHOOK_TIMEOUT_MS,
  egress: { allowPrivate: config.ALLOW_PRIVATE_URLS },
});
await serveRole(runtime, { role: 'webhook', handlers: [deliveries] });
runtime.logger.info({ concurrency: config.WEBHOOK_CONCURRENCY }, 'webhook delivery ready');
