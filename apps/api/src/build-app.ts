import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Queue } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { UnservedQueue } from '@remaster/jobs';
import type { WebhookLog, WebhookSecrets } from '@remaster/webhooks';
import type { JobService } from './job-service.js';
import { authPlugin } from './plugins/auth.js';
import { errorsPlugin } from './plugins/errors.js';
import { jsonBodyPlugin } from './plugins/json-body.js';
import { DASHBOARD_PATH, queueDashboard } from './plugins/queue-dashboard.js';
import type { RateLimitOptions } from './plugins/rate-limit.js';
import { rateLimitPlugin } from './plugins/rate-limit.js';
import type { ReadinessCheck } from './routes/health.js';
import { healthRoutes } from './routes/health.js';
import { jobEventRoutes } from './routes/job-events.js';
import { jobRoutes } from './routes/jobs.js';
import type { MetricsSource } from './routes/metrics.js';
import { metricsRoutes } from './routes/metrics.js';
import type { ModelList } from './routes/models.js';
import { modelRoutes } from './routes/models.js';
import { quoteRoutes } from './routes/quotes.js';
import { uploadRoutes } from './routes/uploads.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { WebUiOptions } from './plugins/web-ui.js';
import { webUi } from './plugins/web-ui.js';
import type { WorkerList } from './routes/workers.js';
import { workerRoutes } from './routes/workers.js';
import type { QuoteService } from './quote-service.js';
import type { UploadService } from './upload-service.js';

export interface AppOptions {
  readonly jobs: JobService;
  readonly uploads: UploadService;
  readonly apiKeys: ReadonlyMap<string, string>;
  /** Keys for admin routes (ADMIN_API_KEYS). */
  readonly adminKeys?: ReadonlySet<string>;
  readonly readiness: readonly ReadinessCheck[];
  /** Queues with waiting jobs and no live consumer, listed by /readyz; absent: not listed. */
  readonly unserved?: () => Promise<readonly UnservedQueue[]>;
  /** The models jobs may name, listed at GET /v1/models. */
  readonly models: ModelList;
  readonly webhookSecrets: WebhookSecrets;
  readonly webhookLog: WebhookLog;
  /** Per-tenant rate limits on /v1 (Redis counters); without it nothing is limited. */
  readonly rateLimit?: RateLimitOptions;
  /** Queues shown by the admin dashboard at /admin/queues; without them it is absent. */
  readonly dashboardQueues?: readonly Queue[];
  /** The live workers, listed at GET /v1/workers (admin keys); without it the route is absent. */
  readonly workers?: WorkerList;
  /** Answers POST /v1/quotes; without it the route is absent. */
  readonly quotes?: QuoteService;
  /** Served at GET /metrics; without it (METRICS_ENABLED=false) the route is absent. */
  readonly metrics?: MetricsSource;
  /** Shortest time between two server-sent events of one stream (1 s by default). */
  readonly eventIntervalMs?: number;
  readonly logger?: FastifyBaseLogger | boolean;
  /** The browser dashboard at /ui (WEB_UI_ENABLED); without it the route is absent. */
  readonly webUi?: WebUiOptions;
}

/** The API as a Fastify instance; `main.ts` only listens. */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    loggerInstance: typeof options.logger === 'object' ? options.logger : undefined,
    logger: typeof options.logger === 'boolean' ? options.logger : undefined,
    bodyLimit: 64 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin);
  await app.register(jsonBodyPlugin);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Remaster API',
        version: '1.0.0',
        description: 'AI video restoration jobs: frame interpolation and super-resolution.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, {
    apiKeys: options.apiKeys,
    ...(options.adminKeys ? { adminKeys: options.adminKeys } : {}),
  });
  if (options.rateLimit) await app.register(rateLimitPlugin, options.rateLimit);
  if (options.dashboardQueues)
    await app.register(queueDashboard, {
      prefix: DASHBOARD_PATH,
      queues: options.dashboardQueues,
    });
  await app.register(healthRoutes, {
    checks: options.readiness,
    ...(options.unserved ? { unserved: options.unserved } : {}),
  });
  if (options.metrics) await app.register(metricsRoutes, { metrics: options.metrics });
  if (options.workers) await app.register(workerRoutes, { workers: options.workers });
  await app.register(jobRoutes, { jobs: options.jobs });
  if (options.quotes) await app.register(quoteRoutes, { quotes: options.quotes });
  await app.register(modelRoutes, { models: options.models });
  await app.register(jobEventRoutes, { jobs: options.jobs, intervalMs: options.eventIntervalMs });
  await app.register(uploadRoutes, { uploads: options.uploads });
  if (options.webUi) await app.register(webUi, options.webUi);
  await app.register(webhookRoutes, {
    jobs: options.jobs,
    secrets: options.webhookSecrets,
    log: options.webhookLog,
  });
  return app;
}
