import { JOB_STATUSES, isJobId, jobRequestSchema } from '@remaster/jobs';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../api-error.js';
import { errorResponseSchema, jobResponseSchema } from '../job-response.js';
import type { JobService } from '../job-service.js';

const jobParams = z.object({ id: z.string().max(64) });
const security = [{ bearerAuth: [] }];
const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 404: errorResponseSchema };

export const jobRoutes: FastifyPluginCallbackZod<{ jobs: JobService }> = (app, { jobs }, done) => {
  app.post('/v1/jobs', {
    schema: {
      summary: 'Submit a restoration job',
      tags: ['jobs'],
      security,
      body: jobRequestSchema,
      headers: z.object({
        'idempotency-key': z
          .string()
          .min(1)
          .max(255)
          .optional()
          .describe(
            'Repeat a request safely: the same key and body within 24 h return the original job',
          ),
      }),
      response: {
        202: jobResponseSchema,
        ...errors,
        409: errorResponseSchema,
        422: errorResponseSchema,
      },
    },
    handler: async (request, reply) => {
      const { job, replayed } = await jobs.submit(
        request.tenant,
        request.body,
        request.headers['idempotency-key'],
      );
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(202).send(job);
    },
  });

  app.post('/v1/jobs/:id/cancel', {
    schema: {
      summary: 'Cancel a queued or running job',
      description:
        'Running chunks stop within seconds; pending ones are dropped; intermediate objects are deleted.',
      tags: ['jobs'],
      security,
      params: jobParams,
      response: { 200: jobResponseSchema, ...errors, 409: errorResponseSchema },
    },
    handler: async (request) => {
      const job = isJobId(request.params.id)
        ? await jobs.cancel(request.tenant, request.params.id)
        : undefined;
      if (!job) throw notFound(`job ${request.params.id}`);
      return job;
    },
  });

  app.get('/v1/jobs/:id', {
    schema: {
      summary: 'Get a job',
      tags: ['jobs'],
      security,
      params: jobParams,
      response: { 200: jobResponseSchema, ...errors },
    },
    handler: async (request) => {
      const job = isJobId(request.params.id)
        ? await jobs.get(request.tenant, request.params.id)
        : undefined;
      if (!job) throw notFound(`job ${request.params.id}`);
      return job;
    },
  });

  app.get('/v1/jobs', {
    schema: {
      summary: "List the tenant's jobs, newest first",
      tags: ['jobs'],
      security,
      querystring: z.strictObject({
        status: z.enum(JOB_STATUSES).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
        cursor: z.string().max(64).optional().describe('nextCursor of the previous page'),
      }),
      response: {
        200: z.object({ items: z.array(jobResponseSchema), nextCursor: z.string().optional() }),
        ...errors,
      },
    },
    handler: async (request) => jobs.list({ tenant: request.tenant, ...request.query }),
  });
  done();
};
