import { chosenModelSchema, jobResponseSchema } from '@remaster/job-view';
import { JOB_STATUSES, isJobId, jobCheckSchema, jobRequestSchema } from '@remaster/jobs';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../api-error.js';
import { errorResponseSchema } from '../error-response.js';
import type { JobService } from '../job-service.js';

const jobParams = z.object({ id: z.string().max(64) });
const security = [{ bearerAuth: [] }];
const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 404: errorResponseSchema };

const checkAnswerSchema = z
  .object({
    ok: z.literal(true),
    models: z
      .object({ upscale: chosenModelSchema.optional(), interpolate: chosenModelSchema.optional() })
      .describe(
        'The models the job would run; an upscale.height with no model is left out (the factor depends on the source height)',
      ),
  })
  .describe('JobCheck');

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

  app.post('/v1/jobs/check', {
    schema: {
      summary: 'Check a job body without submitting it',
      description:
        'Runs every check of POST /v1/jobs (schema, models, rates, webhook URL, and the input when given: its URL and that the object exists) and answers the error a submit would, or the models the job would get. Nothing is recorded or enqueued; input may be left out.',
      tags: ['jobs'],
      security,
      body: jobCheckSchema,
      response: { 200: checkAnswerSchema, ...errors, 422: errorResponseSchema },
    },
    handler: async (request) => jobs.check(request.tenant, request.body),
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
