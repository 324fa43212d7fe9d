import type { ConsumerRole } from './define-queue.js';
import { defineQueue, defineReplyingQueue } from './define-queue.js';
import {
  chunkPayloadSchema,
  planPayloadSchema,
  stitchPayloadSchema,
  webhookPayloadSchema,
} from './payloads.js';
import { quotePayloadSchema, quoteReplySchema } from './quote-payload.js';

/** Kept in Redis for the dashboard and for debugging, then trimmed by BullMQ. */
const RETAIN = { removeOnComplete: 1000, removeOnFail: 5000 } as const;
const WEEK_SECONDS = 7 * 86400;

/**
 * The job catalog: one record per queue with its payload schema, consuming role, retry
 * policy, dedupe id and default failure code. The pipeline enqueues from it and
 * `consume` serves it, so nothing about a queue is written twice. There is no per-queue
 * timeout: the lock catches a dead process, and each external call has its own limit.
 */
export const catalog = {
  plan: defineQueue({
    name: 'plan',
    schema: planPayloadSchema,
    role: 'planner',
    jobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, ...RETAIN },
    dedupeId: ({ jobId }: { jobId: string }) => `${jobId}-plan`,
    defaultFailureCode: 'INPUT_UNREADABLE',
    failsJob: true,
  }),
  /** Attempts come from CHUNK_ATTEMPTS; a chunk that runs out of them fails its stitch parent. */
  chunk: defineQueue({
    name: 'chunk',
    schema: chunkPayloadSchema,
    role: 'worker',
    jobOptions: {
      backoff: { type: 'exponential', delay: 2000 },
      failParentOnFailure: true,
      removeOnComplete: true,
      removeOnFail: RETAIN.removeOnFail,
    },
    dedupeId: ({ jobId, index }: { jobId: string; index: number }) => `${jobId}-chunk-${index}`,
    defaultFailureCode: 'RENDER_FAILED',
    failsJob: true,
  }),
  stitch: defineQueue({
    name: 'stitch',
    schema: stitchPayloadSchema,
    role: 'stitcher',
    jobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, ...RETAIN },
    dedupeId: ({ jobId }: { jobId: string }) => `${jobId}-stitch`,
    defaultFailureCode: 'STITCH_FAILED',
    failsJob: true,
  }),
  /** Attempts and the first retry delay come from WEBHOOK_ATTEMPTS and WEBHOOK_RETRY_BASE_MS. */
  webhook: defineQueue({
    name: 'webhook',
    schema: webhookPayloadSchema,
    role: 'webhook',
    jobOptions: { removeOnComplete: { age: WEEK_SECONDS }, removeOnFail: { age: WEEK_SECONDS } },
    dedupeId: ({ messageId }: { messageId: string }) => messageId,
    defaultFailureCode: 'WEBHOOK_FAILED',
    // Every attempt is in the job's webhook log; a lost webhook does not fail the job.
    failsJob: false,
  }),
  /**
   * POST /v1/quotes of an http(s) input: the API waits for the planner's reply (a Quote, or
   * the failure code a submit would get) up to QUOTE_PROBE_TIMEOUT_MS plus a margin. One
   * attempt: nobody waits for a retry. Results are kept a minute, long enough for the
   * waiting API to read one that finished before it listened, then dropped.
   */
  quote: defineReplyingQueue({
    name: 'quote',
    schema: quotePayloadSchema,
    reply: quoteReplySchema,
    role: 'planner',
    jobOptions: { attempts: 1, removeOnComplete: { age: 60 }, removeOnFail: { age: 60 } },
    dedupeId: ({ quoteId }: { quoteId: string }) => quoteId,
    defaultFailureCode: 'INPUT_UNREADABLE',
    // No Remaster job exists yet: a failed quote is the API's answer, nothing else.
    failsJob: false,
  }),
} as const;

export type Catalog = typeof catalog;
export type QueueName = Catalog[keyof Catalog]['name'];

/** Queue names by key, e.g. `QUEUES.chunk` (for code that needs only the name). */
export const QUEUES = Object.fromEntries(
  Object.entries(catalog).map(([key, queue]) => [key, queue.name]),
) as { readonly [K in keyof Catalog]: Catalog[K]['name'] };

/** Deterministic BullMQ job ids, so a re-run of the planner cannot enqueue a chunk twice. */
export const bullJobId = {
  plan: (jobId: string) => catalog.plan.dedupeId({ jobId }),
  chunk: (jobId: string, index: number) => catalog.chunk.dedupeId({ jobId, index }),
  stitch: (jobId: string) => catalog.stitch.dedupeId({ jobId }),
};

/** The queues a role consumes, in catalog order. */
export function queuesServedBy(role: ConsumerRole): Catalog[keyof Catalog][] {
  return Object.values(catalog).filter((queue) => queue.role === role);
}
