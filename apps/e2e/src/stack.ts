// The whole system for an end-to-end test: a test Redis and S3 and the real launcher
// (with all its role processes) pointed at them.
import { fileURLToPath } from 'node:url';
import type { Stack } from '@remaster/testing';
import { startStack as startLauncherStack } from '@remaster/testing';

export type { JobBody, Stack } from '@remaster/testing';

// The launcher's built entry (turbo builds it before these tests run).
const LAUNCHER = fileURLToPath(import.meta.resolve('@remaster/launcher/main'));

/** Starts Redis, S3 and the launcher; `env` adds or overrides launcher variables. */
export function startStack(env: Record<string, string> = {}): Promise<Stack> {
  return startLauncherStack({ launcher: LAUNCHER, env });
}
