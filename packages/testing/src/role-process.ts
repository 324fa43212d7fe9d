// Test harness: each role as its own process, started and killed by the test itself (no
// launcher restarting it), so a test knows every PID: kill -9 one, SIGTERM another.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { trackService } from '@remaster/testing';

export type RoleName = 'api' | 'planner' | 'worker' | 'stitcher' | 'webhook';

const ENTRIES: Record<RoleName, string> = {
  api: '@remaster/api/main',
  planner: '@remaster/planner/main',
  worker: '@remaster/worker/main',
  stitcher: '@remaster/stitcher/main',
  webhook: '@remaster/api/webhook-main',
};

export interface RoleExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RunningRole {
  readonly role: RoleName;
  readonly pid: number;
  readonly exited: Promise<RoleExit>;
  /** `kill -9`: the process gets no chance to clean up. Resolves once it is gone. */
  kill(): Promise<RoleExit>;
  /** SIGTERM, as an orchestrator stops a process; resolves with its exit. */
  terminate(): Promise<RoleExit>;
  /** The ffmpeg processes it is running now. */
  ffmpegChildren(): number[];
  /** What it printed so far, when started with `capture` (else empty). */
  output(): string;
}

/**
 * Starts one role from its built `dist/main.js` with `env` (on top of this process's);
 * with `capture` its output is kept for {@link RunningRole.output} instead of shown.
 */
export function startRole(
  role: RoleName,
  env: Record<string, string>,
  options: { capture?: boolean } = {},
): RunningRole {
  const entry = fileURLToPath(import.meta.resolve(ENTRIES[role]));
  const child = spawn(process.execPath, [entry], {
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', options.capture ? 'pipe' : 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
  let printed = '';
  const keep = (chunk: Buffer) => (printed = (printed + chunk.toString()).slice(-100_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const pid = child.pid!;
  const untrack = trackService({ name: `${role} ${pid}`, killNow: () => child.kill('SIGKILL') });
  const exited = new Promise<RoleExit>((resolve) =>
    child.once('exit', (code, signal) => {
      untrack();
      resolve({ code, signal });
    }),
  );
  const send = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    role,
    pid,
    exited,
    kill: () => send('SIGKILL'),
    terminate: () => send('SIGTERM'),
    ffmpegChildren: () => childProcesses(pid, 'ffmpeg'),
    output: () => printed,
  };
}

/** PIDs of the children of `pid` whose command name is `name`. */
export function childProcesses(pid: number, name: string): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when nothing matches
  }
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm === name)
    .map(([child]) => Number(child));
}

/** True while `pid` runs and is still an ffmpeg (not a zombie, not a reused pid). */
export function isFfmpegRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return stat.includes('(ffmpeg)') && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
