// The YUV graphs against today's path: ffmpeg's own (swscale) conversions of the same
// frames to and from rgb24 / rgb48le, with the same matrix and range.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { PixelFormat } from './pixel-format.js';
import { sharedDir, skipUnless } from './testing/shared-data.js';
import {
  rawFrames,
  samplePsnr,
  swscaleToRgb as swscaleRgb,
  swscaleToYuv as swscaleYuv,
} from './testing/swscale.js';
import { YuvConverter, yuvFrameBytes } from './yuv-converter.js';
import type { YuvColour, YuvFormat } from './yuv-graph.js';

const [W, H] = [320, 180];
const realClip = join(sharedDir, 'media/videos/big_buck_bunny_0_30.webm');
const COLOURS: YuvColour[] = [
  { matrix: 'bt601', range: 'tv' },
  { matrix: 'bt601', range: 'pc' },
  { matrix: 'bt709', range: 'tv' },
  { matrix: 'bt709', range: 'pc' },
];
const converters: YuvConverter[] = [];

after(async () => {
  await Promise.all(converters.map((c) => c.close()));
});

const SIZE = { width: W, height: H };
const source = (input: string[], yuv: YuvFormat, frames: number) =>
  rawFrames(input, SIZE, yuv, frames);
const swscaleToRgb = (f: Buffer, yuv: YuvFormat, rgb: PixelFormat, c: YuvColour) =>
  swscaleRgb(f, SIZE, yuv, rgb, c);
const swscaleToYuv = (f: Buffer, rgb: PixelFormat, yuv: YuvFormat, c: YuvColour) =>
  swscaleYuv(f, SIZE, rgb, yuv, c);
const psnr = samplePsnr;

async function converter(yuv: YuvFormat, rgb: PixelFormat, colour: YuvColour) {
  const c = await YuvConverter.load({ yuv, rgb, ...colour, executionProviders: ['cpu'] });
  converters.push(c);
  return c;
}

/** Each frame through the graph, one after another. */
async function each(frames: Buffer, size: number, convert: (f: Buffer) => Promise<Buffer>) {
  const out: Buffer[] = [];
  for (let at = 0; at < frames.length; at += size)
    out.push(await convert(frames.subarray(at, at + size)));
  return Buffer.concat(out);
}

interface Case {
  name: string;
  input: string[];
  frames: number;
  skip?: string | false;
}

const CASES: Case[] = [
  { name: 'colour bars', input: ['-f', 'lavfi', '-i', `smptehdbars=s=${W}x${H}`], frames: 1 },
  {
    name: 'a real clip',
    input: ['-ss', '10', '-i', realClip],
    frames: 2,
    skip: skipUnless(realClip),
  },
];

for (const { name, input, frames, skip } of CASES) {
  describe(`YuvConverter on ${name}, yuv420p ↔ rgb24, against swscale`, { skip }, () => {
    for (const colour of COLOURS) {
      it(`${colour.matrix} ${colour.range}: ≥ 45 dB both ways`, async () => {
        const yuv = await source(input, 'yuv420p', frames);
        const c = await converter('yuv420p', 'rgb24', colour);
        const ours = await each(yuv, yuvFrameBytes('yuv420p', W, H), (f) => c.toRgb(f, W, H));
        const theirs = await swscaleToRgb(yuv, 'yuv420p', 'rgb24', colour);
        const decoded = psnr(ours, theirs, 1);
        assert.ok(decoded >= 45, `yuv → rgb ${decoded.toFixed(2)} dB`);
        const back = await each(theirs, W * H * 3, (f) => c.toYuv(f, W, H));
        const encoded = psnr(back, await swscaleToYuv(theirs, 'rgb24', 'yuv420p', colour), 1);
        assert.ok(encoded >= 45, `rgb → yuv ${encoded.toFixed(2)} dB`);
        // A wrong matrix or range would not pass: BT.601 read as BT.709 is far off.
        const other = { ...colour, matrix: colour.matrix === 'bt601' ? 'bt709' : 'bt601' } as const;
        const wrong = await converter('yuv420p', 'rgb24', other);
        const off = await each(yuv, yuvFrameBytes('yuv420p', W, H), (f) => wrong.toRgb(f, W, H));
        assert.ok(psnr(off, theirs, 1) < 40, 'the other matrix must not match');
      });
    }
  });
}

describe('YuvConverter at 10 bits and 4:4:4, against swscale', () => {
  const bars = CASES[0]!.input;
  it('yuv420p10le ↔ rgb48le, bt709 tv', async () => {
    const colour = { matrix: 'bt709', range: 'tv' } as const;
    const yuv = await source(bars, 'yuv420p10le', 1);
    const c = await converter('yuv420p10le', 'rgb48le', colour);
    const ours = await c.toRgb(yuv, W, H);
    const theirs = await swscaleToRgb(yuv, 'yuv420p10le', 'rgb48le', colour);
    const decoded = psnr(ours, theirs, 2);
    assert.ok(decoded >= 45, `yuv → rgb ${decoded.toFixed(2)} dB`);
    const back = await c.toYuv(theirs, W, H);
    // 10-bit samples in 16-bit words: the peak is 1023.
    const swscale = await swscaleToYuv(theirs, 'rgb48le', 'yuv420p10le', colour);
    const encoded = psnr(back, swscale, 2, 1023);
    assert.ok(encoded >= 45, `rgb → yuv ${encoded.toFixed(2)} dB`);
  });

  it('yuv444p ↔ rgb24, bt601 pc', async () => {
    const colour = { matrix: 'bt601', range: 'pc' } as const;
    const yuv = await source(bars, 'yuv444p', 1);
    const c = await converter('yuv444p', 'rgb24', colour);
    const theirs = await swscaleToRgb(yuv, 'yuv444p', 'rgb24', colour);
    const decoded = psnr(await c.toRgb(yuv, W, H), theirs, 1);
    assert.ok(decoded >= 45, `yuv → rgb ${decoded.toFixed(2)} dB`);
    const encoded = psnr(
      await c.toYuv(theirs, W, H),
      await swscaleToYuv(theirs, 'rgb24', 'yuv444p', colour),
      1,
    );
    assert.ok(encoded >= 45, `rgb → yuv ${encoded.toFixed(2)} dB`);
  });
});
