// `pnpm build && npm run chaos`: N jobs through the real processes, on loopback only,
// while workers and the stitcher are killed (-9) and restarted at random and Redis (with
// AOF) is killed and restarted once mid-run. Every output is checked frame by frame
// (barcode clips); the run reports jobs completed, outputs verified, chunks retried and
// anything lost, and exits 1 unless every job completed and verified. Bounded in time.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

/** The kinds of job in the run, taken in turn: frame order is checked for each. */
const KINDS: Array<{ request: object; check: BarcodeJob }> = [
  {
    request: { upscale: { factor: 2 }, chunk: { frames: 10 } },
    check: { ...SOURCE, targetFps: '25', width: 128, height: 64 },
  },
  {
    request: { interpolate: { factor: 2, sceneThreshold: 0 }, chunk: { frames: 12 } },
    check: { ...SOURCE, targetFps: '50' },
  },
  {
    request: { interpolate: { fps: 60, sceneThreshold: 0 }, chunk: { frames: 15 } },
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
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env: Record<string, string> = {
  ...localEnv({
    port,
    redisUrl: redis.url,
    s3,
    apiKeys: `chaos:${KEY}`,
    dataDir: join(dir, 'data'),
    tmpDir: join(dir, 'tmp'),
  }),
  TENANT_MAX_ACTIVE_JOBS: '0',
  JOB_LOCK_MS: '4000',
  STALLED_CHECK_MS: '1500',
  MAX_STALLED_COUNT: '20',
  LOG_LEVEL: settings.logLevel,
};
const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const kills = { worker: 0, stitcher: 0, redis: 0 };
const orphans = new Set<number>();
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
  log(`${JOBS} jobs submitted; ${WORKERS} workers; Redis AOF appendfsync ${APPENDFSYNC}`);

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
    log(`${ended.size}/${jobs.length} jobs ended; kills ${JSON.stringify(kills)}`);
  }
  await report(jobs, ended);
} finally {
  await Promise.all(roles.map((role) => role.kill()));
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
  let verified = 0;
  const problems: string[] = [];
  for (const { id, kind } of jobs) {
    const job = ended.get(id) ?? (await getJob(id));
    if (!job) problems.push(`${id}: lost (no record)`);
    else if (job.status !== 'completed')
      problems.push(`${id}: ${job.status} ${JSON.stringify(job.error ?? '')}`);
    else {
      const wrong = await checkBarcodeOutput(job.output!.url, kind.check);
      if (wrong) problems.push(`${id}: ${wrong}`);
      else verified += 1;
    }
  }
  const completed = jobs.filter(({ id }) => ended.get(id)?.status === 'completed').length;
  const events = await queueEvents();
  await sleep(3000); // the stitcher deletes segments just after completing
  const segments = (await s3.store.listKeys('jobs/')).filter((key) => key.includes('/segments/'));
  const running = [...orphans].filter(isFfmpegRunning);
  const scratch = (await readdir(env.TMP_DIR!).catch(() => [])).filter(ofDeadProcess);
  console.log('\n--- chaos run ---');
  console.log(
    `duration             ${((Date.now() - started) / 1000).toFixed(0)} s (limit ${SECONDS} s)`,
  );
  console.log(
    `kills                workers ${kills.worker}, stitcher ${kills.stitcher}, redis ${kills.redis} (AOF appendfsync ${APPENDFSYNC})`,
  );
  console.log(
    `jobs                 ${jobs.length} submitted, ${completed} completed, ${verified} verified frame by frame`,
  );
  console.log(
    `retried              chunks ${events.chunk.stalled} after a dead process, ${events.chunk.failed} failed attempts; stitches ${events.stitch.stalled} after a dead process`,
  );
  console.log(`lost / wrong         ${problems.length}${problems.map((p) => `\n  ${p}`).join('')}`);
  console.log(
    `left behind          ${segments.length} segments, ${running.length} ffmpeg of killed processes, ${scratch.length} scratch folders of killed processes (swept when the next process starts)`,
  );
  if (problems.length > 0 || verified !== jobs.length) process.exitCode = 1;
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(message: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}
