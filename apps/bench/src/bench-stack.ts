// The system for the scale benchmarks as real processes: its own redis-server and S3
// server, the roles it names, and worker processes started and stopped in sets.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { RedisServer, StartedS3 } from '@remaster/testing';
import { freePort, localEnv, startRedis, startS3 } from '@remaster/testing';
import { processCpuSeconds } from './cpu-usage.js';
import { roleEntry } from './role-entries.js';

type BenchRole = 'api' | 'planner' | 'stitcher' | 'worker';

export const BENCH_KEY = 'bench-key-0123456789';

export interface BenchStack {
  readonly url: string;
  readonly redis: RedisServer;
  readonly s3: StartedS3;
  readonly dir: string;
  /** CPU seconds used so far by each role process, and by redis-server. */
  cpuSeconds(): Promise<Record<string, number>>;
  /** Starts `count` worker processes and resolves once every one logged "worker ready". */
  startWorkers(count: number, env?: Record<string, string>): Promise<WorkerSet>;
  stop(): Promise<void>;
}

export interface WorkerSet {
  /** CPU seconds used so far by all the set's processes together. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts Redis, S3 and `roles` (one process each) with `env` on top of the defaults. */
export async function startBenchStack(
  roles: readonly Exclude<BenchRole, 'worker'>[],
  env: Record<string, string> = {},
): Promise<BenchStack> {
  const dir = await mkdtemp(join(tmpdir(), 'remaster-bench-'));
  const [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
  const port = await freePort();
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...localEnv({
      port,
      redisUrl: redis.url,
      s3,
      apiKeys: `bench:${BENCH_KEY}`,
      dataDir: join(dir, 'data'),
      tmpDir: dir,
    }),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: 'error',
    ...env,
  };
  const started = await Promise.all(roles.map((role) => startRole(role, baseEnv)));
  const named = new Map(roles.map((role, k) => [role, started[k]!]));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(`${url}/healthz`);
  return {
    url,
    redis,
    s3,
    dir,
    cpuSeconds: async () => {
      const usage: Record<string, number> = {};
      for (const [role, child] of named) usage[role] = await processCpuSeconds(child.pid!);
      usage.redis = await redisCpuSeconds(redis.port);
      return usage;
    },
    startWorkers: async (count, workerEnv = {}) => {
      const children = await Promise.all(
        Array.from({ length: count }, () =>
          startRole('worker', { ...baseEnv, LOG_LEVEL: 'info', ...workerEnv }),
        ),
      );
      return {
        cpuSeconds: async () => {
          let total = 0;
          for (const child of children) total += await processCpuSeconds(child.pid!);
          return total;
        },
        stop: async () => void (await Promise.all(children.map(stopProcess))),
      };
    },
    stop: async () => {
      await Promise.all(started.map(stopProcess));
      await Promise.all([redis.stop(), s3.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Spawns a role; a worker resolves once it logged "worker ready", the others at once. */
async function startRole(role: BenchRole, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [roleEntry(role)], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  let ready: (() => void) | undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  lines.on('line', (line) => {
    if (line.includes('"worker ready"')) ready?.();
    else if (/"level":(50|60)/.test(line)) process.stderr.write(`${role}: ${line}\n`);
  });
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) process.stderr.write(`${role} exited with ${code}\n`);
  });
  if (role === 'worker') await isReady;
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function redisCpuSeconds(port: number): Promise<number> {
  const { stdout } = await promisify(execFile)('redis-cli', ['-p', String(port), 'INFO', 'cpu']);
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(stdout)?.[1] ?? 0);
  return field('used_cpu_sys') + field('used_cpu_user');
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 120 s`);
}
