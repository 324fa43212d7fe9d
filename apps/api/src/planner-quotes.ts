import { randomUUID } from 'node:crypto';
import type { Catalog, JobRequest, Pipeline, QueueConsumers } from '@remaster/jobs';
import { catalog } from '@remaster/jobs';
import type { Job, QueueEvents } from 'bullmq';
import type { z } from 'zod';
import { ApiError } from './api-error.js';

/** What the planner answers: a Quote, or the failure code a submit of the input would get. */
type QuoteReply = z.infer<Catalog['quote']['reply']>;

/** Beyond the probe's own limit: the queue, the relay's first connection, the pricing. */
const QUOTE_REPLY_MARGIN_MS = 5000;

export interface PlannerQuotesOptions {
  readonly pipeline: Pick<Pipeline, 'enqueueQuote'>;
  /** The quote queue's events, created once for the process: every wait listens on it. */
  readonly events: QueueEvents;
  /** Who consumes the quote queue now (the planners' heartbeats). */
  readonly consumers: Pick<QueueConsumers, 'list'>;
  /** QUOTE_PROBE_TIMEOUT_MS: handed to the planner, which kills ffprobe after it. */
  readonly probeTimeoutMs: number;
  /** Waited beyond the probe timeout before answering 504 ({@link QUOTE_REPLY_MARGIN_MS}). */
  readonly marginMs?: number;
  readonly logger?: { error(obj: object, msg: string): void };
}

const OR_UPLOAD = 'or upload the file with POST /v1/uploads and quote its s3:// url';

/**
 * Asks the planner role for the quote of an input the API does not fetch itself (http(s):
 * only the planner reaches users' servers, through the SSRF guard), over the quote queue,
 * and waits for its reply: at most the probe timeout plus a margin. No planner running is
 * a 503 at once, no answer in time a 504, a planner that broke a 502.
 */
export class PlannerQuotes {
  private readonly waitMs: number;

  constructor(private readonly options: PlannerQuotesOptions) {
    this.waitMs = options.probeTimeoutMs + (options.marginMs ?? QUOTE_REPLY_MARGIN_MS);
  }

  async ask(request: JobRequest): Promise<QuoteReply> {
    const { options } = this;
    if ((await options.consumers.list(catalog.quote.name)).length === 0)
      throw new ApiError(
        503,
        'QUOTE_UNAVAILABLE',
        `quotes of http(s) inputs are answered by the planner role, and none is running: start one (ROLES=planner), ${OR_UPLOAD}`,
      );
    const job = await options.pipeline.enqueueQuote({
      quoteId: `quote_${randomUUID()}`,
      request,
      probeTimeoutMs: options.probeTimeoutMs,
      deadline: Date.now() + this.waitMs,
    });
    let answer: unknown;
    try {
      answer = await job.waitUntilFinished(options.events, this.waitMs);
    } catch (error) {
      throw await this.unanswered(job, error as Error);
    }
    return catalog.quote.reply.parse(answer);
  }

  /** Why the wait ended without a reply: the handler threw (502), or time ran out (504). */
  private async unanswered(job: Job, error: Error): Promise<ApiError> {
    const state = await job.getState().catch(() => 'unknown');
    if (state === 'failed') {
      this.options.logger?.error({ err: error, quote: job.id }, 'the planner failed a quote');
      return new ApiError(
        502,
        'QUOTE_FAILED',
        `the planner could not quote the input (${job.id}; its log says why): try again, or submit the job`,
      );
    }
    // Nobody took it yet: dropped. One being probed finishes, and its result expires.
    if (state === 'waiting') await job.remove().catch(() => undefined);
    return new ApiError(
      504,
      'QUOTE_TIMEOUT',
      `no planner answered within ${this.waitMs} ms (QUOTE_PROBE_TIMEOUT_MS plus ${this.waitMs - this.options.probeTimeoutMs} ms): the planners may be busy or the input's server slow; try again, ${OR_UPLOAD}`,
    );
  }
}
