import type { UnservedQueue } from '@remaster/jobs';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<unknown>;
}

const readiness = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.string()),
  unserved: z
    .array(
      z.object({
        queue: z.string(),
        role: z.string(),
        waiting: z.number(),
        message: z.string(),
      }),
    )
    .optional()
    .describe(
      'Queues whose jobs wait for a role that no process runs (ROLES without it, or every one of them down); the API stays ready',
    ),
});

export interface HealthOptions {
  readonly checks: readonly ReadinessCheck[];
  /** Queues with waiting jobs and no live consumer, listed by /readyz; absent: not listed. */
  readonly unserved?: () => Promise<readonly UnservedQueue[]>;
}

/**
 * Liveness says the process serves; readiness says Redis and S3 answer, and lists work
 * that waits for a role nobody runs (a warning: the API itself is ready).
 */
export const healthRoutes: FastifyPluginCallbackZod<HealthOptions> = (
  app,
  { checks, unserved },
  done,
) => {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } } },
    () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    { schema: { tags: ['health'], response: { 200: readiness, 503: readiness } } },
    async (_request, reply) => {
      const results = await Promise.all(
        checks.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), 2000);
            return [name, 'ok'] as const;
          } catch (error) {
            return [name, error instanceof Error ? error.message : 'failed'] as const;
          }
        }),
      );
      const ok = results.every(([, result]) => result === 'ok');
      // Without Redis nothing can be counted; the redis check already says so.
      const waiting = ok && unserved ? await withTimeout(unserved(), 2000).catch(() => []) : [];
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'unavailable',
        checks: Object.fromEntries(results),
        ...(waiting.length > 0 ? { unserved: [...waiting] } : {}),
      });
    },
  );
  done();
};

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
