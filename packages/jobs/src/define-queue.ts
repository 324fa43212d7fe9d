import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { FailureCode } from './failure.js';

import type { ConsumerRole } from '@remaster/roles';

/** The roles that consume a queue (the API consumes none): the role registry's. */
export type { ConsumerRole };
export { CONSUMER_ROLES } from '@remaster/roles';

/**
 * Everything about one queue in one record: what its payload is, who consumes it, how
 * its jobs retry and how they are named, and what a failure that carries no code means.
 */
export interface QueueDefinition<
  N extends string = string,
  S extends z.ZodType = z.ZodType,
  K = never,
> {
  readonly name: N;
  readonly schema: S;
  /** The one role that runs this queue's handler. */
  readonly role: ConsumerRole;
  /** Retry policy and retention; attempts that come from config are added by the pipeline. */
  readonly jobOptions: Readonly<JobsOptions>;
  /** Deterministic BullMQ job id from the fields that identify the work: a re-run enqueues nothing new. */
  readonly dedupeId: (key: K) => string;
  /** The code recorded for an error that carries none. */
  readonly defaultFailureCode: FailureCode;
  /**
   * True when this queue's final failure fails the Remaster job (and deletes its
   * intermediates); false when the job is already over (a lost webhook fails nothing).
   */
  readonly failsJob: boolean;
}

/**
 * A queue whose producer waits for each job's answer (request/reply over the queue): the
 * handler's return value, which BullMQ keeps as the job's result, follows `reply`, and the
 * producer parses it with that schema.
 */
export interface ReplyingQueueDefinition<
  N extends string = string,
  S extends z.ZodType = z.ZodType,
  K = never,
  R extends z.ZodType = z.ZodType,
> extends QueueDefinition<N, S, K> {
  readonly reply: R;
}

/** Any record of the catalog, whatever its payload. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the key type is contravariant
export type AnyQueue = QueueDefinition<string, z.ZodType, any>;

/** The payload type of a queue record. */
export type PayloadOf<Q extends AnyQueue> = z.infer<Q['schema']>;

/**
 * Declares one queue. Types only: the payload type is inferred from the schema, and the
 * dedupe id must accept the payload (so `dedupeId(payload)` always works).
 */
export function defineQueue<const N extends string, S extends z.ZodType, K>(
  definition: QueueDefinition<N, S, K> & (z.infer<S> extends K ? unknown : never),
): QueueDefinition<N, S, K> {
  return definition;
}

/** {@link defineQueue} for a queue whose producer waits for the handler's reply. */
export function defineReplyingQueue<
  const N extends string,
  S extends z.ZodType,
  K,
  R extends z.ZodType,
>(
  definition: ReplyingQueueDefinition<N, S, K, R> & (z.infer<S> extends K ? unknown : never),
): ReplyingQueueDefinition<N, S, K, R> {
  return definition;
}
