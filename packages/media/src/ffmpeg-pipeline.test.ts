// Real ffmpeg: decode by seeking, encode segments, stitch them with the source audio.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { countVideoFrames } from './count-frames.js';
import { buildConcatList, buildDecodeArgs, buildEncodeArgs } from './ffmpeg-args.js';
import { bytesPerPixel } from './pixel-format.js';
import { probeMedia } from './probe.js';
import { buildStitchArgs } from './stitch-args.js';
import type { Rational } from './rational.js';
import { readFrames, writeFrame } from './raw-frames.js';
import { runProcess } from './run-process.js';
import { spawnPiped } from './spawn-piped.js';

const [WIDTH, HEIGHT] = [64, 48];
const FRAME_SIZE = WIDTH * HEIGHT * 3;
const NTSC: Rational = { num: 30000, den: 1001 };
/** Frame i is a flat grey of 12·i (as rgb), so each decoded frame says which one it is. */
const STEP = 12;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'remaster-media-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Makes a grey-ramp clip with ffmpeg's own filters (independent of our encoder). */
async function makeRampClip(options: {
  name: string;
  fps: Rational;
  frames: number;
  gop: number;
  audio?: 'aac' | 'libopus';
}): Promise<string> {
  const { name, fps, frames, gop, audio } = options;
  const path = join(dir, name);
  const rate = `${fps.num}/${fps.den}`;
  // Limited-range luma 16 + N·12·219/255 decodes to rgb grey 12·N.
  const ramp = `geq=lum='16+N*${STEP}*219/255':cb=128:cr=128`;
  const video = `color=c=black:s=${WIDTH}x${HEIGHT}:r=${rate},format=yuv420p,${ramp},trim=end_frame=${frames}`;
  const seconds = ((frames * fps.den) / fps.num).toFixed(6);
  const sound = audio
    ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:d=${seconds}`]
    : [];
  const args = [
    ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', video, ...sound],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '12', '-pix_fmt', 'yuv420p'],
    ...['-g', String(gop), '-bf', '2', ...(audio ? ['-c:a', audio] : []), '-y', path],
  ];
  await runProcess({ command: 'ffmpeg', args });
  return path;
}

/** Which ramp frame this is; fails when the frame is not flat (a blend or wrong content). */
function rampIndex(frame: Buffer): number {
  const index = Math.round(frame.reduce((sum, v) => sum + v, 0) / frame.length / STEP);
  const off = frame.findIndex((v) => Math.abs(v - index * STEP) > 4);
  assert.equal(off, -1, `frame is not flat grey ${index * STEP}: byte ${off} is ${frame[off]}`);
  return index;
}

async function decodeIndices(url: string, startFrame: number, frameCount: number, fps: Rational) {
  const decoder = spawnPiped({
    command: 'ffmpeg',
    args: buildDecodeArgs({ url, startFrame, frameCount, fps }),
  });
  try {
    const indices: number[] = [];
    for await (const frame of readFrames(decoder.stdout, FRAME_SIZE))
      indices.push(rampIndex(frame));
    await decoder.done;
    return indices;
  } finally {
    decoder.kill();
  }
}

async function encodeSegment(path: string, first: number, count: number, fps: Rational) {
  const args = buildEncodeArgs({
    ...{ width: WIDTH, height: HEIGHT, fps, outputPath: path },
    ...{ codec: 'h264', crf: 18 },
  });
  const encoder = spawnPiped({ command: 'ffmpeg', args });
  try {
    for (let i = first; i < first + count; i += 1) {
      await writeFrame(encoder.stdin, Buffer.alloc(FRAME_SIZE, i * STEP));
    }
    encoder.stdin.end();
    await encoder.done;
  } finally {
    encoder.kill();
  }
}

/** Presentation timestamps of the video packets, in stream ticks, in display order. */
async function videoPts(path: string): Promise<number[]> {
  const args = [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=pts',
    '-of',
    'csv=p=0',
    path,
  ];
  const { stdout } = await runProcess({ command: 'ffprobe', args });
  return stdout
    .toString()
    .trim()
    .split('\n')
    .map(Number)
    .sort((a, b) => a - b);
}

describe('decode by seeking', () => {
  for (const { fps, gop, ext } of [
    { fps: NTSC, gop: 4, ext: 'mp4' },
    { fps: NTSC, gop: 250, ext: 'mp4' },
    { fps: { num: 25, den: 1 }, gop: 3, ext: 'mp4' },
    { fps: { num: 24000, den: 1001 }, gop: 4, ext: 'mkv' },
  ]) {
    it(`returns exactly the asked frames: ${ext} at ${fps.num}/${fps.den}, keyframe every ${gop}`, async () => {
      const name = `ramp-${fps.num}-${gop}.${ext}`;
      const clip = await makeRampClip({ name, fps, frames: 20, gop });
      assert.deepEqual(await decodeIndices(clip, 5, 5, fps), [5, 6, 7, 8, 9]);
      assert.deepEqual(await decodeIndices(clip, 0, 3, fps), [0, 1, 2]);
      assert.deepEqual(await decodeIndices(clip, 8, 1, fps), [8]);
      assert.deepEqual(await decodeIndices(clip, 17, 5, fps), [17, 18, 19], 'stops at the end');
    });
  }

  it('rejects with ffmpeg stderr when the input is missing', async () => {
    const missing = join(dir, 'missing.mp4');
    await assert.rejects(
      decodeIndices(missing, 0, 1, NTSC),
      /^ProcessError: ffmpeg exited with code 1: .*No such file or directory/,
    );
  });
});

describe('encode and stitch', () => {
  it('encodes segments with an exact frame count, size, rate and timestamps', async () => {
    const path = join(dir, 'segment.mp4');
    await encodeSegment(path, 0, 10, NTSC);
    assert.equal(await countVideoFrames(path), 10);
    const info = await probeMedia(path);
    assert.deepEqual([info.width, info.height, info.frames], [64, 48, 10]);
    assert.deepEqual(info.fps, NTSC);
    assert.equal(info.constantFrameRate, true);
    assert.deepEqual(
      [info.videoCodec, info.pixelFormat, info.hasAudio],
      ['h264', 'yuv420p', false],
    );
    assert.deepEqual(
      await videoPts(path),
      Array.from({ length: 10 }, (_, i) => i * 1001),
    );
  });

  for (const audio of ['aac', 'libopus'] as const) {
    it(`joins segments frame-exactly with the source audio (${audio})`, async () => {
      const source = await makeRampClip({
        name: `source-${audio}.mkv`,
        fps: NTSC,
        frames: 20,
        gop: 250,
        audio,
      });
      const sourceInfo = await probeMedia(source);
      const segments = [0, 10].map((first) => ({
        path: join(dir, `${audio}-seg${first}.mp4`),
        frames: 10,
      }));
      for (const [i, segment] of segments.entries())
        await encodeSegment(segment.path, i * 10, 10, NTSC);
      const concatListPath = join(dir, `${audio}-list.txt`);
      await writeFile(concatListPath, buildConcatList({ segments, fps: NTSC }));
      const outputPath = join(dir, `${audio}-out.mp4`);
      const args = buildStitchArgs({
        concatListPath,
        outputPath,
        container: 'mp4',
        frames: 20,
        fps: NTSC,
        source: {
          url: source,
          audioCodec: sourceInfo.audioCodec,
          videoOffsetSeconds: sourceInfo.startTime - (sourceInfo.formatStartTime ?? 0),
          audioDurationSeconds: sourceInfo.audioDurationSeconds,
          subtitleCodecs: [],
        },
      });
      await runProcess({ command: 'ffmpeg', args });

      assert.equal(await countVideoFrames(outputPath), 20);
      const output = await probeMedia(outputPath);
      assert.deepEqual([output.hasAudio, output.audioCodec], [true, 'aac']);
      const videoSeconds = (20 * 1001) / 30000;
      assert.ok(
        Math.abs((output.audioDurationSeconds ?? 0) - videoSeconds) < 1001 / 30000,
        `audio ${output.audioDurationSeconds} s vs video ${videoSeconds} s`,
      );
      assert.ok(
        Math.abs(output.durationSeconds - (20 * 1001) / 30000) < 0.001,
        `${output.durationSeconds} s`,
      );
      assert.deepEqual(
        await videoPts(outputPath),
        Array.from({ length: 20 }, (_, i) => i * 1001),
      );
      const indices = await decodeIndices(outputPath, 0, 20, NTSC);
      assert.deepEqual(
        indices,
        Array.from({ length: 20 }, (_, i) => i),
      );
    });
  }
});

describe('10-bit sources stay 10-bit', () => {
  const FRAMES = 3;
  const RGB48_FRAME = WIDTH * HEIGHT * bytesPerPixel('rgb48le');

  /** 10-bit luma 256 + x: 64 levels across the width, four times what 8 bits can hold. */
  async function makeFineRamp(path: string): Promise<void> {
    const ramp = `color=c=black:s=${WIDTH}x${HEIGHT}:r=25,format=yuv420p10le,geq=lum='256+X':cb=512:cr=512`;
    const args = [
      ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', `${ramp},trim=end_frame=${FRAMES}`],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '4', '-pix_fmt', 'yuv420p10le'],
      ...['-y', path],
    ];
    await runProcess({ command: 'ffmpeg', args });
  }

  async function decodeRgb48(url: string): Promise<Buffer[]> {
    const args = buildDecodeArgs({
      ...{ url, startFrame: 0, frameCount: FRAMES, fps: { num: 25, den: 1 } },
      ...{ colour: { matrix: 'bt601', range: 'tv' }, pixelFormat: 'rgb48le' },
    });
    const decoder = spawnPiped({ command: 'ffmpeg', args });
    try {
      const frames: Buffer[] = [];
      for await (const frame of readFrames(decoder.stdout, RGB48_FRAME)) frames.push(frame);
      await decoder.done;
      return frames;
    } finally {
      decoder.kill();
    }
  }

  /** Distinct red samples along the first row: 8 bits give at most 17 for this ramp. */
  const rowLevels = (frame: Buffer): number =>
    new Set(Array.from({ length: WIDTH }, (_, x) => frame.readUInt16LE(x * 6))).size;

  it('probes, decodes to rgb48le and encodes yuv420p10le without losing the extra bits', async () => {
    const source = join(dir, 'ramp10.mkv');
    await makeFineRamp(source);
    const info = await probeMedia(source);
    assert.deepEqual([info.pixelFormat, info.bitDepth], ['yuv420p10le', 10]);

    const frames = await decodeRgb48(source);
    assert.equal(frames.length, FRAMES);
    assert.ok(frames.every((frame) => frame.length === WIDTH * HEIGHT * 6));
    const samples = new Uint16Array(frames[0]!.buffer, 0, WIDTH * HEIGHT * 3);
    assert.ok(
      samples.some((sample) => sample % 257 !== 0),
      'every sample is an 8-bit value ×257',
    );
    assert.ok(rowLevels(frames[0]!) > 40, `only ${rowLevels(frames[0]!)} levels decoded`);

    const output = join(dir, 'ramp10-out.mp4');
    const encoder = spawnPiped({
      command: 'ffmpeg',
      args: buildEncodeArgs({
        ...{ width: WIDTH, height: HEIGHT, fps: { num: 25, den: 1 }, outputPath: output },
        ...{ codec: 'h264', crf: 4, pixelFormat: 'rgb48le', bitDepth: 10 },
      }),
    });
    try {
      for (const frame of frames) await writeFrame(encoder.stdin, frame);
      encoder.stdin.end();
      await encoder.done;
    } finally {
      encoder.kill();
    }
    const encoded = await probeMedia(output);
    assert.deepEqual(
      [encoded.pixelFormat, encoded.bitDepth, encoded.frames],
      ['yuv420p10le', 10, FRAMES],
    );
    const roundTrip = await decodeRgb48(output);
    assert.ok(rowLevels(roundTrip[0]!) > 40, `only ${rowLevels(roundTrip[0]!)} levels survive`);
  });
});
