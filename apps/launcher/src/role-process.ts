import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Logger } from '@remaster/config';
import { CONFIG_ERROR_EXIT_CODE } from '@remaster/config';

const MAX_BACKOFF_MS = 30_000;

/**
 * Runs one role as a child process and restarts it with backoff when it dies, except
 * when it exits on a configuration error ({@link CONFIG_ERROR_EXIT_CODE}): the same
 * environment would give the same error, so `onConfigError` is called instead.
 */
export class RoleProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  private failures = 0;

  constructor(
    readonly role: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logger: Logger,
    private readonly onConfigError: (role: string) => void = () => undefined,
  ) {}

  start(): void {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [this.entry], {
      env: this.env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    this.child = child;
    child.once('exit', (code, signal) => {
      this.child = undefined;
      if (this.stopping) return;
      if (code === CONFIG_ERROR_EXIT_CODE) {
        this.stopping = true;
        this.onConfigError(this.role);
        return;
      }
      // A role that ran for a minute before dying starts again at once.
      this.failures = Date.now() - startedAt > 60_000 ? 0 : this.failures + 1;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures);
      this.logger.error(
        { role: this.role, code, signal, restartInMs: delay },
        'role exited; restarting',
      );
      setTimeout(() => this.stopping || this.start(), delay).unref();
    });
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  async stop(graceMs = 35_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
