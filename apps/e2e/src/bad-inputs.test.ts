// Poison inputs against the real processes: each fails fast with its own code and no
// retry, and a fuzz run of damaged clips ends every job while another tenant's job
// completes. Needs `pnpm build` first. (Text and zero-byte files: see e2e.test.ts.)
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { countVideoFrames, probeMedia, runProcess } from '@remaster/media';
import { makeClip } from '@remaster/testing';
import { eventually } from './eventually.js';
import type { JobBody, Stack } from './stack.js';
import { startStack } from './stack.js';

const OTHER_KEY = 'other-tenant-key-0123456789';

describe('bad inputs', () => {
  let stack: Stack;
  let clip: Buffer;

  before(async () => {
    stack = await startStack({
      API_KEYS: `e2e:stack-key,other:${OTHER_KEY}`,
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_SUBMIT_PER_MINUTE: '0',
    });
    // Index first (faststart), so cuts keep it and bit flips land in the frames too.
    const path = join(stack.dir, 'clip.mp4');
    await makeClip({ path, width: 64, height: 48, fps: 25, frames: 25, audio: true });
    await ffmpeg([
      '-i',
      path,
      '-c',
      'copy',
      '-movflags',
      '+faststart',
      join(stack.dir, 'fast.mp4'),
    ]);
    clip = await readFile(join(stack.dir, 'fast.mp4'));
    await stack.s3.store.putFile('inputs/clip.mp4', join(stack.dir, 'fast.mp4'));
  });
  after(() => stack?.stop());

  async function ffmpeg(args: string[]): Promise<void> {
    await runProcess({ command: 'ffmpeg', args: ['-nostdin', '-v', 'error', '-y', ...args] });
  }

  /** Makes `name` with ffmpeg (output last) and uploads it as inputs/<name>. */
  async function upload(name: string, make: (path: string) => Promise<void>): Promise<string> {
    const path = join(stack.dir, name);
    await make(path);
    await stack.s3.store.putFile(`inputs/${name}`, path);
    return `s3://remaster/inputs/${name}`;
  }

  /** BullMQ's attempt count of a queue job, from the stack's own Redis. */
  /**
   * Attempts BullMQ counted for a job once it has finished it. The job's failure is recorded
   * before BullMQ moves the BullMQ job to failed (and counts the attempt), so wait for that.
   */
  async function attemptsMade(queue: string, bullJobId: string): Promise<number> {
    const field = async (name: string) => {
      const { stdout } = await runProcess({
        command: 'redis-cli',
        args: ['-u', stack.redisUrl, 'HGET', `{remaster}:${queue}:${bullJobId}`, name],
      });
      return stdout.toString().trim();
    };
    await eventually(`${bullJobId} finished in BullMQ`, 10_000, async () =>
      (await field('finishedOn')) === '' ? undefined : true,
    );
    return Number(await field('atm'));
  }

  test('each poison input fails with its own code on its first attempt', async () => {
    const lavfi = (source: string) => ['-f', 'lavfi', '-i', source];
    /** One black frame of `size` in h264. */
    const oneFrame = (size: string, path: string) =>
      ffmpeg([
        ...lavfi(`color=s=${size}:r=25:d=0.04`),
        ...['-frames:v', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
        path,
      ]);
    const cases: { name: string; url: string; body?: object; code: string }[] = [
      {
        name: 'audio only',
        url: await upload('tone.m4a', (p) => ffmpeg([...lavfi('sine=d=1'), '-c:a', 'aac', p])),
        code: 'INPUT_NOT_VIDEO',
      },
      {
        name: 'subtitles only, no video stream',
        url: await upload('subs.mkv', async (p) => {
          await writeFile(`${p}.srt`, '1\n00:00:00,000 --> 00:00:01,000\nhello\n');
          await ffmpeg(['-i', `${p}.srt`, '-c:s', 'srt', p]);
        }),
        code: 'INPUT_NOT_VIDEO',
      },
      {
        name: 'mp4 cut in half (its index at the end is lost)',
        url: await upload('cut.mp4', async (p) => {
          const whole = join(stack.dir, 'index-last.mp4');
          await makeClip({ path: whole, width: 64, height: 48, fps: 25, frames: 50 });
          const bytes = await readFile(whole);
          await writeFile(p, bytes.subarray(0, bytes.length >> 1));
        }),
        code: 'INPUT_TRUNCATED',
      },
      {
        name: 'faststart mp4 cut in half (fewer frames than its index lists)',
        url: await upload('fastcut.mp4', (p) => writeFile(p, clip.subarray(0, clip.length >> 1))),
        code: 'INPUT_TRUNCATED',
      },
      {
        name: 'video codec no decoder knows',
        url: await upload('unknown.mkv', async (p) => {
          const good = join(stack.dir, 'good.mkv');
          await ffmpeg([...lavfi('testsrc2=s=64x48:r=25:d=1'), '-pix_fmt', 'yuv420p', good]);
          const bytes = await readFile(good);
          const at = bytes.indexOf('V_MPEG4/ISO/AVC');
          assert.ok(at > 0, 'the Matroska codec id is in the file');
          bytes.write('V_UNKNOWN/CODEC', at, 'latin1');
          await writeFile(p, bytes);
        }),
        code: 'INPUT_CODEC_UNSUPPORTED',
      },
      {
        name: '8000x8000 frame, over INPUT_MAX_PIXELS',
        url: await upload('huge.mp4', (p) => oneFrame('8000x8000', p)),
        code: 'INPUT_RESOLUTION_TOO_HIGH',
      },
      {
        name: '2400x1800 ×4, over OUTPUT_MAX_PIXELS',
        url: await upload('big.mp4', (p) => oneFrame('2400x1800', p)),
        body: { upscale: { factor: 4 } },
        code: 'OUTPUT_TOO_LARGE',
      },
      {
        name: '25 fps × 10, over OUTPUT_MAX_FPS',
        url: 's3://remaster/inputs/clip.mp4',
        body: { interpolate: { factor: 10 } },
        code: 'OUTPUT_FPS_OUT_OF_RANGE',
      },
    ];
    const jobs = await Promise.all(
      cases.map((item) =>
        stack.submit({ input: { url: item.url }, ...(item.body ?? { upscale: { factor: 2 } }) }),
      ),
    );
    for (const [index, item] of cases.entries()) {
      const ended = await stack.waitForJob(jobs[index]!.id, 120_000);
      assert.equal(ended.status, 'failed', item.name);
      assert.equal(ended.error?.code, item.code, `${item.name}: ${ended.error?.message}`);
      assert.match(ended.error.message, /: |; /, 'the message says what to do');
      assert.equal(await attemptsMade('plan', `${ended.id}-plan`), 1, `${item.name}: no retry`);
    }

    const tooFast = await fetch(`${stack.url}/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        input: { url: 's3://remaster/inputs/clip.mp4' },
        interpolate: { fps: 1000 },
      }),
    });
    assert.equal(tooFast.status, 400);
    assert.equal(((await tooFast.json()) as JobBody).error?.code, 'OUTPUT_FPS_OUT_OF_RANGE');
  });

  test('fuzz: every cut or bit-flipped clip ends, /readyz stays up, another tenant is unaffected', async () => {
    const random = mulberry32(20261127);
    const variants = Array.from({ length: 12 }, (_, index) => {
      if (index % 3 === 0) return clip.subarray(0, 64 + Math.floor(random() * (clip.length - 64)));
      const bytes = Buffer.from(clip);
      const flips = [1, 4, 16, 64][index % 4]!;
      for (let flip = 0; flip < flips; flip += 1) {
        bytes[Math.floor(random() * bytes.length)]! ^= 1 << Math.floor(random() * 8);
      }
      return bytes;
    });
    const fuzzed = await Promise.all(
      variants.map(async (bytes, index) => {
        await stack.s3.store.putBytes(`inputs/fuzz-${index}.mp4`, bytes);
        return stack.submit({
          input: { url: `s3://remaster/inputs/fuzz-${index}.mp4` },
          upscale: { factor: 2 },
          chunk: { frames: 25 },
        });
      }),
    );
    const other = await submitAs(OTHER_KEY, {
      input: { url: 's3://remaster/inputs/clip.mp4' },
      upscale: { factor: 2 },
      interpolate: { factor: 2 },
      chunk: { frames: 10 },
    });

    const readiness: number[] = [];
    const watching = watchReadiness(readiness);
    try {
      const ended = await Promise.all(fuzzed.map((job) => stack.waitForJob(job.id)));
      for (const [index, job] of ended.entries()) {
        assert.ok(['completed', 'failed'].includes(job.status), `fuzz-${index}: ${job.status}`);
        if (job.status === 'failed') assert.match(job.error!.code, /^[A-Z_]+$/);
      }
      const done = await waitAs(OTHER_KEY, other.id);
      assert.equal(done.status, 'completed', JSON.stringify(done.error));
      const output = join(stack.dir, 'other.mp4');
      await writeFile(output, Buffer.from(await (await fetch(done.output!.url)).arrayBuffer()));
      const info = await probeMedia(output);
      assert.deepEqual([info.width, info.height], [128, 96]);
      assert.equal(await countVideoFrames(output), 50);
    } finally {
      watching.stop();
      await watching.done;
    }
    assert.ok(readiness.length > 0);
    assert.deepEqual(
      readiness.filter((status) => status !== 200),
      [],
      '/readyz answered 200 throughout',
    );
  });

  async function submitAs(key: string, body: unknown): Promise<JobBody> {
    const response = await fetch(`${stack.url}/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 202, await response.clone().text());
    return (await response.json()) as JobBody;
  }

  async function waitAs(key: string, id: string): Promise<JobBody> {
    const deadline = Date.now() + 300_000;
    for (;;) {
      const response = await fetch(`${stack.url}/v1/jobs/${id}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const job = (await response.json()) as JobBody;
      if (['completed', 'failed', 'canceled'].includes(job.status)) return job;
      assert.ok(Date.now() < deadline, `job ${id} still ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Polls /readyz every half second, recording each status, until stopped. */
  function watchReadiness(statuses: number[]): { stop: () => void; done: Promise<void> } {
    let stopped = false;
    const done = (async () => {
      while (!stopped) {
        statuses.push((await fetch(`${stack.url}/readyz`)).status);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    return { stop: () => (stopped = true), done };
  }
});

/** A small seeded PRNG (mulberry32), so a failing fuzz case can be reproduced. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
