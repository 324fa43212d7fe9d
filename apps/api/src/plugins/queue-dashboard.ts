import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiError } from '../api-error.js';
import { requireAdmin } from './auth.js';

export const DASHBOARD_PATH = '/admin/queues';

export interface QueueDashboardOptions {
  readonly queues: readonly Queue[];
}

/**
 * Bull Board at /admin/queues, for admin keys only: a browser sends the admin key as
 * the Basic-auth password (any user name), scripts as a Bearer header. The auth plugin
 * authenticates /admin; this scope refuses tenant keys with 403 ADMIN_ONLY.
 * Register it with `{ prefix: DASHBOARD_PATH }`.
 */
export const queueDashboard: FastifyPluginAsync<QueueDashboardOptions> = async (app, options) => {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Remaster queues' } },
  });
  // Bull Board sets its own error handler for its routes, so answer here rather than throw.
  app.addHook('onRequest', async (request, reply) => {
    try {
      await requireAdmin(request);
    } catch (error) {
      const { statusCode, code, message } = error as ApiError;
      return reply.code(statusCode).send({ error: { code, message } });
    }
  });
  // Not part of the public API: keep these routes out of /docs.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  await app.register(serverAdapter.registerPlugin());
};
