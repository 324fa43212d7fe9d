import { z } from 'zod';
import { jobRequestSchema } from './job-request.js';

/**
 * A quote the API asks the planner role for (an http(s) input, which only the planner
 * fetches, through the SSRF guard): the job body as POST /v1/quotes took it.
 */
export const quotePayloadSchema = z.strictObject({
  /** Unique per ask; the BullMQ job id. */
  quoteId: z.string().min(1),
  request: jobRequestSchema,
  /** ffprobe is killed after this long (the API's QUOTE_PROBE_TIMEOUT_MS). */
  probeTimeoutMs: z.number().int().positive(),
  /** Epoch ms after which nobody waits for the answer: a planner that takes it later skips it. */
  deadline: z.number().int().positive(),
});

/**
 * What the quote handler returns (BullMQ keeps it as the job's return value): the quote, or
 * why the input cannot be quoted with the code a submit of it would fail with. Failures are
 * answered, not thrown, because BullMQ hands a waiting producer only a failed job's message.
 */
export const quoteReplySchema = z.union([
  z.strictObject({ quote: z.record(z.string(), z.unknown()) }),
  z.strictObject({ failure: z.strictObject({ code: z.string(), message: z.string() }) }),
]);
