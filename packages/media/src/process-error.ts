/**
 * Why a child process failed:
 * - `PROCESS_NOT_FOUND`: the executable is not installed or not on PATH;
 * - `PROCESS_FAILED`: it could not start, exited non-zero or died from a signal;
 * - `PROCESS_TIMEOUT`: it ran past `timeoutMs` and was killed;
 * - `PROCESS_KILLED`: the caller killed it (cleanup after another failure).
 */
export type ProcessErrorCode =
  'PROCESS_NOT_FOUND' | 'PROCESS_FAILED' | 'PROCESS_TIMEOUT' | 'PROCESS_KILLED';

/** What {@link ProcessError} is built from. */
export interface ProcessErrorInit {
  readonly code: ProcessErrorCode;
  /** The executable's name, e.g. `ffmpeg`. Arguments are left out: they may hold signed URLs. */
  readonly command: string;
  readonly exitCode: number | null;
  readonly stderrTail: string;
  /** One line saying what happened, e.g. `ffmpeg exited with code 1`. */
  readonly summary: string;
  readonly cause?: unknown;
}

/** A child process failed; the message names the command and ends with its stderr tail. */
export class ProcessError extends Error {
  override readonly name = 'ProcessError';
  readonly code: ProcessErrorCode;
  readonly command: string;
  /** Exit status, or null when it never started or died from a signal. */
  readonly exitCode: number | null;
  /** The last ~2 KB of stderr, where ffmpeg says what went wrong. */
  readonly stderrTail: string;

  constructor(init: ProcessErrorInit) {
    const message = init.stderrTail ? `${init.summary}: ${init.stderrTail}` : init.summary;
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.command = init.command;
    this.exitCode = init.exitCode;
    this.stderrTail = init.stderrTail;
  }
}
