import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port.js';

/** Something a test started that must not outlive the test process. */
export interface StartedService {
  readonly name: string;
  /** Synchronous last-resort cleanup (kill, remove temp files), run when the process exits. */
  killNow(): void;
}

/**
 * Services started by this process and not stopped yet. Whatever is still
 * here when the process exits (a test that threw before its `after` hook, a
 * Ctrl-C) is killed then, so no redis-server is left behind on a loopback port.
 */
export const startedServices = new Set<StartedService>();

let exitHooksInstalled = false;

/** Adds a service to {@link startedServices}; the returned function takes it off again. */
export function trackService(service: StartedService): () => void {
  if (!exitHooksInstalled) {
    exitHooksInstalled = true;
    process.once('exit', killAllNow);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      // Clean up, then die of the same signal as if we had not been listening.
      process.once(signal, () => {
        killAllNow();
        process.kill(process.pid, signal);
      });
    }
  }
  startedServices.add(service);
  return () => startedServices.delete(service);
}

function killAllNow(): void {
  for (const service of startedServices) {
    try {
      service.killNow();
    } catch {
      // Best effort while exiting: one failure must not stop the others.
    }
  }
  startedServices.clear();
}

/** A running redis-server that only this test process uses. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`, for ioredis or BullMQ. */
  url: string;
  port: number;
  /**
   * Kills the server (SIGKILL, like a crash, unless `graceful`) and starts it again on
   * the same port and directory, so with `appendfsync` it reloads its append-only file.
   */
  restart(options?: { graceful?: boolean; downMs?: number }): Promise<void>;
  /** Stops the server and removes its temp directory; safe to call twice. */
  stop(): Promise<void>;
}

/** How to start redis-server; the defaults suit tests. */
export interface StartRedisOptions {
  /** The redis-server executable; default `redis-server` from PATH. */
  command?: string;
  /** How long to wait for the first PONG. */
  readyTimeoutMs?: number;
  /** Turns AOF persistence on with this fsync policy (default: persistence off). */
  appendfsync?: 'always' | 'everysec';
}

const INSTALL_HINT =
  'Install it with `apt-get install redis-server` (Debian/Ubuntu, as root) or `brew install redis` (macOS).';
// The port is free when picked but may be taken before redis binds it.
const BIND_ATTEMPTS = 3;

/**
 * Starts a private redis-server on a free loopback port, with persistence off
 * and a temp directory of its own, and waits until it answers PING.
 *
 * @throws Error with install instructions when redis-server is not installed.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const { command = 'redis-server', readyTimeoutMs = 10_000, appendfsync } = options;
  const dir = await mkdtemp(join(tmpdir(), 'remaster-redis-'));
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let child = spawnRedis({ command, port, dir, appendfsync });
    const untrack = trackService({
      name: `redis-server :${port}`,
      killNow: () => killNow(child, dir),
    });
    try {
      await waitForPong({ port, exited: child.exited, timeoutMs: readyTimeoutMs });
    } catch (error) {
      await stopChild(child.process);
      untrack();
      const portTaken = child.output().includes('Address already in use');
      if (portTaken && attempt < BIND_ATTEMPTS) continue;
      await rm(dir, { recursive: true, force: true });
      throw describeFailure(error, command, child.output());
    }
    const stop = async (): Promise<void> => {
      await stopChild(child.process);
      await rm(dir, { recursive: true, force: true });
      untrack();
    };
    const restart = async ({ graceful = false, downMs = 0 } = {}): Promise<void> => {
      if (graceful) await stopChild(child.process);
      else await killChild(child.process);
      await sleep(downMs);
      child = spawnRedis({ command, port, dir, appendfsync });
      await waitForPong({ port, exited: child.exited, timeoutMs: readyTimeoutMs });
    };
    return { url: `redis://127.0.0.1:${port}`, port, restart, stop };
  }
}

interface SpawnedRedis {
  process: ChildProcess;
  /** Settles when the process exits or cannot be started. */
  exited: Promise<Error>;
  /** The end of what redis-server printed, for error messages. */
  output(): string;
}

function spawnRedis(options: {
  command: string;
  port: number;
  dir: string;
  appendfsync?: 'always' | 'everysec';
}): SpawnedRedis {
  const { command, port, dir, appendfsync } = options;
  const persistence = appendfsync
    ? ['--appendonly', 'yes', '--appendfsync', appendfsync]
    : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence];
  args.push('--dir', dir);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  // Keep reading, or redis blocks once the pipe buffer is full.
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<Error>((resolve) => {
    child.once('error', resolve);
    child.once('exit', (code, signal) =>
      resolve(new Error(`redis-server exited (code ${code}, signal ${signal})`)),
    );
  });
  return { process: child, exited, output: () => tail };
}

async function waitForPong(options: {
  port: number;
  exited: Promise<Error>;
  timeoutMs: number;
}): Promise<void> {
  const { port, exited, timeoutMs } = options;
  const deadline = Date.now() + timeoutMs;
  let exit: Error | undefined;
  void exited.then((error) => (exit = error));
  while (Date.now() < deadline) {
    if (exit !== undefined) throw exit;
    if (await answersPing(port)) return;
    await sleep(20);
  }
  throw new Error(`redis-server did not answer PING on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** Sends an inline PING over a plain socket; true when the reply is PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function killNow(child: SpawnedRedis, dir: string): void {
  child.process.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

function describeFailure(error: unknown, command: string, output: string): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
    return new Error(
      `${command} was not found on PATH, and tests need a real Redis. ${INSTALL_HINT}`,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new Error(
    `could not start ${command}: ${message}${output ? `\n--- its output ---\n${output}` : ''}`,
  );
}
