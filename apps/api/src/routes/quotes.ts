import { jobRequestSchema, restoreSummarySchema } from '@remaster/jobs';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../error-response.js';
import type { QuoteService } from '../quote-service.js';

const chosenModel = z.object({
  id: z.string(),
  chosenBy: z.enum(['request', 'default', 'builtin']),
});

const quoteSchema = z
  .object({
    frames: z.number().int().describe('Output frames the job would render'),
    width: z.number().int().describe('Output width in pixels'),
    height: z.number().int().describe('Output height in pixels'),
    fps: z.string().describe('Output frame rate'),
    chunks: z.number().int(),
    models: z.object({ upscale: chosenModel.optional(), interpolate: chosenModel.optional() }),
    restore: restoreSummarySchema.describe(
      'The restoration as far as it is known before a decode: forced settings, filters and models; interlacing, telecine, noise σ and flicker are measured when the job is planned',
    ),
    gpuSeconds: z
      .number()
      .describe('Render seconds summed over all chunks, as one worker slot would spend them'),
    wallSeconds: z
      .number()
      .nullable()
      .describe(
        'Expected time from submit to completed at the current fleet size (chunks spread over its slots, plus planning and stitching); null while no worker is live',
      ),
    phases: z
      .object({
        planSeconds: z.number(),
        renderSeconds: z.number().nullable(),
        stitchSeconds: z.number(),
        basis: z
          .enum(['measured', 'estimate'])
          .describe(
            'measured: planning and stitching fitted to recent jobs; estimate: the defaults',
          ),
      })
      .describe('The parts of wallSeconds'),
    workerSlots: z.number().int().describe('Live worker processes × their WORKER_CONCURRENCY'),
    outputBytes: z.number().int().describe('Estimated size of the output file'),
    throughput: z.object({
      pipeline: z.string().describe('The models the chunks would run, e.g. sr:bicubic-x2+vfi:mci'),
      outputPixelsPerSecond: z.number(),
      basis: z
        .enum(['measured', 'calibrated', 'estimate'])
        .describe(
          'measured: the mean of what live workers measured on chunks of this pipeline (kept across restarts); calibrated: priced frame by frame from what they measured at start-up; estimate: the documented fallback',
        ),
    }),
  })
  .describe('Quote');

const errors = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  404: errorResponseSchema,
  422: errorResponseSchema,
  502: errorResponseSchema,
  503: errorResponseSchema,
  504: errorResponseSchema,
};

/** `POST /v1/quotes`: what a job body would produce and take, before anything runs. */
export const quoteRoutes: FastifyPluginCallbackZod<{ quotes: QuoteService }> = (
  app,
  { quotes },
  done,
) => {
  app.post('/v1/quotes', {
    schema: {
      summary: 'Predict a job: output frames, size, GPU-seconds, wall time and bytes',
      description:
        'Takes the body of POST /v1/jobs and answers at once; nothing is recorded and no job is enqueued. The input is probed (ffprobe, metadata only, bounded by QUOTE_PROBE_TIMEOUT_MS): an s3:// object by the API on a presigned URL, an http(s) URL by the planner role through the SSRF guard (the API waits for its answer: 503 QUOTE_UNAVAILABLE with no planner running, 504 QUOTE_TIMEOUT without an answer in time).',
      tags: ['jobs'],
      security: [{ bearerAuth: [] }],
      body: jobRequestSchema,
      response: { 200: quoteSchema, ...errors },
    },
    handler: async (request) => quotes.quote(request.tenant, request.body),
  });
  done();
};
