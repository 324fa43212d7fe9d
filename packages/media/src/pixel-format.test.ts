import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bitDepthOf,
  bytesPerPixel,
  rawPixelFormat,
  sourceOutputBitDepth,
  yuvPixelFormat,
} from './pixel-format.js';
import { runProcess } from './run-process.js';

test('bitDepthOf reads the bits per sample from a pix_fmt name', () => {
  const cases: [string, number][] = [
    ['yuv420p', 8],
    ['yuvj420p', 8],
    ['yuv410p', 8],
    ['nv12', 8],
    ['nv24', 8],
    ['rgb24', 8],
    ['rgb565le', 8],
    ['monow', 8],
    ['ya8', 8],
    ['unknown', 8],
    ['', 8],
    ['yuv420p9le', 9],
    ['yuv420p10le', 10],
    ['yuv422p10be', 10],
    ['yuva444p10le', 10],
    ['gbrp10le', 10],
    ['gbrap10be', 10],
    ['gray10le', 10],
    ['p010le', 10],
    ['p210be', 10],
    ['p410le', 10],
    ['nv20le', 10],
    ['x2rgb10le', 10],
    ['x2bgr10be', 10],
    ['y210le', 10],
    ['v210', 10],
    ['yuv444p12le', 12],
    ['yuv420p12le', 12],
    ['xyz12le', 12],
    ['yuv422p14le', 14],
    ['p016le', 16],
    ['p416be', 16],
    ['yuv420p16le', 16],
    ['rgb48le', 16],
    ['bgr48be', 16],
    ['rgba64le', 16],
    ['ayuv64le', 16],
    ['gray16le', 16],
    ['ya16be', 16],
    ['grayf32le', 32],
    ['gbrpf32le', 32],
  ];
  for (const [pixFmt, depth] of cases) assert.equal(bitDepthOf(pixFmt), depth, pixFmt);
});

test('bitDepthOf agrees with every pixel format the installed ffmpeg lists', async () => {
  const { stdout } = await runProcess({ command: 'ffmpeg', args: ['-hide_banner', '-pix_fmts'] });
  // Lines like `IO... yuv420p10le   3   15   10-10-10`; hardware formats list depth 0.
  const rows = stdout
    .toString()
    .split('\n')
    .flatMap((line) => {
      const match = /^[I.][O.][H.][P.][B.] (\S+)\s+\d+\s+\d+\s+([\d-]+)\s*$/.exec(line);
      return match ? [{ name: match[1]!, depths: match[2]!.split('-').map(Number) }] : [];
    });
  assert.ok(rows.length > 100, `parsed only ${rows.length} formats from ffmpeg -pix_fmts`);
  // Bayer formats store 16 bits of 8-bit ffmpeg depths; we never decode to them.
  const wrong = rows
    .filter(({ name }) => !name.startsWith('bayer_'))
    .map(({ name, depths }) => ({ name, want: Math.max(8, ...depths), got: bitDepthOf(name) }))
    .filter(({ want, got }) => want !== got);
  assert.deepEqual(wrong, []);
});

test('10-bit output travels as rgb48le, 6 bytes a pixel; 8-bit as rgb24, 3 bytes', () => {
  assert.equal(rawPixelFormat(10), 'rgb48le');
  assert.equal(rawPixelFormat(8), 'rgb24');
  assert.equal(bytesPerPixel('rgb48le'), 6);
  assert.equal(bytesPerPixel('rgb24'), 3);
});

test('a source above 8 bits keeps 10 by default; encoders get the matching 4:2:0 format', () => {
  assert.deepEqual([8, 10, 12, 16].map(sourceOutputBitDepth), [8, 10, 10, 10]);
  assert.deepEqual([yuvPixelFormat(8), yuvPixelFormat(10)], ['yuv420p', 'yuv420p10le']);
});
