// `pnpm build && pnpm --filter @remaster/bench memory`: peak resident memory of
// one worker process rendering a short and a long 360p clip (25 → 30 fps, blend), in
// chunks of the default size and as one single chunk. A worker that held frames or
// leaked per chunk would show a peak growing with the length; a bounded one does not.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobBody, RunningRole } from '@remaster/testing';
import { freePort, localEnv, makeClip, startRedis, startS3 } from '@remaster/testing';
import { benchSettingsOrExit } from './bench-settings.js';
import { startRole } from './role-entries.js';

const settings = benchSettingsOrExit('memory');
const SHORT_SECONDS = settings.shortSeconds;
const LONG_SECONDS = settings.longSeconds;
const FPS = 25;
const KEY = 'memory-key';

const dir = await mkdtemp(join(tmpdir(), 'remaster-memory-'));
const [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env: Record<string, string> = {
  ...localEnv({
    port,
    redisUrl: redis.url,
    s3,
    apiKeys: `memory:${KEY}`,
    dataDir: join(dir, 'data'),
    tmpDir: join(dir, 'tmp'),
  }),
  LOG_LEVEL: 'error',
};
const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const roles: RunningRole[] = [];

try {
  roles.push(startRole('api', env), startRole('planner', env), startRole('stitcher', env));
  for (const seconds of [SHORT_SECONDS, LONG_SECONDS]) {
    const path = join(dir, `clip-${seconds}s.mp4`);
    await makeClip({ path, width: 640, height: 360, fps: FPS, frames: seconds * FPS });
    await s3.store.putFile(`inputs/clip-${seconds}s.mp4`, path);
  }
  console.log('clip (640x360, 25 fps)  chunks         worker peak RSS (VmHWM)  wall');
  for (const seconds of [SHORT_SECONDS, LONG_SECONDS]) {
    for (const chunkFrames of !settings.oneChunk ? [undefined] : [undefined, seconds * FPS]) {
      const { peakMiB, chunks, wall } = await measure(seconds, chunkFrames);
      const label = chunkFrames ? 'one chunk' : `${chunks} × default`;
      console.log(
        `${String(seconds).padStart(4)} s ${String(seconds * FPS).padStart(5)} frames  ${label.padEnd(14)} ${peakMiB.toFixed(0).padStart(6)} MiB               ${wall.toFixed(0)} s`,
      );
    }
  }
} finally {
  await Promise.all(roles.map((role) => role.kill()));
  await Promise.all([redis.stop(), s3.stop()]);
  await rm(dir, { recursive: true, force: true });
}

/** One job on a fresh worker process; its peak RSS is read from /proc when the job ends. */
async function measure(seconds: number, chunkFrames?: number) {
  const worker = startRole('worker', env);
  const started = Date.now();
  try {
    const body = {
      input: { url: `s3://remaster/inputs/clip-${seconds}s.mp4` },
      interpolate: { fps: 30 },
      ...(chunkFrames ? { chunk: { frames: chunkFrames } } : {}),
    };
    const response = await fetch(`${base}/v1/jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    let job = (await response.json()) as JobBody & { progress: { chunksTotal?: number } };
    while (!['completed', 'failed', 'canceled'].includes(job.status)) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      job = (await (await fetch(`${base}/v1/jobs/${job.id}`, { headers })).json()) as typeof job;
    }
    if (job.status !== 'completed')
      throw new Error(`job ${job.status}: ${JSON.stringify(job.error)}`);
    const peakKiB = Number(
      /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'))![1],
    );
    return {
      peakMiB: peakKiB / 1024,
      chunks: job.progress.chunksTotal ?? 0,
      wall: (Date.now() - started) / 1000,
    };
  } finally {
    await worker.kill();
  }
}
