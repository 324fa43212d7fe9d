import type { WorkerHeartbeat } from '@remaster/jobs';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../error-response.js';
import { requireAdmin } from '../plugins/auth.js';

const workerSchema = z
  .object({
    id: z.string().describe('Unique per process: `host:gpuN:pid` or `host:cpu:pid`'),
    host: z.string(),
    pid: z.number().int(),
    version: z.string().describe('Version of the worker'),
    startedAt: z.string(),
    gpu: z
      .object({
        id: z.number().int().describe('GPU_DEVICE_ID'),
        name: z.string(),
        memoryMb: z.number().int(),
      })
      .nullable()
      .describe('The GPU as nvidia-smi describes it; null for a CPU worker'),
    executionProviders: z.object({
      requested: z.array(z.string()).describe('EXECUTION_PROVIDERS, in order'),
      active: z.array(z.string()).describe('Providers its loaded models run on'),
    }),
    concurrency: z.number().int().describe('Chunks it renders at once'),
    models: z.array(z.string()).describe('Ids of the models it has loaded'),
    fps: z
      .number()
      .nullable()
      .describe('Output frames per second, averaged over its recent chunks; null before the first'),
    throughput: z
      .array(
        z.object({
          pipeline: z.string().describe('The models its chunks ran, e.g. sr:bicubic-x2+vfi:mci'),
          outputPixelsPerSecond: z.number(),
          chunks: z.number().int(),
        }),
      )
      .optional()
      .describe('Measured speed per pipeline, a moving average over its chunks; quotes use it'),
    chunksDone: z.number().int(),
    chunks: z
      .array(
        z.object({
          jobId: z.string(),
          index: z.number().int(),
          framesDone: z.number().int(),
          framesTotal: z.number().int(),
          startedAt: z.string(),
        }),
      )
      .describe('The chunks it is rendering now'),
    seenAt: z.string().describe('Time of its last heartbeat'),
    expiresAt: z.string().describe('It leaves the list at this time unless it beats again'),
  })
  .describe('Worker');

/** The live workers; `WorkerRegistry` of @remaster/jobs fits. */
export interface WorkerList {
  list(): Promise<readonly WorkerHeartbeat[]>;
}

function toBody(worker: WorkerHeartbeat): z.infer<typeof workerSchema> {
  return {
    ...worker,
    executionProviders: {
      requested: [...worker.executionProviders.requested],
      active: [...worker.executionProviders.active],
    },
    models: [...worker.models],
    throughput: worker.throughput && [...worker.throughput],
    chunks: [...worker.chunks],
  };
}

/** `GET /v1/workers` (admin keys only): every worker process whose heartbeat is live. */
export const workerRoutes: FastifyPluginCallbackZod<{ workers: WorkerList }> = (
  app,
  { workers },
  done,
) => {
  app.get('/v1/workers', {
    schema: {
      summary: 'List the live worker processes (admin key)',
      tags: ['fleet'],
      security: [{ bearerAuth: [] }],
      response: {
        200: z.object({ items: z.array(workerSchema) }),
        401: errorResponseSchema,
        403: errorResponseSchema,
      },
    },
    preHandler: requireAdmin,
    handler: async () => ({ items: (await workers.list()).map(toBody) }),
  });
  done();
};
