// End to end: the real launcher and role processes, a real redis-server and S3 server,
// real ffmpeg and onnxruntime. Needs `pnpm build` first (npm test does it).
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { countVideoFrames, probeMedia, runProcess } from '@remaster/media';
import { makeClip } from '@remaster/testing';
import type { JobBody, Stack } from './stack.js';
import { startStack } from './stack.js';

describe('end to end', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack();
    const clip = join(stack.dir, 'clip.mp4');
    await makeClip({ path: clip, width: 64, height: 48, fps: 25, frames: 50, audio: true });
    await stack.s3.store.putFile('inputs/clip.mp4', clip);
  });
  after(() => stack?.stop());

  async function download(job: JobBody, name: string): Promise<string> {
    const path = join(stack.dir, name);
    const response = await fetch(job.output!.url);
    assert.equal(response.status, 200);
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
    return path;
  }

  test('×2 upscale and 2× frame rate in small chunks, with audio, while bad inputs fail cleanly', async () => {
    const { s3 } = stack;
    await s3.store.putBytes(
      'inputs/not-a-video.mp4',
      Buffer.from('this is a text file, not a video\n'.repeat(50)),
    );
    // An http input on loopback (allowed here: the stack sets ALLOW_PRIVATE_URLS=true).
    const clipBytes = await readFile(join(stack.dir, 'clip.mp4'));
    const originAgents: string[] = [];
    const origin = createServer((request, response) => {
      originAgents.push(request.headers['user-agent'] ?? '');
      if (request.url === '/clip.mp4') response.writeHead(200).end(clipBytes);
      else response.writeHead(404).end();
    });
    await new Promise<void>((done) => origin.listen(0, '127.0.0.1', done));
    const originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;

    const good = await stack.submit({
      input: { url: 's3://remaster/inputs/clip.mp4' },
      upscale: { factor: 2 },
      interpolate: { factor: 2 },
      chunk: { frames: 8 },
    });
    const fromHttp = await stack.submit({
      input: { url: `${originUrl}/clip.mp4` },
      upscale: { factor: 2 },
    });
    // A missing or empty s3:// object is refused at submit instead (submit-checks.test.ts).
    const bad = await Promise.all([
      stack.submit({
        input: { url: 's3://remaster/inputs/not-a-video.mp4' },
        upscale: { factor: 2 },
      }),
      stack.submit({ input: { url: 'http://127.0.0.1:9/nothing.mp4' }, upscale: { factor: 2 } }),
    ]);

    const done = await stack.waitForJob(good.id);
    assert.equal(done.status, 'completed', JSON.stringify(done.error));
    assert.equal(done.progress.percent, 100);
    assert.deepEqual(
      [done.output?.width, done.output?.height, done.output?.fps, done.output?.frames],
      [128, 96, '50', 100],
    );
    const outputPath = await download(done, 'output.mp4');
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
    // The report, as the workers recorded it per chunk: 25 → 50 fps copies the even output
    // frames and the last one (no frame after it), and interpolates the other 49 (mci, the default).
    const report = done.report!;
    assert.deepEqual(report.sceneCuts, []);
    assert.deepEqual(report.frames, { copied: 51, interpolated: 49 });
    assert.deepEqual(
      report.models.map((m) => [m.id, m.kind, m.provider, m.chunks]),
      [
        ['mci', 'vfi', 'cpu', 7],
        ['bicubic-x2', 'sr', 'cpu', 7],
      ],
    );
    assert.ok(report.renderFps! > 0);
    const { planSeconds, renderSeconds, stitchSeconds } = report.phases;
    assert.ok(planSeconds! > 0 && renderSeconds! > 0 && stitchSeconds! > 0);
    // Before/after stills beside the output, one of them interpolated; an operator's
    // s3:// input is not handed out raw.
    const { stills, sourceUrl } = done.comparison!;
    assert.equal(stills.length, 3);
    assert.ok(stills.some((still) => still.kind === 'interpolated'));
    for (const url of [stills[0]!.sourceUrl, stills[0]!.outputUrl]) {
      const jpeg = Buffer.from(await (await fetch(url)).arrayBuffer());
      assert.deepEqual([...jpeg.subarray(0, 2)], [0xff, 0xd8], 'a JPEG');
    }
    assert.equal(sourceUrl, undefined);

    const viaHttp = await stack.waitForJob(fromHttp.id);
    origin.close();
    assert.equal(viaHttp.status, 'completed', JSON.stringify(viaHttp.error));
    assert.deepEqual([viaHttp.output?.width, viaHttp.output?.frames], [128, 50]);
    assert.equal(viaHttp.comparison?.sourceUrl, `${originUrl}/clip.mp4`);
    assert.equal(viaHttp.comparison?.stills.length, 3, 'stills from the copy of an http input');
    // The planner fetched it once through the SSRF guard; ffprobe, the workers and the
    // stitcher all read the copy in the bucket, which is deleted with the segments.
    assert.deepEqual(originAgents, ['Remaster/1']);
    assert.ok(
      !(await s3.store.listKeys(`jobs/${fromHttp.id}/`)).includes(`jobs/${fromHttp.id}/source`),
    );

    const codes = [];
    for (const job of bad) {
      const ended = await stack.waitForJob(job.id);
      assert.equal(ended.status, 'failed', `${job.id} should fail`);
      assert.ok(ended.error!.message.length > 10);
      codes.push(ended.error!.code);
    }
    assert.deepEqual(codes, ['INPUT_UNREADABLE', 'INPUT_UNREACHABLE']);
  });

  test('subtitles are kept: SubRip becomes mov_text in mp4 and stays SubRip in mkv', async () => {
    const srt = join(stack.dir, 'subs.srt');
    await writeFile(srt, '1\n00:00:00,200 --> 00:00:01,500\nHello from 1940\n');
    const withSubs = join(stack.dir, 'clip-subs.mkv');
    await runProcess({
      command: 'ffmpeg',
      args: [
        '-nostdin',
        '-v',
        'error',
        '-i',
        join(stack.dir, 'clip.mp4'),
        '-i',
        srt,
        '-map',
        '0',
        '-map',
        '1',
        '-c',
        'copy',
        '-y',
        withSubs,
      ],
    });
    await stack.s3.store.putFile('inputs/clip-subs.mkv', withSubs);
    const jobs = await Promise.all(
      (['mp4', 'mkv'] as const).map((container) =>
        stack.submit({
          input: { url: 's3://remaster/inputs/clip-subs.mkv' },
          upscale: { factor: 2 },
          output: { container },
        }),
      ),
    );
    for (const [k, expected] of ['mov_text', 'subrip'].entries()) {
      const job = await stack.waitForJob(jobs[k]!.id);
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      const streams = await probeStreams(job.output!.url);
      assert.deepEqual(
        streams.filter((s) => s.codec_type === 'subtitle').map((s) => s.codec_name),
        [expected],
      );
    }
  });

  const outputs = [
    {
      name: 'hevc in mkv at an exact height',
      request: { upscale: { height: 100 }, output: { codec: 'hevc', container: 'mkv' } },
      expect: {
        codec: 'hevc',
        format: 'matroska',
        width: 134,
        height: 100,
        fps: 25,
        frames: 50,
        audio: 'aac',
      },
    },
    {
      name: 'av1 in webm at 2× size and rate',
      request: {
        upscale: { factor: 2 },
        interpolate: { factor: 2 },
        output: { codec: 'av1', container: 'webm' },
      },
      expect: {
        codec: 'av1',
        format: 'webm',
        width: 128,
        height: 96,
        fps: 50,
        frames: 100,
        audio: 'opus',
      },
    },
  ];
  for (const { name, request, expect } of outputs) {
    test(`output options: ${name}, audio in sync, colour tagged`, async () => {
      const job = await stack.waitForJob(
        (
          await stack.submit({
            input: { url: 's3://remaster/inputs/clip.mp4' },
            ...request,
            chunk: { frames: 20 },
          })
        ).id,
      );
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      const path = await download(job, `options-${expect.codec}.${expect.format}`);
      const streams = await probeStreams(path);
      const video = streams.find((s) => s.codec_type === 'video')!;
      const audio = streams.find((s) => s.codec_type === 'audio')!;
      assert.deepEqual(
        [video.codec_name, video.width, video.height, video.color_space],
        [expect.codec, expect.width, expect.height, 'smpte170m'],
      );
      assert.equal(await countVideoFrames(path), expect.frames);
      assert.equal(audio.codec_name, expect.audio);
      const info = await probeMedia(path);
      assert.match(info.container, new RegExp(expect.format));
      const videoSeconds = expect.frames / expect.fps;
      assert.ok(
        Math.abs((info.audioDurationSeconds ?? 0) - videoSeconds) < 1 / expect.fps,
        `audio ${info.audioDurationSeconds} s vs video ${videoSeconds} s`,
      );
    });
  }
});

interface Stream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  color_space?: string;
}

async function probeStreams(path: string): Promise<Stream[]> {
  const { stdout } = await runProcess({
    command: 'ffprobe',
    args: ['-v', 'error', '-print_format', 'json', '-show_streams', path],
  });
  return (JSON.parse(stdout.toString()) as { streams: Stream[] }).streams;
}
