// `npm run bench -- film`: a synthetic two-hour film (160×90 at 24 fps with a tone:
// 172,800 frames, 720 chunks of 240) through the real API, planner, stitcher and worker
// processes, Redis and S3, on simulated-GPU workers (4 and 16 by default), each worker
// count also running a 10-chunk job as the baseline. Reports the plan and stitch times,
// Redis memory, each role's peak RSS, orchestration CPU per chunk, the progress and ETA
// error, and (on the last worker count) how long a cancel takes to clean a film job up.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningRole } from '@remaster/testing';
import { freePort, localEnv, startRedis, startS3 } from '@remaster/testing';
import { benchSettingsOrExit } from './bench-settings.js';
import type { CancelRun, FilmApi } from './film-job.js';
import { cancelMidRun, followJob, submitFilm } from './film-job.js';
import type { Watched } from './film-probes.js';
import {
  RssSampler,
  cpuByRole,
  jobKeysMemory,
  redisCli,
  redisCpu,
  redisPid,
  redisUsedMb,
} from './film-probes.js';
import { makeFilmSource, pieceFrames } from './film-source.js';
import { printCancel, printRows, summarise } from './film-report.js';
import type { FilmRow } from './film-report.js';
import { startRole } from './role-entries.js';

const settings = benchSettingsOrExit('film');
const FPS = 24;
const [width, height] = settings.size;
const KEY = 'film-key-0123456789';
const piece = pieceFrames(FPS);
const baselineFrames = settings.baselineChunks * settings.chunk;
for (const [name, frames] of [
  ['--frames', settings.frames],
  ['--baseline-chunks × --chunk', baselineFrames],
] as const)
  if (frames % piece !== 0) {
    console.error(`${name}: the film is made of ${piece}-frame pieces, got ${frames} frames`);
    process.exit(2);
  }

const dir = await mkdtemp(join(tmpdir(), 'remaster-film-'));
const [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
const port = await freePort();
const env = {
  ...localEnv({
    port,
    redisUrl: redis.url,
    s3,
    apiKeys: `bench:${KEY}`,
    dataDir: join(dir, 'data'),
    tmpDir: dir,
  }),
  LOG_LEVEL: 'error',
  MAX_CHUNKS: '100000',
  TENANT_MAX_ACTIVE_JOBS: '0',
};
const api: FilmApi = {
  url: `http://127.0.0.1:${port}`,
  headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
};
const roles: RunningRole[] = [
  startRole('api', env),
  startRole('planner', env),
  startRole('stitcher', env),
];
let workers: RunningRole[] = [];
const redisProcess = await redisPid(redis.port);
const watched = (): Watched[] => [
  ...[...roles, ...workers].map(({ role, pid }) => ({ role, pid })),
  { role: 'redis', pid: redisProcess },
];
const sampler = new RssSampler(watched);
const rows: FilmRow[] = [];
let canceled: CancelRun | undefined;
try {
  await waitForHealth();
  const made = performance.now();
  const [film, baseline] = await Promise.all([
    makeFilmSource({ dir, name: 'film.mp4', width, height, fps: FPS, frames: settings.frames }),
    makeFilmSource({ dir, name: 'baseline.mp4', width, height, fps: FPS, frames: baselineFrames }),
  ]);
  await s3.store.putFile('inputs/film.mp4', film);
  await s3.store.putFile('inputs/baseline.mp4', baseline);
  console.log(
    `film: ${width}x${height} @ ${FPS} fps, ${settings.frames} frames (${(settings.frames / FPS / 3600).toFixed(2)} h) with a tone, made and uploaded in ${((performance.now() - made) / 1000).toFixed(1)} s; ×2 upscale, chunks of ${settings.chunk}, simulated GPU ${settings.ms} ms/frame; load average ${loadAverage()}`,
  );
  for (const [k, count] of settings.workers.entries()) {
    workers = await startWorkers(count);
    rows.push(await runJob(count, 'baseline', 's3://remaster/inputs/baseline.mp4'));
    rows.push(await runJob(count, 'film', 's3://remaster/inputs/film.mp4'));
    if (settings.cancel && k === settings.workers.length - 1) canceled = await cancelFilm(count);
    await Promise.all(workers.map((worker) => worker.terminate()));
    workers = [];
  }
  printRows(rows);
  if (canceled) printCancel(canceled);
} catch (error) {
  for (const role of [...roles, ...workers].slice(0, 4))
    console.error(`--- ${role.role} ${role.pid}:\n${role.output().slice(-2000)}`);
  throw error;
} finally {
  sampler.stop();
  await Promise.all([...roles, ...workers].map((role) => role.terminate()));
  await Promise.all([redis.stop(), s3.stop()]);
  await rm(dir, { recursive: true, force: true });
}

async function runJob(count: number, kind: FilmRow['kind'], input: string): Promise<FilmRow> {
  const redisBefore = await redisUsedMb(redis.port);
  const [cpu0, redisCpu0] = [await cpuByRole(watched()), await redisCpu(redis.port)];
  sampler.takePeaks();
  const id = await submitFilm(api, input, settings.chunk);
  let queued: { usedMb: number; keys: number; keysMb: number } | undefined;
  const finished = await followJob(api, id, {
    pollMs: settings.pollMs,
    onPoll: async (poll) => {
      if (queued || poll.status !== 'processing') return;
      const keys = await jobKeysMemory(redis.port, id);
      queued = { usedMb: await redisUsedMb(redis.port), keys: keys.keys, keysMb: keys.mb };
    },
  });
  await sampler.sample();
  const [cpu1, redisCpu1] = [await cpuByRole(watched()), await redisCpu(redis.port)];
  const after = await jobKeysMemory(redis.port, id);
  const cpu = Object.fromEntries(
    Object.keys(cpu1).map((role) => [role, cpu1[role]! - (cpu0[role] ?? 0)]),
  );
  cpu.redis = redisCpu1 - redisCpu0;
  const row = summarise({
    workers: count,
    kind,
    finished,
    cpu,
    rssMb: sampler.takePeaks(),
    redis: {
      beforeMb: redisBefore,
      queued,
      afterMb: await redisUsedMb(redis.port),
      afterKeys: after,
    },
    load: loadAverage(),
  });
  console.log(`${count} workers, ${kind}: ${JSON.stringify(row)}`);
  return row;
}

async function cancelFilm(count: number): Promise<CancelRun> {
  const id = await submitFilm(api, 's3://remaster/inputs/film.mp4', settings.chunk);
  const chunkKeys = async () =>
    (await redisCli(redis.port, ['--scan', '--pattern', `*:chunk:${id}-chunk-*`]))
      .split('\n')
      .filter(Boolean).length;
  const result = await cancelMidRun({
    api,
    id,
    cancelAfterChunks: count * 2,
    objects: s3.store,
    chunkKeys,
    limitSeconds: 120,
  });
  console.log(`cancel: ${JSON.stringify(result)}`);
  return result;
}

/** Starts `count` simulated-GPU workers and resolves once each one logged "worker ready". */
async function startWorkers(count: number): Promise<RunningRole[]> {
  const started = Array.from({ length: count }, () =>
    startRole(
      'worker',
      {
        ...env,
        LOG_LEVEL: 'info',
        SIMULATED_GPU_MS_PER_FRAME: String(settings.ms),
        WORKER_SHUTDOWN_GRACE_MS: '1000',
      },
      { capture: true },
    ),
  );
  const deadline = Date.now() + 120_000;
  while (!started.every((worker) => worker.output().includes('"worker ready"'))) {
    if (Date.now() > deadline) throw new Error('workers did not log "worker ready" within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return started;
}

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (
      await fetch(`${api.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the API did not answer /healthz within 120 s');
}

function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
}
