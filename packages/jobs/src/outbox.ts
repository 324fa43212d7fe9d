import { z } from 'zod';
import { chunkPayloadSchema, stitchPayloadSchema, webhookPayloadSchema } from './payloads.js';
import type { Pipeline } from './pipeline.js';
import type { RedisClient } from './redis-connection.js';

/**
 * An enqueue that a state change calls for, written in the same Redis transaction as
 * the change (the job record on submit, its plan, the terminal status on a job's end), so a crash
 * between the two writes cannot lose it: the writer enqueues it at once, and a relay
 * re-drives the entries a dead writer left behind.
 */
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

const outboxEntrySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('plan'), jobId: z.string() }),
  z.strictObject({ kind: z.literal('webhook'), payload: webhookPayloadSchema }),
  z.strictObject({
    kind: z.literal('render'),
    stitch: stitchPayloadSchema,
    chunks: z.array(chunkPayloadSchema),
  }),
]);

/**
 * How long the writer of an entry has to enqueue it before a relay may: entries are
 * written due this far ahead, and a relay that takes one pushes it this far again.
 */
export const OUTBOX_LEASE_MS = 30_000;

/** The sorted set of entries, scored by the time a relay may take them (ms since epoch). */
export function outboxKey(prefix: string): string {
  return `${prefix}:outbox`;
}

/** The entry itself is the member, so staging the same entry twice keeps one. */
export function outboxMember(entry: OutboxEntry): string {
  return JSON.stringify(entry);
}

/** Takes up to ARGV[3] due entries (score ≤ ARGV[1]) and leases them until ARGV[2]. */
const CLAIM = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[2], member) end
return due
`;
const CLAIM_BATCH = 100;

export interface OutboxOptions {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly pipeline: Pick<
    Pipeline,
    'enqueuePlan' | 'enqueueRender' | 'hasRender' | 'enqueueWebhook'
  >;
  readonly leaseMs?: number;
  /** Milliseconds since the epoch. */
  readonly clock?: () => number;
}

/**
 * Delivers outbox entries into their BullMQ queues, at least once. Re-delivery is
 * harmless: the plan job and each webhook message have deterministic BullMQ ids (the
 * webhook-id a receiver dedupes on stays the same), a plan entry whose job has left
 * `queued` is dropped instead of planning the job again, and a render entry is enqueued
 * only while its job is `processing` without a render flow.
 */
export class Outbox {
  private readonly leaseMs: number;
  private readonly clock: () => number;

  constructor(private readonly options: OutboxOptions) {
    this.leaseMs = options.leaseMs ?? OUTBOX_LEASE_MS;
    this.clock = options.clock ?? Date.now;
  }

  /** Enqueues the entry, then removes it from the outbox. */
  async deliver(entry: OutboxEntry): Promise<void> {
    const { redis, prefix, pipeline } = this.options;
    if (entry.kind === 'webhook') await pipeline.enqueueWebhook(entry.payload);
    else if (entry.kind === 'plan') {
      if ((await this.status(entry.jobId)) === 'queued') await pipeline.enqueuePlan(entry.jobId);
    } else if (
      (await this.status(entry.stitch.jobId)) === 'processing' &&
      !(await pipeline.hasRender(entry.stitch.jobId))
    )
      // A chunk that ran and was removed must not be added again: only a missing flow is.
      await pipeline.enqueueRender(entry.stitch, entry.chunks);
    await redis.zrem(outboxKey(prefix), outboxMember(entry));
  }

  private async status(jobId: string): Promise<string | null> {
    return this.options.redis.hget(`${this.options.prefix}:job:${jobId}`, 'status');
  }

  /**
   * Delivers the entries whose lease has run out (their writer died or its enqueue
   * failed); returns how many it delivered. An unreadable entry is dropped and reported.
   */
  async sweep(onError: (error: Error) => void = () => {}): Promise<number> {
    const { redis, prefix } = this.options;
    const now = this.clock();
    const due = (await redis.eval(
      CLAIM,
      1,
      outboxKey(prefix),
      now,
      now + this.leaseMs,
      CLAIM_BATCH,
    )) as string[];
    let delivered = 0;
    for (const member of due) {
      const parsed = outboxEntrySchema.safeParse(safeJson(member));
      if (!parsed.success) {
        await redis.zrem(outboxKey(prefix), member);
        onError(new Error(`dropped an unreadable outbox entry: ${member.slice(0, 200)}`));
        continue;
      }
      await this.deliver(parsed.data);
      delivered += 1;
    }
    return delivered;
  }

  /** Sweeps every `intervalMs` until the returned function is called; errors go to `onError`. */
  start(intervalMs: number, onError: (error: Error) => void): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.sweep(onError)
        .catch((error: unknown) =>
          onError(error instanceof Error ? error : new Error(String(error))),
        )
        .finally(() => (running = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
