import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** What GET /metrics serves; `MetricsCollector` fits. */
export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

/**
 * `GET /metrics`: Prometheus text, without auth (scrapers rarely hold API keys), so keep
 * it off the public side of your load balancer, or set METRICS_ENABLED=false.
 */
export const metricsRoutes: FastifyPluginCallbackZod<{ metrics: MetricsSource }> = (
  app,
  { metrics },
  done,
) => {
  app.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics: queues, workers, chunks, job latency, webhooks',
      tags: ['health'],
      response: {
        200: {
          description: 'Prometheus text exposition format 0.0.4',
          content: { 'text/plain; version=0.0.4': { schema: z.string() } },
        },
      },
    },
    handler: async (_request, reply) => {
      const body = await metrics.render();
      return reply.type(metrics.contentType).send(body);
    },
  });
  done();
};
