import assert from 'node:assert/strict';
import { test } from 'node:test';
import { restoredFrames } from './restored-frames.js';

async function collect(
  frames: number[],
  options: Omit<Parameters<typeof restoredFrames>[1], 'restoreFrame'>,
): Promise<{ out: number[]; gains: number[] }> {
  const gains: number[] = [];
  const source = (async function* () {
    for (const f of frames) yield Buffer.from([f]);
  })();
  const out: number[] = [];
  const restoreFrame = async (frame: Buffer, gain: number) => {
    gains.push(gain);
    return frame;
  };
  for await (const frame of restoredFrames(source, { ...options, restoreFrame }))
    out.push(frame[0]!);
  return { out, gains };
}

test('fields: two frames per source frame, the context dropped, each kept frame gets its gain', async () => {
  // Source frames 3…6 through a field split: filter outputs 30,31,40,41,50,51,60,61.
  const { out, gains } = await collect([30, 31, 40, 41, 50, 51, 60, 61], {
    restore: {
      sourceFps: { num: 25, den: 1 },
      outputsPerFrame: 2,
      sourceStart: 3,
      sourceEnd: 7,
      firstRestored: 6,
      gains: [0.9, 1.1, 1.2],
    },
    start: 7,
    end: 10,
  });
  assert.deepEqual(out, [31, 40, 41]);
  assert.deepEqual(gains, [0.9, 1.1, 1.2]);
});

test('inverse telecine: the dropped source frames are skipped before counting restored frames', async () => {
  // Source frames 8…13, frame 10 dropped: restored 8→7, 9→8, 11→9, 12→10, 13→11.
  const { out } = await collect([8, 9, 10, 11, 12, 13], {
    restore: {
      sourceFps: { num: 25, den: 1 },
      outputsPerFrame: 1,
      sourceStart: 8,
      sourceEnd: 14,
      firstRestored: 7,
      dropped: [10],
    },
    start: 8,
    end: 11,
  });
  assert.deepEqual(out, [9, 11, 12]);
});

test('a restored still is handed over with its key', async () => {
  const stills: { frame: number; key: string }[] = [];
  const source = (async function* () {
    for (const f of [0, 1, 2]) yield Buffer.from([f]);
  })();
  const frames = restoredFrames(source, {
    restore: {
      sourceFps: { num: 25, den: 1 },
      outputsPerFrame: 1,
      sourceStart: 0,
      sourceEnd: 3,
      firstRestored: 0,
      stills: [{ frame: 1, key: 'k' }],
    },
    start: 0,
    end: 3,
    restoreFrame: async (frame) => frame,
    onStill: async ({ frame, key }) => void stills.push({ frame, key }),
  });
  for await (const _ of frames);
  assert.deepEqual(stills, [{ frame: 1, key: 'k' }]);
});
