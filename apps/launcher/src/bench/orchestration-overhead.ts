// `pnpm --filter @remaster/launcher bench`: wall time of a Remaster job through the real
// processes (API, planner, worker, stitcher, Redis, S3) against the same work done by
// one ffmpeg → onnxruntime → ffmpeg process, measured in the same run. Prints a ratio.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, makeClip, startRedis, startS3 } from '@remaster/testing';
import { renderSingleProcess } from './single-process.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIP = { width: 320, height: 240, fps: 25, frames: 100 };
const CHUNK_FRAMES = Number(process.env.BENCH_CHUNK_FRAMES ?? 25);
const KEY = 'bench-key';

const dir = await mkdtemp(join(tmpdir(), 'remaster-bench-'));
const [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
const clip = join(dir, 'clip.mp4');
await makeClip({ path: clip, ...CLIP, audio: true });
await s3.store.putFile('inputs/clip.mp4', clip);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const launcher = spawn(
  process.execPath,
  [fileURLToPath(new URL('../../dist/main.js', import.meta.url))],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: String(port),
      REDIS_URL: redis.url,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'remaster',
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      API_KEYS: `bench:${KEY}`,
      DATA_DIR: join(dir, 'data'),
      TMP_DIR: dir,
      LOG_LEVEL: 'error',
    },
  },
);

try {
  await waitForHealth();
  await runJob(); // warm-up: model sessions and processes
  await renderSingleProcess(singleJob(0));
  const distributed: number[] = [];
  const single: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    distributed.push(await time(runJob));
    single.push(await time(() => renderSingleProcess(singleJob(round))));
  }
  const [d, s] = [median(distributed), median(single)];
  console.log(
    `clip ${CLIP.width}x${CLIP.height} ${CLIP.frames} frames @ ${CLIP.fps} fps → ×2 upscale, 2× rate; chunks of ${CHUNK_FRAMES} frames; ${ROUNDS} rounds`,
  );
  console.log(
    `single process (ffmpeg → onnxruntime → ffmpeg): median ${s.toFixed(2)} s  [${single.map((v) => v.toFixed(2)).join(', ')}]`,
  );
  console.log(
    `remaster job (api → planner → worker → stitcher): median ${d.toFixed(2)} s  [${distributed.map((v) => v.toFixed(2)).join(', ')}]`,
  );
  console.log(`orchestration overhead: job / single process = ${(d / s).toFixed(2)}`);
} finally {
  launcher.kill('SIGTERM');
  await new Promise((resolve) => launcher.once('exit', resolve));
  await Promise.all([redis.stop(), s3.stop()]);
  await rm(dir, { recursive: true, force: true });
}

function singleJob(round: number) {
  return {
    input: clip,
    output: join(dir, `single-${round}.mp4`),
    ...CLIP,
    fps: { num: CLIP.fps, den: 1 },
    targetFps: { num: CLIP.fps * 2, den: 1 },
    factor: 2 as const,
  };
}

async function runJob(): Promise<void> {
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const body = {
    input: { url: 's3://remaster/inputs/clip.mp4' },
    upscale: { factor: 2 },
    interpolate: { factor: 2 },
    chunk: { frames: CHUNK_FRAMES },
  };
  const { id } = (await (
    await fetch(`${base}/v1/jobs`, { method: 'POST', headers, body: JSON.stringify(body) })
  ).json()) as { id: string };
  for (;;) {
    const job = (await (await fetch(`${base}/v1/jobs/${id}`, { headers })).json()) as {
      status: string;
      error?: unknown;
    };
    if (job.status === 'completed') return;
    if (job.status === 'failed') throw new Error(`bench job failed: ${JSON.stringify(job.error)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function time(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the API did not come up');
}
