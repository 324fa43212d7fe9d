import { hostname } from 'node:os';
import type { AnyQueue, ConsumeDeps, ConsumerRole, QueueHandler } from '@remaster/jobs';
import {
  QueueConsumers,
  checkRoleHandlers,
  closeGracefully,
  consume,
  describeFailure,
} from '@remaster/jobs';
import { runUntilSignal } from './run-until-signal.js';
import type { Runtime } from './runtime.js';

/** How often a role says it consumes its queues, and how long one beat lasts. */
const CONSUMER_BEAT_MS = 5000;
const CONSUMER_TTL_MS = 15_000;

export interface ServeRoleOptions {
  readonly role: ConsumerRole;
  /** One per queue the catalog gives the role: see `handler` in @remaster/jobs. */
  readonly handlers: readonly QueueHandler[];
}

/** A role's consumers, running. */
export interface ServedRole {
  /** The id its consumers are listed under (`host:pid`). */
  readonly consumerId: string;
  /**
   * Takes no new job, lets running ones finish for WORKER_SHUTDOWN_GRACE_MS, then hands
   * the rest back (no attempt spent); the role stops being listed as a consumer.
   */
  close(): Promise<void>;
}

/**
 * Starts the consumers of a role: refuses to start unless every queue it serves has one
 * handler; gives each the config's lock and stall settings, the shutdown hand-back, and
 * (when the queue's failure fails the job) the final-failure record; and lists the role
 * as a live consumer of its queues, so work queued for a role nobody runs shows why.
 */
export async function startRole(runtime: Runtime, options: ServeRoleOptions): Promise<ServedRole> {
  checkRoleHandlers(options.role, options.handlers);
  const handBack = new AbortController();
  const deps = consumeDeps(runtime);
  const workers = options.handlers.map(({ queue, options: handling }) =>
    consume(
      queue,
      {
        ...handling,
        handBack: handling.handBack ?? handBack.signal,
        onFinalFailure: handling.onFinalFailure ?? finalFailure(queue, runtime),
      },
      deps,
    ),
  );
  const consumerId = `${hostname()}:${process.pid}`;
  const beats = await beatWhileRunning(runtime, consumerId, options.handlers);
  const grace = runtime.config.WORKER_SHUTDOWN_GRACE_MS;
  return {
    consumerId,
    close: async () => {
      await beats.stop();
      await Promise.all(workers.map((worker) => closeGracefully(worker, handBack, grace)));
    },
  };
}

/**
 * {@link startRole}, then runs until SIGTERM or SIGINT: closes the consumers, then
 * `onStop` (the role's own models, scratch…), then the runtime.
 */
export async function serveRole(
  runtime: Runtime,
  options: ServeRoleOptions & { readonly onStop?: () => Promise<void> },
): Promise<ServedRole> {
  const served = await startRole(runtime, options);
  runUntilSignal(
    runtime.logger,
    async () => {
      await served.close();
      await options.onStop?.();
      await runtime.close();
    },
    runtime.config.WORKER_SHUTDOWN_GRACE_MS + 10_000,
  );
  return served;
}

function consumeDeps(runtime: Runtime): ConsumeDeps {
  const { config } = runtime;
  return {
    connection: runtime.connection,
    prefix: config.QUEUE_PREFIX,
    logger: runtime.logger,
    lockDurationMs: config.JOB_LOCK_MS,
    stalledIntervalMs: config.STALLED_CHECK_MS,
    maxStalledCount: config.MAX_STALLED_COUNT,
  };
}

/** Fails the Remaster job (its webhook and the deletion of its objects follow): no stitch will run. */
function finalFailure(queue: AnyQueue, runtime: Runtime) {
  return async ({ jobId }: { jobId?: unknown }, error: Error): Promise<void> => {
    if (!queue.failsJob || typeof jobId !== 'string') return;
    await runtime.lifecycle.fail(jobId, describeFailure(error, queue.defaultFailureCode));
  };
}

/** Beats once before the role counts as started, then every CONSUMER_BEAT_MS until stopped. */
async function beatWhileRunning(
  runtime: Runtime,
  consumerId: string,
  handlers: readonly QueueHandler[],
): Promise<{ stop(): Promise<void> }> {
  const consumers = new QueueConsumers(runtime.redis, runtime.config.QUEUE_PREFIX);
  const queues = handlers.map(({ queue }) => queue.name);
  const beat = () =>
    Promise.all(queues.map((queue) => consumers.beat(queue, consumerId, CONSUMER_TTL_MS)));
  await beat();
  const timer = setInterval(() => {
    // A missed beat is logged; the next one, within the TTL, keeps the role listed.
    beat().catch((error: unknown) =>
      runtime.logger.warn({ err: error }, 'could not renew the consumer heartbeat'),
    );
  }, CONSUMER_BEAT_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all(queues.map((queue) => consumers.leave(queue, consumerId))).catch(
        () => undefined, // it expires within CONSUMER_TTL_MS anyway
      );
    },
  };
}
