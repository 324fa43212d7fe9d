import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { trackService } from './start-redis.js';

const run = promisify(execFile);

/** A Redis Cluster of masters on loopback ports that only this test process uses. */
export interface RedisCluster {
  /** `redis://127.0.0.1:<port>,…`, every node, as REDIS_URL takes seed nodes. */
  readonly urls: string;
  readonly ports: readonly number[];
  /** Stops every node and removes their directories; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `masters` redis-server processes in cluster mode (persistence off, a temp
 * directory each), joins them with `redis-cli --cluster create` (no replicas) and waits
 * until every node reports `cluster_state:ok`.
 */
export async function startRedisCluster(
  options: { masters?: number; readyTimeoutMs?: number } = {},
): Promise<RedisCluster> {
  const { masters = 3, readyTimeoutMs = 15_000 } = options;
  const dir = await mkdtemp(join(tmpdir(), 'remaster-redis-cluster-'));
  const ports = await distinctFreePorts(masters);
  const children = ports.map((port) => spawnNode(port, dir));
  const killNow = (): void => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const untrack = trackService({ name: `redis cluster :${ports.join(',')}`, killNow });
  const stop = async (): Promise<void> => {
    await Promise.all(children.map(stopChild));
    await rm(dir, { recursive: true, force: true });
    untrack();
  };
  try {
    const deadline = Date.now() + readyTimeoutMs;
    for (const port of ports)
      await waitFor(deadline, async () => (await cli(port, 'PING')) === 'PONG');
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes,
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    for (const port of ports)
      await waitFor(deadline, async () =>
        (await cli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'),
      );
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls: ports.map((port) => `redis://127.0.0.1:${port}`).join(','), ports, stop };
}

function spawnNode(port: number, dir: string): ChildProcess {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`));
  args.push('--dir', dir);
  return spawn('redis-server', args, { stdio: 'ignore' });
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  // A node also listens on its port + 10000 (the cluster bus), which must be a valid port.
  while (ports.size < count) {
    const port = await freePort();
    if (port <= 55_535) ports.add(port);
  }
  return [...ports];
}

async function cli(port: number, ...command: string[]): Promise<string> {
  try {
    const { stdout } = await run('redis-cli', ['-p', String(port), ...command]);
    return stdout.trim();
  } catch {
    return '';
  }
}

async function waitFor(deadline: number, check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the Redis Cluster did not come up in time');
    await sleep(50);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
