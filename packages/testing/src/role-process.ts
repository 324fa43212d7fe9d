// Role processes for end-to-end tests and benchmarks: each role as its own process,
// started and killed by the caller itself (no launcher restarting it), so it knows every
// PID: kill -9 one, SIGTERM another. The caller resolves the role's built entry (it is the
// one that depends on the apps: apps/e2e, apps/bench).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { trackService } from './start-redis.js';

export interface RoleExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A started role; `R` names the roles its starter knows. */
export interface RunningRole<R extends string = string> {
  readonly role: R;
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

export interface StartRoleProcessOptions<R extends string = string> {
  /** The role's name, as {@link RunningRole.role} and in the harness's cleanup list. */
  readonly role: R;
  /** Path of its built `dist/main.js`. */
  readonly entry: string;
  /** On top of this process's environment. */
  readonly env: Record<string, string>;
  /** Keep its output for {@link RunningRole.output} instead of showing it. */
  readonly capture?: boolean;
}

/** Starts one role from its built entry, with `env` on top of this process's. */
export function startRoleProcess<R extends string>(
  options: StartRoleProcessOptions<R>,
): RunningRole<R> {
  const { role, entry, env } = options;
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
