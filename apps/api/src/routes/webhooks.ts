import { isJobId } from '@remaster/jobs';
import type { WebhookLog, WebhookSecrets } from '@remaster/webhooks';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../api-error.js';
import { errorResponseSchema } from '../error-response.js';
import type { JobService } from '../job-service.js';

const security = [{ bearerAuth: [] }];
const errors = { 401: errorResponseSchema, 404: errorResponseSchema };

const secretSchema = z
  .object({
    secret: z.string().describe('whsec_…: verify webhook-signature headers with it'),
    previousSecret: z
      .string()
      .optional()
      .describe('The secret a rotation replaced; deliveries are signed with both until it expires'),
    previousExpiresAt: z.string().optional(),
  })
  .describe('WebhookSecret');

const attemptSchema = z.object({
  id: z.string().describe('webhook-id: the same on every retry of one event'),
  event: z.string(),
  attempt: z.number(),
  at: z.string(),
  url: z.string(),
  statusCode: z.number().optional(),
  durationMs: z.number(),
  error: z.string().optional(),
  willRetry: z.boolean().optional(),
});

export interface WebhookRoutesOptions {
  readonly jobs: Pick<JobService, 'get'>;
  readonly secrets: Pick<WebhookSecrets, 'get' | 'rotate'>;
  readonly log: Pick<WebhookLog, 'list'>;
}

export const webhookRoutes: FastifyPluginCallbackZod<WebhookRoutesOptions> = (
  app,
  { jobs, secrets, log },
  done,
) => {
  app.get('/v1/webhook-secret', {
    schema: {
      summary: "The calling tenant's webhook signing secret",
      tags: ['webhooks'],
      security,
      response: { 200: secretSchema, 401: errorResponseSchema },
    },
    handler: async (request) => secrets.get(request.tenant),
  });

  app.post('/v1/webhook-secret/rotate', {
    schema: {
      summary: 'Replace the webhook signing secret',
      description: 'The old secret keeps signing (as a second signature) for 24 h.',
      tags: ['webhooks'],
      security,
      response: { 200: secretSchema, 401: errorResponseSchema },
    },
    handler: async (request) => secrets.rotate(request.tenant),
  });

  app.get('/v1/jobs/:id/webhooks', {
    schema: {
      summary: "Every delivery attempt of a job's webhooks",
      tags: ['webhooks'],
      security,
      params: z.object({ id: z.string().max(64) }),
      response: { 200: z.object({ deliveries: z.array(attemptSchema) }), ...errors },
    },
    handler: async (request) => {
      const { id } = request.params;
      if (!isJobId(id) || !(await jobs.get(request.tenant, id))) throw notFound(`job ${id}`);
      return { deliveries: await log.list(id) };
    },
  });
  done();
};
