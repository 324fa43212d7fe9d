import type { Lifecycle } from './lifecycle.js';
import type { SweptJob } from './sweep-stuck.js';

export interface JanitorOptions {
  /** How often the outbox is relayed (its entries fall due after the lease). */
  readonly relayEveryMs: number;
  /** How often stuck jobs are looked for, and how long a job must not have moved. */
  readonly sweepEveryMs: number;
  readonly graceMs: number;
  readonly onError: (error: Error) => void;
  readonly onSwept: (job: SweptJob) => void;
}

/**
 * Every role runs the relay and the sweeper in the background: two loops that never
 * overlap themselves. Two processes may relay at once (leases keep them off the same
 * entry), and sweep at once (a guarded failure moves a job once). Returns a stop function.
 */
export function startJanitor(lifecycle: Lifecycle, options: JanitorOptions): () => void {
  const stops = [
    every(options.relayEveryMs, options.onError, () => lifecycle.relayOutbox(options.onError)),
    every(options.sweepEveryMs, options.onError, async () => {
      for (const job of await lifecycle.sweepStuck({ graceMs: options.graceMs }))
        options.onSwept(job);
    }),
  ];
  return () => stops.forEach((stop) => stop());
}

function every(ms: number, onError: (error: Error) => void, run: () => Promise<unknown>) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    run()
      .catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))))
      .finally(() => (running = false));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}
