import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { RedisClient } from '@remaster/jobs';
import { ApiError } from '../api-error.js';

export interface RateLimitOptions {
  /** The runtime's Redis: counters are shared by every API process. */
  readonly redis: RedisClient;
  /** Key prefix (QUEUE_PREFIX), so the counters carry its hash tag. */
  readonly prefix: string;
  /** Requests per minute per tenant to /v1; 0: no limit. */
  readonly perMinute: number;
  /** POST /v1/jobs and POST /v1/uploads per minute per tenant, counted apart; 0: no limit. */
  readonly submitPerMinute: number;
}

/** The calls that start work (and storage), limited more tightly than the rest. */
const SUBMIT_ROUTES = new Set(['POST /v1/jobs', 'POST /v1/uploads']);

/**
 * Per-tenant rate limits on /v1 in Redis (@fastify/rate-limit), keyed by the tenant the
 * API key authenticated, never by IP. Health, readiness, docs, metrics and the admin
 * pages are not limited. Over the limit: 429 RATE_LIMITED with Retry-After.
 */
export const rateLimitPlugin = fp<RateLimitOptions>(
  async (app, options) => {
    // Runs before the rate-limit plugin's own onRoute hook, which reads this config.
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const submit = methods.some((method) => SUBMIT_ROUTES.has(`${method} ${route.url}`));
      const limit = submit
        ? options.submitPerMinute > 0 && { max: options.submitPerMinute }
        : route.url.startsWith('/v1/') && options.perMinute > 0;
      if (limit === true) return; // the global limit applies
      route.config = { ...route.config, rateLimit: limit || false };
    });
    await app.register(rateLimit, {
      global: true,
      max: options.perMinute,
      timeWindow: 60_000,
      redis: options.redis,
      nameSpace: `${options.prefix}:rate-limit:`,
      keyGenerator: (request) => `tenant:${request.tenant}`,
      // A Redis error must not turn every call into a 500; the call itself will say so.
      skipOnError: true,
      errorResponseBuilder: (_request, context) =>
        new ApiError(
          429,
          'RATE_LIMITED',
          `this API key's tenant made more than ${context.max} such requests in a minute; retry in ${context.after} (Retry-After header)`,
        ),
    });
  },
  { name: 'remaster-rate-limit', dependencies: ['remaster-auth'] },
);
