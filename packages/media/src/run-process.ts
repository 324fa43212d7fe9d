import { spawnPiped } from './spawn-piped.js';
import type { SpawnPipedOptions } from './spawn-piped.js';

/** Options for {@link runProcess}. */
export interface RunProcessOptions extends SpawnPipedOptions {
  /** Written to the child's stdin, which is then closed. */
  readonly stdin?: string | Uint8Array;
}

/** What a successful {@link runProcess} returns. */
export interface ProcessResult {
  /** All of stdout (meant for small outputs such as ffprobe's JSON). */
  readonly stdout: Buffer;
  /** All of fd 3, when `sidePipe` was asked for; else empty. */
  readonly side: Buffer;
  /** The end of stderr (at most 64 KiB), e.g. ffmpeg's warnings. */
  readonly stderr: string;
  /** Always 0: any other exit rejects. */
  readonly code: number;
}

/**
 * Runs a short-lived child to completion and collects its output. Rejects with a
 * `ProcessError` on spawn failure, non-zero exit or timeout, and with the abort reason
 * when `signal` aborts; the child is killed whenever this does not resolve.
 */
export async function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  const child = spawnPiped(options);
  const chunks: Buffer[] = [];
  const stdoutClosed = new Promise<void>((resolve) => child.stdout.once('close', resolve));
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const sideChunks: Buffer[] = [];
  const sideClosed = new Promise<void>((resolve) => {
    if (!child.side) return resolve();
    child.side.once('close', resolve);
    child.side.on('data', (chunk: Buffer) => sideChunks.push(chunk));
  });
  if (options.stdin === undefined) child.stdin.end();
  else child.stdin.end(options.stdin);
  try {
    await child.done;
    await stdoutClosed;
    await sideClosed;
  } finally {
    child.kill();
  }
  return {
    stdout: Buffer.concat(chunks),
    side: Buffer.concat(sideChunks),
    stderr: child.stderr(),
    code: 0,
  };
}
