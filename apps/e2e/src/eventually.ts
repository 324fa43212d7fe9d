import { setTimeout as sleep } from 'node:timers/promises';

/** How often a probe is retried: short, so a brief state (a chunk mid-render) is caught. */
const POLL_MS = 50;

/** Resolves with the first value `probe` gives that is not undefined; throws after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}
