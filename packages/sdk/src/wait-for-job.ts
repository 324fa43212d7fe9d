import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from './api-types.js';
import { isTerminal } from './api-types.js';

export interface WaitOptions {
  /** Called with the job after each change of status or progress. */
  readonly onProgress?: (job: Job) => void;
  readonly signal?: AbortSignal;
  /** Polling interval when the event stream is not available; 1000 ms by default. */
  readonly pollMs?: number;
  /** Follow `GET /v1/jobs/:id/events`; true by default. False polls only. */
  readonly events?: boolean;
}

/** How {@link waitForJob} reads one job. */
export interface JobFeed {
  get(signal?: AbortSignal): Promise<Job>;
  events(signal?: AbortSignal): AsyncIterable<Job>;
}

/**
 * Follows the event stream until a terminal status. If the stream cannot be opened or
 * ends early (an older server, a proxy that buffers or cuts it), it polls instead: a
 * real error such as 404 or 401 then surfaces from the first poll.
 */
export async function waitForJob(source: JobFeed, options: WaitOptions = {}): Promise<Job> {
  const { onProgress, signal, pollMs = 1000, events = true } = options;
  let last = '';
  const seen = (job: Job): boolean => {
    const state = JSON.stringify([job.status, job.progress]);
    if (state !== last) onProgress?.(job);
    last = state;
    return isTerminal(job.status);
  };
  if (events) {
    try {
      for await (const job of source.events(signal)) if (seen(job)) return job;
    } catch (error) {
      if (signal?.aborted) throw error;
    }
  }
  for (;;) {
    const job = await source.get(signal);
    if (seen(job)) return job;
    await sleep(pollMs, undefined, { signal });
  }
}
