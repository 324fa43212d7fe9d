import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameRenderer } from './frame-renderer.js';

const conversion = { yuv: 'yuv420p', rgb: 'rgb24', matrix: 'bt601', range: 'tv' } as const;

test('a fused run out of memory falls back to the tiled three-session path for good', async () => {
  const calls: string[] = [];
  const renderer = new FrameRenderer({
    width: 4,
    height: 2,
    upscaler: {
      upscale: (frame) => (calls.push('packed'), Promise.resolve(frame)),
    },
    converter: {
      conversion,
      toRgb: (frame) => (calls.push('toRgb'), Promise.resolve(Buffer.from(frame))),
      toYuv: (frame) => (calls.push('toYuv'), Promise.resolve(Buffer.from(frame))),
    },
    fused: {
      upscaler: {
        upscale: () => {
          calls.push('fused');
          return Promise.reject(new Error('Failed to allocate memory for requested buffer'));
        },
      },
    },
  });
  const source = () => Promise.resolve(Buffer.alloc(12, 7));
  for (const index of [0, 1]) await renderer.render({ kind: 'copy', source: index }, source);
  assert.deepEqual(calls, ['fused', 'toRgb', 'packed', 'toYuv', 'toRgb', 'packed', 'toYuv']);
});

test('other fused errors are not swallowed', async () => {
  const renderer = new FrameRenderer({
    width: 4,
    height: 2,
    upscaler: { upscale: (frame) => Promise.resolve(frame) },
    converter: {
      conversion,
      toRgb: (frame) => Promise.resolve(Buffer.from(frame)),
      toYuv: (frame) => Promise.resolve(Buffer.from(frame)),
    },
    fused: { upscaler: { upscale: () => Promise.reject(new RangeError('bad frame')) } },
  });
  await assert.rejects(
    renderer.render({ kind: 'copy', source: 0 }, () => Promise.resolve(Buffer.alloc(12))),
    RangeError,
  );
});
