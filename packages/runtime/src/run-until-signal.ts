import type { Logger } from '@remaster/config';

/**
 * Keeps a role running until SIGTERM or SIGINT, then calls `stop` once, bounded by
 * `graceMs`; a second signal or the deadline exits at once.
 */
export function runUntilSignal(logger: Logger, stop: () => Promise<void>, graceMs = 30_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'stopping');
    const deadline = setTimeout(() => {
      logger.warn('shutdown took too long; exiting');
      process.exit(1);
    }, graceMs);
    deadline.unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
