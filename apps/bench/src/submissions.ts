// Submission throughput: POST /v1/jobs from `concurrency` keep-alive connections for
// `seconds`, while a few other connections time GET /v1/jobs/:id; then how fast the
// planner (ffprobe of each input, the flow in Redis) turned the submissions into plans.
// Run by scale.ts, or alone: `pnpm --filter @remaster/bench submissions`.
import { execFile } from 'node:child_process';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeClip } from '@remaster/testing';
import { BENCH_KEY, startBenchStack } from './bench-stack.js';
import { benchSettingsOrExit } from './bench-settings.js';

export interface SubmissionBenchOptions {
  readonly seconds: number;
  readonly concurrency: number;
  /** Connections timing GET /v1/jobs/:id meanwhile. */
  readonly readers?: number;
  /** How long the planner may take to catch up after the load stops. */
  readonly drainSeconds?: number;
}

interface Answer {
  status: number;
  body: string;
  ms: number;
}

export async function runSubmissionBench(options: SubmissionBenchOptions): Promise<void> {
  const { seconds, concurrency, readers = 4, drainSeconds = 120 } = options;
  const stack = await startBenchStack(['api', 'planner'], {
    TENANT_MAX_ACTIVE_JOBS: '0',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_SUBMIT_PER_MINUTE: '0',
  });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency + readers });
  try {
    const clip = join(stack.dir, 'tiny.mp4');
    await makeClip({ path: clip, width: 64, height: 36, fps: 25, frames: 25 });
    await stack.s3.store.putFile('inputs/tiny.mp4', clip);
    const call = (method: string, path: string, body?: string) =>
      send(agent, new URL(path, stack.url), method, body);
    const body = JSON.stringify({
      input: { url: 's3://remaster/inputs/tiny.mp4' },
      upscale: { factor: 2 },
    });
    const ids: string[] = [];
    const posts: number[] = [];
    const gets: number[] = [];
    let refused = 0;
    const cpu0 = await stack.cpuSeconds();
    const started = performance.now();
    const end = started + seconds * 1000;
    const submitter = async () => {
      while (performance.now() < end) {
        const answer = await call('POST', '/v1/jobs', body);
        if (answer.status !== 202) {
          refused += 1;
          continue;
        }
        posts.push(answer.ms);
        ids.push((JSON.parse(answer.body) as { id: string }).id);
      }
    };
    const reader = async () => {
      while (performance.now() < end) {
        const id = ids[Math.floor(Math.random() * ids.length)];
        if (!id) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          continue;
        }
        const answer = await call('GET', `/v1/jobs/${id}`);
        if (answer.status === 200) gets.push(answer.ms);
      }
    };
    await Promise.all([
      ...Array.from({ length: concurrency }, submitter),
      ...Array.from({ length: readers }, reader),
    ]);
    const loadSeconds = (performance.now() - started) / 1000;
    const plannedDuringLoad = await plannedCount(stack.redis.port);
    const cpuLoad = await stack.cpuSeconds();
    const drained = await waitForPlans(stack.redis.port, ids.length, drainSeconds);
    const cpuDrained = await stack.cpuSeconds();
    // CPU per call tells the capacity of an idle machine, whatever else shares this one.
    const perCall = (role: string, to: Record<string, number>, calls: number) =>
      ((((to[role] ?? 0) - (cpu0[role] ?? 0)) * 1000) / Math.max(1, calls)).toFixed(2);
    const planSeconds = (drained.at - started) / 1000;
    console.log(
      `\nsubmissions: ${concurrency} connections for ${loadSeconds.toFixed(1)} s, ${readers} more reading`,
    );
    console.log(
      `  accepted ${ids.length} (${(ids.length / loadSeconds).toFixed(0)}/s), refused ${refused}; POST p50 ${pct(posts, 50)} ms, p99 ${pct(posts, 99)} ms`,
    );
    console.log(
      `  GET /v1/jobs/:id under that load: ${gets.length} calls, p50 ${pct(gets, 50)} ms, p99 ${pct(gets, 99)} ms`,
    );
    console.log(
      `  planned: ${plannedDuringLoad} while submitting; ${drained.planned} of ${ids.length} after ${planSeconds.toFixed(1)} s (${(drained.planned / planSeconds).toFixed(1)}/s), ${drained.failed} plans failed`,
    );
    console.log(
      `  CPU ms per call: api ${perCall('api', cpuLoad, ids.length + gets.length)} (POST and GET together), redis ${perCall('redis', cpuDrained, ids.length)} per submission, planner ${perCall('planner', cpuDrained, drained.planned)} per plan (with its ffprobe); load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    agent.destroy();
    await stack.stop();
  }
}

function send(agent: Agent, url: URL, method: string, body?: string): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method,
        headers: {
          authorization: `Bearer ${BENCH_KEY}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(parts).toString(),
            ms: performance.now() - t0,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Planned jobs: each one's stitch parent waits for its chunks (no worker runs here). */
async function plannedCount(port: number): Promise<number> {
  return zcard(port, '{remaster}:stitch:waiting-children');
}

async function waitForPlans(
  port: number,
  expected: number,
  seconds: number,
): Promise<{ planned: number; failed: number; at: number }> {
  const deadline = performance.now() + seconds * 1000;
  for (;;) {
    const [planned, failed] = [
      await plannedCount(port),
      await zcard(port, '{remaster}:plan:failed'),
    ];
    if (planned + failed >= expected || performance.now() > deadline)
      return { planned, failed, at: performance.now() };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function zcard(port: number, key: string): Promise<number> {
  const { stdout } = await promisify(execFile)('redis-cli', ['-p', String(port), 'ZCARD', key]);
  return Number(stdout.trim());
}

function pct(values: readonly number[], p: number): string {
  if (values.length === 0) return '—';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!.toFixed(1);
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runSubmissionBench(benchSettingsOrExit('submissions'));
