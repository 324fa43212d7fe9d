// Crash recovery through the real processes: every role runs as its own process (ROLES
// of one each), started by the test so it can kill -9 a worker mid-chunk, the stitcher
// mid-stitch and the API mid-job, or SIGTERM a busy worker. Each job must still complete
// with every output frame in place, leaving no ffmpeg process and no scratch file behind.
// Short locks (JOB_LOCK_MS) make a dead process's job come back within seconds.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RedisServer, RunningRole, StartedS3 } from '@remaster/testing';
import {
  checkBarcodeOutput,
  freePort,
  isFfmpegRunning,
  localEnv,
  makeClip,
  startRedis,
  startS3,
} from '@remaster/testing';
import { startRole } from './roles.js';
import type { JobBody } from './stack.js';
import { eventually } from './eventually.js';

const KEY = 'crash-key';
const CLIP = { frames: 40, fps: '25', width: 64, height: 32 };
const UPSCALED = { ...CLIP, targetFps: '25', width: 128, height: 64 };

describe('crash recovery', () => {
  let redis: RedisServer;
  let s3: StartedS3;
  let dir: string;
  let base: string;
  let env: Record<string, string>;
  let api: RunningRole;
  let stitcher: RunningRole;
  let workers: RunningRole[] = [];
  const others: RunningRole[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'remaster-crash-'));
    [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      ...localEnv({
        port,
        redisUrl: redis.url,
        s3,
        apiKeys: `crash:${KEY}`,
        dataDir: join(dir, 'data'),
        tmpDir: join(dir, 'tmp'),
      }),
      JOB_LOCK_MS: '3000',
      STALLED_CHECK_MS: '1000',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'fatal',
    };
    const clip = join(dir, 'barcode.mp4');
    await makeClip({ path: clip, ...CLIP, fps: 25, barcode: true });
    await s3.store.putFile('inputs/barcode.mp4', clip);
    api = startRole('api', env);
    stitcher = startRole('stitcher', env);
    others.push(startRole('planner', env));
    await waitForHealth();
  });
  after(async () => {
    await Promise.all([api, stitcher, ...workers, ...others].map((role) => role?.kill()));
    await Promise.all([redis?.stop(), s3?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

  async function submit(chunkFrames: number, request: object = { upscale: { factor: 2 } }) {
    const response = await fetch(`${base}/v1/jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        input: { url: 's3://remaster/inputs/barcode.mp4' },
        ...request,
        output: { crf: 8 },
        chunk: { frames: chunkFrames },
      }),
    });
    assert.equal(response.status, 202, await response.clone().text());
    return (await response.json()) as JobBody;
  }

  async function getJob(id: string): Promise<JobBody> {
    return (await (await fetch(`${base}/v1/jobs/${id}`, { headers })).json()) as JobBody;
  }

  async function waitForJob(id: string): Promise<JobBody> {
    return eventually(`job ${id} to end`, 180_000, async () => {
      const job = await getJob(id);
      return ['completed', 'failed', 'canceled'].includes(job.status) ? job : undefined;
    });
  }

  async function assertFrameExact(job: JobBody): Promise<void> {
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    assert.equal(await checkBarcodeOutput(job.output!.url, UPSCALED), undefined);
  }

  async function waitForHealth(): Promise<void> {
    await eventually('the API', 60_000, async () => {
      try {
        return (await fetch(`${base}/healthz`)).ok || undefined;
      } catch {
        return undefined;
      }
    });
  }

  const scratchOf = (role: RunningRole) =>
    join(env.TMP_DIR!, `remaster-scratch-${hostname()}-${role.pid}`);

  /** A worker or stitcher is taking jobs once it has made its scratch folder. */
  function startReady(role: 'worker' | 'stitcher', extra: Record<string, string> = {}) {
    const started = startRole(role, { ...env, ...extra }, { capture: true });
    const ready = eventually(
      `${role} ${started.pid} ready`,
      60_000,
      () => existsSync(scratchOf(started)) || undefined,
    );
    return { started, ready };
  }

  test('kill -9 of a worker mid-chunk: another worker renders the chunk, the output is frame-exact, no ffmpeg or scratch is left', async () => {
    const pair = [startReady('worker'), startReady('worker')];
    workers = pair.map((p) => p.started);
    await Promise.all(pair.map((p) => p.ready));
    const job = await submit(5);
    const { victim, ffmpeg } = await eventually('a worker running ffmpeg', 60_000, () => {
      for (const worker of workers) {
        const children = worker.ffmpegChildren();
        if (children.length > 0) return { victim: worker, ffmpeg: children };
      }
      return undefined;
    });
    await victim.kill();
    workers = workers.filter((w) => w !== victim);
    await eventually(
      'the killed worker’s ffmpeg processes to exit',
      20_000,
      () => ffmpeg.every((pid) => !isFfmpegRunning(pid)) || undefined,
    );

    const done = await waitForJob(job.id);
    await assertFrameExact(done);

    // A worker starting on the machine removes the dead one's scratch (half-written segment).
    const replacement = startReady('worker');
    workers.push(replacement.started);
    await replacement.ready;
    assert.equal(existsSync(scratchOf(victim)), false, 'the killed worker’s scratch is swept');
  });

  test('kill -9 of the stitcher mid-stitch: the stitch reruns, the output is frame-exact and the segments are deleted', async () => {
    const job = await submit(4); // 10 segments: the stitch takes a moment
    await eventually(
      'the job to be stitching',
      120_000,
      async () => (await getJob(job.id)).status === 'stitching' || undefined,
    );
    await stitcher.kill();
    assert.equal((await getJob(job.id)).status, 'stitching', 'killed before the stitch ended');
    assert.ok((await s3.store.listKeys(`jobs/${job.id}/segments/`)).length > 0);

    const replacement = startReady('stitcher');
    const killed = stitcher;
    stitcher = replacement.started;
    await replacement.ready;
    assert.equal(existsSync(scratchOf(killed)), false, 'the killed stitcher’s scratch is swept');
    const done = await waitForJob(job.id);
    await assertFrameExact(done);
    await eventually(
      'segments deleted',
      20_000,
      async () => (await s3.store.listKeys(`jobs/${job.id}/segments/`)).length === 0 || undefined,
    );
  });

  test('kill -9 of the API mid-job, then a restart: the job goes on and is read back complete', async () => {
    const job = await submit(8);
    await eventually(
      'the job to be processing',
      60_000,
      async () => (await getJob(job.id)).status === 'processing' || undefined,
    );
    await api.kill();
    api = startRole('api', env);
    await waitForHealth();
    const done = await waitForJob(job.id);
    await assertFrameExact(done);
    const list = (await (await fetch(`${base}/v1/jobs?limit=10`, { headers })).json()) as {
      items: JobBody[];
    };
    assert.ok(list.items.some((item) => item.id === job.id && item.status === 'completed'));
  });

  test('SIGTERM of a busy worker: it stops its ffmpeg, hands the chunk back and exits at once; the job completes without waiting for the lock', async () => {
    // Idle workers stop cleanly, removing their scratch.
    for (const worker of workers) {
      assert.deepEqual(await worker.terminate(), { code: 0, signal: null });
      assert.equal(existsSync(scratchOf(worker)), false);
    }
    // A 2-minute lock: only the hand-back can bring the chunk back within the test.
    const long = { JOB_LOCK_MS: '120000', WORKER_SHUTDOWN_GRACE_MS: '0', LOG_LEVEL: 'info' };
    const pair = [startReady('worker', long), startReady('worker', long)];
    workers = pair.map((p) => p.started);
    await Promise.all(pair.map((p) => p.ready));
    const job = await submit(20, {
      upscale: { factor: 2 },
      // blend: the check reads its bar levels (mci's are not predictable).
      interpolate: { model: 'blend', factor: 2, sceneThreshold: 0 },
    });
    const { victim, ffmpeg } = await eventually('a worker running ffmpeg', 60_000, () => {
      for (const worker of workers) {
        const children = worker.ffmpegChildren();
        if (children.length > 0) return { victim: worker, ffmpeg: children };
      }
      return undefined;
    });
    const stoppedAt = Date.now();
    const exit = await victim.terminate();
    const seconds = (Date.now() - stoppedAt) / 1000;
    workers = workers.filter((w) => w !== victim);
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(seconds < 20, `exited ${seconds} s after SIGTERM (grace 0)`);
    assert.match(victim.output(), /job handed back/);
    assert.ok(
      ffmpeg.every((pid) => !isFfmpegRunning(pid)),
      'its ffmpeg processes are gone',
    );
    assert.equal(existsSync(scratchOf(victim)), false);

    const done = await waitForJob(job.id);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    const check = await checkBarcodeOutput(done.output!.url, { ...UPSCALED, targetFps: '50' });
    assert.equal(check, undefined);
  });
});
