// What the film bench measures beside the jobs: each role's RSS and CPU from /proc, and
// Redis memory (INFO memory, MEMORY USAGE of one job's keys) through redis-cli.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { processCpuSeconds } from './cpu-usage.js';

/** A process to watch, under the name of its role (workers share one name). */
export interface Watched {
  readonly role: string;
  readonly pid: number;
}

/** Samples every watched process's RSS once a second; `peaks` gives the largest per role, in MB. */
export class RssSampler {
  private readonly peakByRole = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly watched: () => readonly Watched[]) {
    this.timer = setInterval(() => void this.sample(), 1000);
    this.timer.unref();
  }

  async sample(): Promise<void> {
    for (const { role, pid } of this.watched()) {
      const mb = await rssMb(pid);
      if (mb > (this.peakByRole.get(role) ?? 0)) this.peakByRole.set(role, mb);
    }
  }

  /** The peaks since the last reset, then starts again from zero. */
  takePeaks(): Record<string, number> {
    const peaks = Object.fromEntries(this.peakByRole);
    this.peakByRole.clear();
    return peaks;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** VmRSS of a live process in MB (0 once it is gone). */
export async function rssMb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system, with ended children such as ffmpeg) of each role, summed by role. */
export async function cpuByRole(watched: readonly Watched[]): Promise<Record<string, number>> {
  const usage: Record<string, number> = {};
  for (const { role, pid } of watched)
    usage[role] = (usage[role] ?? 0) + (await processCpuSeconds(pid));
  return usage;
}

/** Runs redis-cli against `port`, with `input` on its stdin; resolves with its stdout. */
export function redisCli(port: number, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', ['-p', String(port), ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`redis-cli exited with ${code}`)),
    );
    child.stdin.end(input ?? '');
  });
}

/** `used_memory` of INFO memory, in MB. */
export async function redisUsedMb(port: number): Promise<number> {
  const info = await redisCli(port, ['INFO', 'memory']);
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0) / 1024 ** 2;
}

/** Process id of the redis-server (INFO server), to sample its RSS. */
export async function redisPid(port: number): Promise<number> {
  const info = await redisCli(port, ['INFO', 'server']);
  return Number(/process_id:(\d+)/.exec(info)?.[1] ?? 0);
}

/** CPU seconds of the redis-server (INFO cpu). */
export async function redisCpu(port: number): Promise<number> {
  const info = await redisCli(port, ['INFO', 'cpu']);
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_sys') + field('used_cpu_user');
}

/** The keys whose name holds `id` (job records and its BullMQ jobs), and their MEMORY USAGE. */
export async function jobKeysMemory(
  port: number,
  id: string,
): Promise<{ keys: number; mb: number }> {
  const keys = (await redisCli(port, ['--scan', '--pattern', `*${id}*`]))
    .split('\n')
    .filter((key) => key.length > 0);
  if (keys.length === 0) return { keys: 0, mb: 0 };
  // One command a line; keys are ids and prefixes without spaces or quotes.
  const input = keys.map((key) => `MEMORY USAGE "${key}" SAMPLES 0\n`).join('');
  const bytes = (await redisCli(port, [], input))
    .split('\n')
    .reduce((sum, line) => sum + (Number(line) || 0), 0);
  return { keys: keys.length, mb: bytes / 1024 ** 2 };
}
