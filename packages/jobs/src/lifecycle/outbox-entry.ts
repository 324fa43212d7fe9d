import { z } from 'zod';
import { chunkPayloadSchema, stitchPayloadSchema, webhookPayloadSchema } from '../payloads.js';

/**
 * Work that a status change calls for, staged in the same script as the change (the plan
 * on submit, the render flow with the plan, the webhook and the clean-up of a job's end),
 * so a crash between the two cannot lose it: the step delivers it at once, and a relay
 * re-drives the entries a dead process left behind.
 */
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

export const outboxEntrySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('plan'), jobId: z.string() }),
  z.strictObject({ kind: z.literal('webhook'), payload: webhookPayloadSchema }),
  z.strictObject({
    kind: z.literal('render'),
    stitch: stitchPayloadSchema,
    chunks: z.array(chunkPayloadSchema),
  }),
  /** Deletes every object under the job's prefix: a failed or canceled job leaves none. */
  z.strictObject({ kind: z.literal('cleanup'), jobId: z.string() }),
]);

/** The render flow of a planned job, as the outbox keeps it. */
export type RenderEntry = Extract<OutboxEntry, { kind: 'render' }>;

/**
 * How long the writer of an entry has to deliver it before a relay may: entries are
 * staged due this far ahead, and a relay that takes one pushes it this far again.
 */
export const OUTBOX_LEASE_MS = 30_000;

/**
 * An entry's id: one per piece of work, so staging the same work twice keeps one entry,
 * and the sweeper can ask whether a job's next step is staged.
 */
export function entryId(entry: OutboxEntry): string {
  if (entry.kind === 'webhook') return `webhook:${entry.payload.messageId}`;
  return jobEntryId(entry.kind, entry.kind === 'render' ? entry.stitch.jobId : entry.jobId);
}

/** The id of a job's one entry of a kind (its plan, its render flow, its clean-up). */
export function jobEntryId(kind: Exclude<OutboxEntry['kind'], 'webhook'>, jobId: string): string {
  return `${kind}:${jobId}`;
}

/** An entry as it is written and, when settled, compared: the exact string stays with it. */
export interface StagedEntry {
  readonly id: string;
  readonly json: string;
  readonly entry: OutboxEntry;
}

export function stage(entry: OutboxEntry): StagedEntry {
  return { id: entryId(entry), json: JSON.stringify(entry), entry };
}

/** A stored entry read back; undefined when it does not match the schema. */
export function parseEntry(json: string): OutboxEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = outboxEntrySchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
