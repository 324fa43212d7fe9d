import type { Job, ConnectionOptions } from 'bullmq';
import { WaitingError, Worker } from 'bullmq';
import type { z } from 'zod';
import type { QueueName } from './catalog.js';
import type { FailureCode } from './failure.js';
import { TerminalFailure } from './failure.js';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ConsumeOptions<S extends z.ZodType> {
  readonly queue: QueueName;
  readonly schema: S;
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly concurrency: number;
  readonly logger: Log;
  /** `stop` aborts when the process shuts down and the job must be handed back. */
  readonly handle: (payload: z.infer<S>, job: Job, stop: AbortSignal) => Promise<unknown>;
  /** Called once when a job will not be retried again: record the failure on the Remaster job. */
  readonly onFinalFailure: (payload: { jobId?: unknown }, error: Error) => Promise<void>;
  /** Extra Worker settings (lock duration for long chunks). */
  readonly lockDurationMs?: number;
  /** How often this worker looks for jobs whose process died (their lock expired). */
  readonly stalledIntervalMs?: number;
  /** Times a job may lose its process before it fails. */
  readonly maxStalledCount?: number;
  /**
   * Aborted on shutdown once the grace period is over: a job still running then is moved
   * back to wait (no attempt spent) for another process to take.
   */
  readonly handBack?: AbortSignal;
}

/**
 * A BullMQ worker for one queue of the catalog: validates the payload when dequeued,
 * logs attempts, and reports the final failure (terminal error or attempts exhausted).
 */
export function consume<S extends z.ZodType>(options: ConsumeOptions<S>): Worker {
  const { logger } = options;
  const worker = new Worker(
    options.queue,
    async (job: Job, token?: string) => {
      const parsed = options.schema.safeParse(job.data);
      if (!parsed.success) {
        throw new TerminalFailure(
          'INTERNAL',
          `payload of ${options.queue} job ${job.id} does not match the catalog: ${parsed.error.message}`,
        );
      }
      const stop = options.handBack ?? new AbortController().signal;
      try {
        return await options.handle(parsed.data, job, stop);
      } catch (error) {
        if (!stop.aborted || token === undefined) throw error;
        await job.moveToWait(token);
        logger.info({ queue: options.queue, bullJob: job.id }, 'shutting down: job handed back');
        // Tells BullMQ the job was moved on purpose: neither failed nor completed.
        throw new WaitingError();
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs ?? 60_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 1,
      autorun: true,
    },
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final =
      error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    const fields = {
      queue: options.queue,
      bullJob: job.id,
      attempt: job.attemptsMade,
      final,
      err: error,
    };
    if (!final) return logger.warn(fields, 'attempt failed; will retry');
    logger.error(fields, 'job failed for good');
    options
      .onFinalFailure(job.data as { jobId?: unknown }, error)
      .catch((e: unknown) => logger.error({ err: e }, 'could not record the failure'));
  });
  worker.on('error', (error) => logger.error({ err: error, queue: options.queue }, 'worker error'));
  return worker;
}

/** Fallback failure code per queue, for errors that carry none. */
export const DEFAULT_FAILURE_CODE: Record<QueueName, FailureCode> = {
  plan: 'INPUT_UNREADABLE',
  chunk: 'RENDER_FAILED',
  stitch: 'STITCH_FAILED',
  webhook: 'WEBHOOK_FAILED',
};
