import type { ConnectionOptions, Job, Processor } from 'bullmq';
import { DelayedError, WaitingChildrenError, WaitingError, Worker } from 'bullmq';
import type { AnyQueue, PayloadOf } from './define-queue.js';
import { TerminalFailure } from './failure.js';

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Where and how a role's consumers run: the same for every queue of a process. */
export interface ConsumeDeps {
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly logger: Log;
  /** The lock a running job holds, renewed at half of it (long chunks need a long one). */
  readonly lockDurationMs?: number;
  /** How often this worker looks for jobs whose process died (their lock expired). */
  readonly stalledIntervalMs?: number;
  /** Times a job may lose its process before it fails. */
  readonly maxStalledCount?: number;
}

/** What one queue's handler does; the payload type comes from the catalog record. */
export interface ConsumeOptions<Q extends AnyQueue> {
  /** Jobs run at once, not counting those that released their slot (see `handle`). */
  readonly concurrency: number;
  /**
   * `stop` aborts when the process shuts down and the job must be handed back.
   * `releaseSlot()` says the job no longer needs what the concurrency guards (a worker's
   * GPU: its frames are all rendered, the encoder's flush and the upload are left): the
   * consumer takes its next job at once, while this one finishes. The job stays locked
   * and counted as running until `handle` returns.
   */
  readonly handle: (
    payload: PayloadOf<Q>,
    job: Job,
    stop: AbortSignal,
    releaseSlot: () => void,
  ) => Promise<unknown>;
  /**
   * Records the failure on the Remaster job when a job will not be retried again (terminal
   * error or attempts exhausted). It is called inside the job's own handling, before
   * BullMQ moves the job to failed, so a process that dies in between leaves a stalled
   * job whose rerun finds the Remaster job ended, never a failed job with no record. Also
   * called for a job BullMQ fails without running it (stalled too often); it must be
   * idempotent. The data may not match the schema.
   */
  readonly onFinalFailure?: (payload: { jobId?: unknown }, error: Error) => Promise<void>;
  /**
   * Aborted on shutdown once the grace period is over: a job still running then is moved
   * back to wait (no attempt spent) for another process to take.
   */
  readonly handBack?: AbortSignal;
}

/**
 * A BullMQ worker for one queue of the catalog: validates the payload when dequeued,
 * hands jobs back on shutdown, logs attempts, and reports the final failure.
 */
export function consume<Q extends AnyQueue>(
  queue: Q,
  options: ConsumeOptions<Q>,
  deps: ConsumeDeps,
): Worker {
  const slots: ReleasedSlots = new ReleasedSlots(options.concurrency, (): Worker => worker);
  const worker: Worker = new Worker(queue.name, processor(queue, options, deps.logger, slots), {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: options.concurrency,
    lockDuration: deps.lockDurationMs ?? 60_000,
    stalledInterval: deps.stalledIntervalMs ?? 30_000,
    maxStalledCount: deps.maxStalledCount ?? 1,
    autorun: true,
  });
  worker.on('failed', (job, error) => {
    if (job) reportFailure({ queue: queue.name, job, error, options, logger: deps.logger });
  });
  worker.on('error', (error) =>
    deps.logger.error({ err: error, queue: queue.name }, 'worker error'),
  );
  return worker;
}

/** Errors whose final failure the processor recorded: the 'failed' event does not again. */
const recorded = new WeakSet<Error>();

/** Whether BullMQ will not retry a job after this error (its rule in Job.shouldRetryJob). */
function isFinalFailure(job: Pick<Job, 'attemptsMade' | 'opts'>, error: Error): boolean {
  return error.name === 'UnrecoverableError' || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** The failure recorded before the error reaches BullMQ; a record that fails is left to the sweeper. */
async function recordFinalFailure(
  queue: string,
  job: Job,
  error: Error,
  options: Pick<ConsumeOptions<AnyQueue>, 'onFinalFailure'>,
  logger: Log,
): Promise<void> {
  if (!options.onFinalFailure) return;
  try {
    await options.onFinalFailure(job.data as { jobId?: unknown }, error);
    recorded.add(error);
  } catch (e) {
    logger.error(
      { err: e, queue, bullJob: job.id },
      'could not record the failure; the sweeper will',
    );
  }
}

/**
 * Jobs that released their slot: BullMQ's concurrency is the configured one plus these, so
 * a job finishing its tail does not keep the next one from starting.
 */
class ReleasedSlots {
  private released = 0;

  constructor(
    private readonly base: number,
    private readonly worker: () => Worker,
  ) {}

  release(): void {
    this.released += 1;
    this.apply();
  }

  /** Called when a job that released its slot ends, before BullMQ completes it. */
  reclaim(): void {
    this.released -= 1;
    this.apply();
  }

  private apply(): void {
    const worker = this.worker();
    const grows = this.base + this.released > worker.concurrency;
    worker.concurrency = this.base + this.released;
    // BullMQ reads the concurrency when a job ends or the worker resumes; resuming after a
    // pause that does not wait for the active jobs makes it fetch again now.
    if (grows && worker.isRunning() && !worker.isPaused() && !worker.closing) {
      void worker
        .pause(true)
        .then(() => (worker.closing ? undefined : worker.resume()))
        .catch(() => undefined);
    }
  }
}

function processor<Q extends AnyQueue>(
  queue: Q,
  options: ConsumeOptions<Q>,
  logger: Log,
  slots: ReleasedSlots,
): Processor {
  return async (job: Job, token?: string) => {
    const parsed = queue.schema.safeParse(job.data);
    if (!parsed.success) {
      throw new TerminalFailure(
        'INTERNAL',
        `payload of ${queue.name} job ${job.id} does not match the catalog: ${parsed.error.message}`,
      );
    }
    const stop = options.handBack ?? new AbortController().signal;
    let released = false;
    const releaseSlot = () => {
      if (released) return;
      released = true;
      slots.release();
    };
    try {
      return await options.handle(parsed.data as PayloadOf<Q>, job, stop, releaseSlot);
    } catch (caught) {
      if (movedOnPurpose(caught)) throw caught;
      if (stop.aborted && token !== undefined) {
        await job.moveToWait(token);
        logger.info({ queue: queue.name, bullJob: job.id }, 'shutting down: job handed back');
        // Tells BullMQ the job was moved on purpose: neither failed nor completed.
        throw new WaitingError();
      }
      const error = caught instanceof Error ? caught : new Error(String(caught));
      if (isFinalFailure(job, error))
        await recordFinalFailure(queue.name, job, error, options, logger);
      throw error;
    } finally {
      if (released) slots.reclaim();
    }
  };
}

/** BullMQ's signals that a handler already moved its job (e.g. delayed behind a tenant cap). */
function movedOnPurpose(error: unknown): boolean {
  return (
    error instanceof DelayedError ||
    error instanceof WaitingError ||
    error instanceof WaitingChildrenError
  );
}

function reportFailure(failure: {
  queue: string;
  job: Job;
  error: Error;
  options: Pick<ConsumeOptions<AnyQueue>, 'onFinalFailure'>;
  logger: Log;
}): void {
  const { job, error, logger } = failure;
  // By now BullMQ has counted the attempt.
  const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
  const fields = {
    queue: failure.queue,
    bullJob: job.id,
    attempt: job.attemptsMade,
    final,
    err: error,
  };
  if (!final) return logger.warn(fields, 'attempt failed; will retry');
  logger.error(fields, 'job failed for good');
  if (recorded.has(error)) return;
  // Failed without the processor's record: a bad payload, or stalled too often.
  failure.options
    .onFinalFailure?.(job.data as { jobId?: unknown }, error)
    .catch((e: unknown) =>
      logger.error({ err: e }, 'could not record the failure; the sweeper will'),
    );
}
