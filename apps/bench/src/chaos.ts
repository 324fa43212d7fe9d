// `pnpm build && npm run chaos`: N jobs through the real processes, on loopback only,
// while workers and the stitcher are killed (-9) and restarted at random, Redis (with
// AOF) is killed and restarted once mid-run, and every role reaches S3 through a fault
// proxy that fails a share of requests (500, 503, resets, stalls; presigned URLs that
// ffmpeg reads too, as S3_PUBLIC_ENDPOINT is unset). Every output is checked frame by
// frame (barcode clips); the run reports jobs completed, verified and failed (by code),
// chunks retried, the proxy's counters and anything lost or stuck, and exits 1 unless
// every job either completed with the exact frames or failed with a code. Bounded in time.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '@remaster/media';
import type { BarcodeJob, JobBody, RunningRole } from '@remaster/testing';
import {
  checkBarcodeOutput,
  freePort,
  isFfmpegRunning,
  localEnv,
  makeClip,
  startRedis,
  startS3,
  startS3FaultProxy,
} from '@remaster/testing';
import { benchSettingsOrExit } from './bench-settings.js';
import type { ProcessRole } from './role-entries.js';
import { startRole } from './role-entries.js';

const settings = benchSettingsOrExit('chaos');
const JOBS = settings.jobs;
const WORKERS = settings.workers;
const SECONDS = settings.seconds;
/** Mean pause between two kills. */
const KILL_EVERY_MS = settings.killEveryMs;
const APPENDFSYNC = settings.appendfsync;
const KEY = 'chaos-key';
const SOURCE = { frames: 60, fps: '25', width: 64, height: 32 };

/**
 * The kinds of job in the run, taken in turn: frame order is checked for each. They name
 * `blend`, whose frames the check predicts exactly; mci, the default, moves the bars.
 */
const KINDS: Array<{ request: object; check: BarcodeJob }> = [
  {
    request: { upscale: { factor: 2 }, chunk: { frames: 10 } },
    check: { ...SOURCE, targetFps: '25', width: 128, height: 64 },
  },
  {
    request: {
      interpolate: { model: 'blend', factor: 2, sceneThreshold: 0 },
      chunk: { frames: 12 },
    },
    check: { ...SOURCE, targetFps: '50' },
  },
  {
    request: { interpolate: { model: 'blend', fps: 60, sceneThreshold: 0 }, chunk: { frames: 15 } },
    check: { ...SOURCE, targetFps: '60' },
  },
];

const started = Date.now();
const deadline = started + SECONDS * 1000;
const dir = await mkdtemp(join(tmpdir(), 'remaster-chaos-'));
const [redis, s3] = await Promise.all([
  startRedis({ appendfsync: APPENDFSYNC }),
  startS3({ bucket: 'remaster' }),
]);
// The bench itself (input upload, checks) talks to S3 directly; the roles only through this.
const proxy = await startS3FaultProxy({
  target: s3.endpoint,
  faultRate: settings.s3FaultPercent / 100,
  stallMs: settings.s3StallMs,
  seed: settings.seed,
});
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env: Record<string, string> = {
  ...localEnv({
    port,
    redisUrl: redis.url,
    s3: { ...s3, endpoint: proxy.endpoint },
    apiKeys: `chaos:${KEY}`,
    dataDir: join(dir, 'data'),
    tmpDir: join(dir, 'tmp'),
  }),
  TENANT_MAX_ACTIVE_JOBS: '0',
  JOB_LOCK_MS: '4000',
  STALLED_CHECK_MS: '1500',
  MAX_STALLED_COUNT: '20',
  STUCK_JOB_GRACE_MS: String(settings.stuckGraceMs),
  LOG_LEVEL: settings.logLevel,
};
const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const kills = { worker: 0, stitcher: 0, redis: 0 };
const orphans = new Set<number>();
/** 1-minute load averages sampled through the run, for the report. */
const loads: number[] = [];
let roles: RunningRole<ProcessRole>[] = [];

try {
  await makeClip({ path: join(dir, 'barcode.mp4'), ...SOURCE, fps: 25, barcode: true });
  await s3.store.putFile('inputs/barcode.mp4', join(dir, 'barcode.mp4'));
  roles = [
    startRole('api', env),
    startRole('planner', env),
    startRole('stitcher', env),
    ...Array.from({ length: WORKERS }, () => startRole('worker', env)),
  ];
  await until(() =>
    fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    ),
  );
  const jobs: Array<{ id: string; kind: (typeof KINDS)[number] }> = [];
  for (let n = 0; n < JOBS; n += 1) {
    const kind = KINDS[n % KINDS.length]!;
    const body = { input: { url: 's3://remaster/inputs/barcode.mp4' }, ...kind.request };
    const response = await fetch(`${base}/v1/jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (response.status !== 202)
      throw new Error(`submit: ${response.status} ${await response.text()}`);
    jobs.push({ id: ((await response.json()) as JobBody).id, kind });
  }
  log(
    `${JOBS} jobs submitted; ${WORKERS} workers; Redis AOF appendfsync ${APPENDFSYNC}; ` +
      `${settings.s3FaultPercent} % of S3 requests faulted (stalls ${settings.s3StallMs} ms, seed ${settings.seed})`,
  );

  const ended = new Map<string, JobBody>();
  let redisRestarted = false;
  while (ended.size < jobs.length && Date.now() < deadline) {
    await sleep(KILL_EVERY_MS * (0.5 + Math.random()));
    if (!redisRestarted && (ended.size >= jobs.length / 3 || Date.now() > started + 60_000)) {
      redisRestarted = true;
      kills.redis += 1;
      log('kill -9 redis-server; restarting it in 1 s from its append-only file');
      await redis.restart({ downMs: 1000 });
    } else {
      await killOne();
    }
    for (const { id } of jobs) {
      if (ended.has(id)) continue;
      const job = await getJob(id);
      if (job && ['completed', 'failed', 'canceled'].includes(job.status)) ended.set(id, job);
    }
    loads.push(loadavg()[0]!);
    log(
      `${ended.size}/${jobs.length} jobs ended; kills ${JSON.stringify(kills)}; S3 ${JSON.stringify(proxy.counts)}`,
    );
  }
  await report(jobs, ended);
} finally {
  await Promise.all(roles.map((role) => role.kill()));
  await proxy.close();
  await Promise.all([redis.stop(), s3.stop()]);
  await rm(dir, { recursive: true, force: true });
}

/** kill -9 a random worker or (one time in four) the stitcher, and start a new one. */
async function killOne(): Promise<void> {
  const candidates = roles.filter((r) => r.role === 'worker' || r.role === 'stitcher');
  const pick =
    Math.random() < 0.25
      ? candidates.find((r) => r.role === 'stitcher')!
      : candidates.filter((r) => r.role === 'worker')[Math.floor(Math.random() * WORKERS)]!;
  for (const pid of pick.ffmpegChildren()) orphans.add(pid);
  await pick.kill();
  kills[pick.role as 'worker' | 'stitcher'] += 1;
  roles = roles.filter((r) => r !== pick);
  await sleep(Math.random() * 1000);
  roles.push(startRole(pick.role, env));
}

async function report(
  jobs: Array<{ id: string; kind: (typeof KINDS)[number] }>,
  ended: Map<string, JobBody>,
): Promise<void> {
  const faults = { ...proxy.counts };
  proxy.setFaultRate(0); // the checks below read outputs by their presigned (proxy) URLs
  let verified = 0;
  const failedCodes = new Map<string, number>();
  const problems: string[] = [];
  for (const { id, kind } of jobs) {
    const job = ended.get(id) ?? (await getJob(id));
    if (!job) problems.push(`${id}: lost (no record)`);
    else if (!ended.has(id))
      problems.push(
        `${id}: not ended at the time limit (${job.status}): stuck, or give it more --seconds`,
      );
    else if (job.status === 'failed' && job.error?.code) {
      failedCodes.set(job.error.code, (failedCodes.get(job.error.code) ?? 0) + 1);
    } else if (job.status !== 'completed')
      problems.push(`${id}: ${job.status} ${JSON.stringify(job.error ?? '')}`);
    else {
      const wrong = await checkBarcodeOutput(job.output!.url, kind.check);
      if (wrong) problems.push(`${id}: completed with wrong output: ${wrong}`);
      else verified += 1;
    }
  }
  const completed = jobs.filter(({ id }) => ended.get(id)?.status === 'completed').length;
  const failed = [...failedCodes].map(([code, n]) => `${n} ${code}`).join(', ') || 'none';
  const events = await queueEvents();
  await sleep(3000); // the stitcher deletes segments just after completing
  const segments = (await s3.store.listKeys('jobs/')).filter((key) => key.includes('/segments/'));
  const running = [...orphans].filter(isFfmpegRunning);
  const scratch = (await readdir(env.TMP_DIR!).catch(() => [])).filter(ofDeadProcess);
  const lines = [
    `duration             ${((Date.now() - started) / 1000).toFixed(0)} s (limit ${SECONDS} s); 1-min load average ${meanLoad()} mean, ${Math.max(0, ...loads).toFixed(1)} max`,
    `kills                workers ${kills.worker}, stitcher ${kills.stitcher}, redis ${kills.redis} (AOF appendfsync ${APPENDFSYNC})`,
    `S3 faults            ${faults.requests} requests: ${faults.error500} × 500, ${faults.error503} × 503, ${faults.reset} resets, ${faults.stall} stalls of ${settings.s3StallMs} ms (${settings.s3FaultPercent} %, seed ${settings.seed})`,
    `jobs                 ${jobs.length} submitted, ${completed} completed, ${verified} verified frame by frame; failed with a code: ${failed}`,
    `retried              chunks ${events.chunk.stalled} after a dead process, ${events.chunk.failed} failed attempts; stitches ${events.stitch.stalled} after a dead process, ${events.stitch.failed} failed attempts`,
    `lost / stuck / wrong ${problems.length}${problems.map((p) => `\n  ${p}`).join('')}`,
    `left behind          ${segments.length} segments, ${running.length} ffmpeg of killed processes, ${scratch.length} scratch folders of killed processes (swept when the next process starts)`,
  ];
  console.log(['\n--- chaos run ---', ...lines].join('\n'));
  if (problems.length > 0 || verified !== completed) process.exitCode = 1;
}

/** Counts of BullMQ events of the chunk and stitch queues (stalled = taken back from a dead process). */
async function queueEvents() {
  const count = async (queue: string) => {
    const { stdout } = await runProcess({
      command: 'redis-cli',
      args: ['-p', String(redis.port), '--raw', 'XRANGE', `{remaster}:${queue}:events`, '-', '+'],
    });
    const lines = stdout.toString().split('\n');
    const of = (name: string) =>
      lines.filter((line, i) => line === name && lines[i - 1] === 'event').length;
    return { stalled: of('stalled'), failed: of('failed') };
  };
  return { chunk: await count('chunk'), stitch: await count('stitch') };
}

async function getJob(id: string): Promise<JobBody | undefined> {
  try {
    const response = await fetch(`${base}/v1/jobs/${id}`, { headers });
    return response.status === 200 ? ((await response.json()) as JobBody) : undefined;
  } catch {
    return undefined; // the API waits for Redis while it restarts
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('chaos run: the stack did not start in time');
    await sleep(200);
  }
}

/** A scratch folder (`remaster-scratch-<host>-<pid>`) whose process is gone. */
function ofDeadProcess(name: string): boolean {
  const pid = Number(/-(\d+)$/.exec(name)?.[1]);
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

function meanLoad(): string {
  return (loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)).toFixed(1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(message: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}
