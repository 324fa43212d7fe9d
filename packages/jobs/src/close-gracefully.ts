import type { Worker } from 'bullmq';

/**
 * Stops a BullMQ worker on shutdown: it takes no new job, and the jobs it runs may
 * finish for `graceMs`. Then `handBack` is aborted: their handlers stop (ffmpeg is
 * killed) and `consume` moves each job back to wait, where another process takes it at
 * once instead of after its lock expires. Resolves when the worker is closed.
 */
export async function closeGracefully(
  worker: Worker,
  handBack: AbortController,
  graceMs: number,
): Promise<void> {
  const timer = setTimeout(
    () => handBack.abort(new Error(`shutting down: not done within ${graceMs} ms`)),
    graceMs,
  );
  try {
    await worker.close();
  } finally {
    clearTimeout(timer);
  }
}
