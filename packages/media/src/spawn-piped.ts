import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { basename } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ProcessError } from './process-error.js';
import { StderrTail } from './stderr-tail.js';

/** Size of the stderr tail put in error messages. */
const TAIL_BYTES = 2048;

/** Options shared by {@link spawnPiped} and `runProcess`. */
export interface SpawnPipedOptions {
  /** Executable name or path, e.g. `ffmpeg`. */
  readonly command: string;
  readonly args: readonly string[];
  /** Aborting kills the child; `done` then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Kills the child after this many milliseconds; `done` rejects with `PROCESS_TIMEOUT`. */
  readonly timeoutMs?: number;
  /** Opens a fourth pipe, the child's fd 3 (ffmpeg's `pipe:3`), read as {@link PipedProcess.side}. */
  readonly sidePipe?: boolean;
}

/** A running child with its pipes; see {@link spawnPiped}. */
export interface PipedProcess {
  /** The child's stdin; end it when all input is written. */
  readonly stdin: Writable;
  /** The child's stdout; read it, or the child blocks once the pipe is full. */
  readonly stdout: Readable;
  /** The child's fd 3 when `sidePipe` was asked for (a second output, e.g. frame digests). */
  readonly side?: Readable;
  /**
   * Settles when the child has exited: resolves on exit code 0, rejects with a
   * {@link ProcessError} otherwise (or with the abort reason). Never reported as unhandled,
   * so cleanup code may kill the child without awaiting this.
   */
  readonly done: Promise<void>;
  /** The end of stderr so far (bounded; at most 64 KiB). */
  stderr(): string;
  /** Kills the child with SIGKILL if it still runs; safe to call again and after exit. */
  kill(): void;
}

type StopReason = 'killed' | 'timeout' | 'aborted';

/**
 * Spawns a long-running child (ffmpeg decoding or encoding a stream) with piped stdio.
 * stderr is drained and kept bounded; the caller must call `kill()` in its cleanup path.
 */
export function spawnPiped(options: SpawnPipedOptions): PipedProcess {
  const { command, args, signal, timeoutMs } = options;
  signal?.throwIfAborted();
  const child = spawn(command, args, {
    stdio: options.sidePipe ? ['pipe', 'pipe', 'pipe', 'pipe'] : 'pipe',
  });
  const side = options.sidePipe ? (child.stdio[3] as Readable) : undefined;
  const stderr = new StderrTail();
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // EPIPE when the child exits before reading all its input; its exit status says why.
  child.stdin.on('error', () => undefined);
  const stopper = armStopper(child, signal, timeoutMs);
  const context: ExitContext = { child, command, stderr, timeoutMs, stopReason: stopper.reason };
  const done = waitForExit(context)
    .catch((error: unknown) => {
      throw stopper.reason() === 'aborted' ? signal?.reason : error;
    })
    .finally(stopper.disarm);
  // Marks `done` handled; callers who await it still see the rejection.
  done.catch(() => undefined);
  return {
    stdin: child.stdin,
    stdout: child.stdout,
    ...(side && { side }),
    done,
    stderr: () => stderr.text(),
    kill: () => stopper.stop('killed'),
  };
}

interface Stopper {
  /** Why the child was stopped, if it was: the first reason wins. */
  readonly reason: () => StopReason | undefined;
  readonly stop: (reason: StopReason) => void;
  /** Clears the timer and the abort listener once the child has exited. */
  readonly disarm: () => void;
}

function armStopper(
  child: ChildProcessWithoutNullStreams,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): Stopper {
  let reason: StopReason | undefined;
  const stop = (why: StopReason): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    reason ??= why;
    // SIGKILL: the output is discarded anyway, and ffmpeg may linger on SIGTERM.
    child.kill('SIGKILL');
  };
  const onAbort = (): void => stop('aborted');
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), timeoutMs);
  const disarm = (): void => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
  return { reason: () => reason, stop, disarm };
}

interface ExitContext {
  readonly child: ChildProcessWithoutNullStreams;
  readonly command: string;
  readonly stderr: StderrTail;
  readonly timeoutMs: number | undefined;
  readonly stopReason: () => StopReason | undefined;
}

function waitForExit(context: ExitContext): Promise<void> {
  const { child, command } = context;
  // Waiting for stderr to close (not for stdout) puts the whole message in the error
  // without depending on the caller having read stdout to the end.
  const stderrClosed = new Promise<void>((resolve) => child.stderr.once('close', resolve));
  return new Promise<void>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => reject(spawnError(command, error)));
    child.once('exit', (code, signalName) => {
      void stderrClosed.then(() => {
        const failure = exitError(context, code, signalName);
        if (failure) reject(failure);
        else resolve();
      });
    });
  });
}

function exitError(
  context: ExitContext,
  code: number | null,
  signalName: NodeJS.Signals | null,
): ProcessError | undefined {
  const name = basename(context.command);
  const base = { command: name, exitCode: code, stderrTail: context.stderr.text(TAIL_BYTES) };
  const reason = context.stopReason();
  if (reason === 'timeout') {
    const summary = `${name} timed out after ${context.timeoutMs} ms and was killed`;
    return new ProcessError({ ...base, code: 'PROCESS_TIMEOUT', summary });
  }
  if (reason === 'killed' || reason === 'aborted') {
    return new ProcessError({ ...base, code: 'PROCESS_KILLED', summary: `${name} was killed` });
  }
  if (code === 0) return undefined;
  const how = code === null ? `was killed by ${signalName}` : `exited with code ${code}`;
  return new ProcessError({ ...base, code: 'PROCESS_FAILED', summary: `${name} ${how}` });
}

function spawnError(command: string, error: NodeJS.ErrnoException): ProcessError {
  const name = basename(command);
  const base = { command: name, exitCode: null, stderrTail: '', cause: error };
  if (error.code === 'ENOENT') {
    // ffprobe ships in the same Debian package as ffmpeg.
    const hint =
      name === 'ffmpeg' || name === 'ffprobe'
        ? 'install it with apt-get install ffmpeg'
        : 'install it or put it on PATH';
    return new ProcessError({
      ...base,
      code: 'PROCESS_NOT_FOUND',
      summary: `${name} not found: ${hint}`,
    });
  }
  const summary = `${name} could not be started: ${error.message}`;
  return new ProcessError({ ...base, code: 'PROCESS_FAILED', summary });
}
