// End to end: the real launcher and role processes, a real redis-server and S3 server,
// real ffmpeg and onnxruntime. Needs `pnpm build` first (npm test does it).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { countVideoFrames, probeMedia } from '@remaster/media';
import { freePort, makeClip, startRedis, startS3 } from '@remaster/testing';

const LAUNCHER = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const KEY = 'e2e-key';

interface JobBody {
  id: string;
  status: string;
  progress: { percent: number; framesDone: number; framesTotal?: number };
  output?: { url: string; width: number; height: number; fps: string; frames: number };
  error?: { code: string; message: string };
}

describe('end to end', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let launcher: ChildProcess;
  let dir: string;
  let base: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'remaster-e2e-'));
    [redis, s3] = await Promise.all([startRedis(), startS3({ bucket: 'remaster' })]);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    launcher = spawn(process.execPath, [LAUNCHER], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        PORT: String(port),
        REDIS_URL: redis.url,
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: 'remaster',
        S3_ACCESS_KEY_ID: s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        API_KEYS: `e2e:${KEY}`,
        DATA_DIR: join(dir, 'data'),
        TMP_DIR: dir,
        ALLOW_PRIVATE_URLS: 'true',
        // The bad inputs below log their failures; E2E_LOG_LEVEL=info shows everything.
        LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'fatal',
      },
    });
    await waitForHealth(`${base}/healthz`);
  });

  after(async () => {
    if (launcher.exitCode === null) {
      const exited = new Promise((resolve) => launcher.once('exit', resolve));
      launcher.kill('SIGTERM');
      await exited;
    }
    await Promise.all([redis?.stop(), s3?.stop()]);
    await rm(dir, { recursive: true, force: true });
  });

  test('×2 upscale and 2× frame rate in small chunks, with audio, while bad inputs fail cleanly', async () => {
    const clip = join(dir, 'clip.mp4');
    await makeClip({ path: clip, width: 64, height: 48, fps: 25, frames: 50, audio: true });
    await s3.store.putFile('inputs/clip.mp4', clip);
    await s3.store.putBytes(
      'inputs/not-a-video.mp4',
      Buffer.from('this is a text file, not a video\n'.repeat(50)),
    );
    await s3.store.putBytes('inputs/empty.mp4', Buffer.alloc(0));

    const good = await submit({
      input: { url: 's3://remaster/inputs/clip.mp4' },
      upscale: { factor: 2 },
      interpolate: { factor: 2 },
      chunk: { frames: 8 },
    });
    const bad = await Promise.all([
      submit({ input: { url: 's3://remaster/inputs/not-a-video.mp4' }, upscale: { factor: 2 } }),
      submit({ input: { url: 's3://remaster/inputs/empty.mp4' }, upscale: { factor: 2 } }),
      submit({ input: { url: 's3://remaster/inputs/missing.mp4' }, upscale: { factor: 2 } }),
      submit({ input: { url: 'http://127.0.0.1:9/nothing.mp4' }, upscale: { factor: 2 } }),
    ]);

    const done = await waitForJob(good.id);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.equal(done.progress.percent, 100);
    assert.deepEqual(
      [done.output?.width, done.output?.height, done.output?.fps, done.output?.frames],
      [128, 96, '50', 100],
    );

    const outputPath = join(dir, 'output.mp4');
    const download = await fetch(done.output!.url);
    assert.equal(download.status, 200);
    await writeFile(outputPath, Buffer.from(await download.arrayBuffer()));
    const info = await probeMedia(outputPath);
    assert.deepEqual([info.width, info.height], [128, 96]);
    assert.deepEqual(info.fps, { num: 50, den: 1 });
    assert.equal(await countVideoFrames(outputPath), 100, 'M = round(N · r_out / r_in) = 100');
    assert.equal(info.hasAudio, true);
    assert.deepEqual(
      await s3.store.listKeys(`jobs/${good.id}/segments/`),
      [],
      'segments are deleted after the stitch',
    );

    const codes = [];
    for (const job of bad) {
      const ended = await waitForJob(job.id);
      assert.equal(ended.status, 'failed', `${job.id} should fail`);
      assert.ok(ended.error!.message.length > 10);
      codes.push(ended.error!.code);
    }
    assert.deepEqual(codes, [
      'INPUT_UNREADABLE',
      'INPUT_EMPTY',
      'INPUT_NOT_FOUND',
      'INPUT_UNREACHABLE',
    ]);
  });

  async function submit(body: unknown): Promise<JobBody> {
    const response = await fetch(`${base}/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 202, await response.clone().text());
    return (await response.json()) as JobBody;
  }

  async function waitForJob(id: string, timeoutMs = 180_000): Promise<JobBody> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await fetch(`${base}/v1/jobs/${id}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      const job = (await response.json()) as JobBody;
      if (['completed', 'failed', 'canceled'].includes(job.status)) return job;
      if (Date.now() > deadline)
        throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
});

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 60 s`);
}
