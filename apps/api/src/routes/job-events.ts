import type { JobResponse } from '@remaster/job-view';
import { isJobId, isTerminal } from '@remaster/jobs';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../api-error.js';
import { errorResponseSchema } from '../error-response.js';
import type { JobService } from '../job-service.js';

export interface JobEventsOptions {
  readonly jobs: Pick<JobService, 'get'>;
  /** Shortest time between two events of one stream. */
  readonly intervalMs?: number;
  /** A comment line this often keeps proxies from closing a quiet stream. */
  readonly keepAliveMs?: number;
}

/**
 * `GET /v1/jobs/:id/events`: server-sent events, one `job` event with the job as
 * GET /v1/jobs/:id shows it, at once and then whenever it changes (at most once per
 * interval); the stream ends after the job's final state.
 */
export const jobEventRoutes: FastifyPluginCallbackZod<JobEventsOptions> = (
  app,
  { jobs, intervalMs = 1000, keepAliveMs = 15_000 },
  done,
) => {
  app.get('/v1/jobs/:id/events', {
    schema: {
      summary: "Stream a job's progress as server-sent events",
      description:
        'text/event-stream of `event: job` messages whose `data:` line is the job; ends after completed, failed or canceled.',
      tags: ['jobs'],
      security: [{ bearerAuth: [] }],
      params: z.object({ id: z.string().max(64) }),
      response: {
        200: {
          description: '`event: job` messages, each `data:` line the job as JSON',
          content: { 'text/event-stream': { schema: z.string() } },
        },
        401: errorResponseSchema,
        404: errorResponseSchema,
      },
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      const first = isJobId(id) ? await jobs.get(request.tenant, id) : undefined;
      if (!first) throw notFound(`job ${id}`);
      const tenant = request.tenant;
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let closed = false;
      request.raw.once('close', () => (closed = true));
      const send = (job: JobResponse) => out.write(`event: job\ndata: ${JSON.stringify(job)}\n\n`);
      let last = first;
      send(first);
      let quietSince = Date.now();
      while (!closed && !isTerminal(last.status)) {
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
        const job = await jobs.get(tenant, id).catch(() => last);
        if (!job) break; // removed by retention
        if (changed(last, job)) {
          send(job);
          quietSince = Date.now();
        } else if (Date.now() - quietSince >= keepAliveMs) {
          out.write(': keep-alive\n\n');
          quietSince = Date.now();
        }
        last = job;
      }
      out.end();
    },
  });
  done();
};

/** Status or progress moved; the clock-driven fields (fps, ETA, URL signatures) alone do not count. */
function changed(before: JobResponse, after: JobResponse): boolean {
  return (
    before.status !== after.status ||
    JSON.stringify(before.progress.chunks) !== JSON.stringify(after.progress.chunks) ||
    before.progress.percent !== after.progress.percent ||
    before.waitingFor?.message !== after.waitingFor?.message
  );
}
