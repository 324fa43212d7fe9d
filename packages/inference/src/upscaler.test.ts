import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findBuiltinModel } from '@remaster/onnx-graph';
import { loadModel, type FrameIo } from './load-model.js';
import { ModelError } from './model-error.js';
import type { ModelSession } from './model-session.js';
import type { PixelFormat } from './pixel-format.js';
import { deepPatternFrame, float16Bicubic, patternFrame } from './testing/test-models.js';
import { tileSizeForBudget, Upscaler } from './upscaler.js';

const quiet = { info: () => {}, warn: () => {} };
const [width, height] = [8, 6];
const sessions = new Map<string, ModelSession>();
const ios: FrameIo[] = ['graph', 'js'];

async function load(
  key: string,
  bytes: Uint8Array,
  io: FrameIo,
  format: PixelFormat = 'rgb24',
): Promise<void> {
  const entry = { id: key, kind: 'sr' as const, padMultiple: 1, layout: 'nchw' as const };
  sessions.set(
    key,
    await loadModel({ entry, bytes, io, format, executionProviders: ['cpu'], logger: quiet }),
  );
}

before(async () => {
  for (const io of ios) {
    for (const id of ['bicubic-x2', 'bicubic-x4'])
      await load(`${id}/${io}`, findBuiltinModel(id)!.build(), io);
    await load(`fp16-bicubic-x2/${io}`, float16Bicubic(), io);
    await load(`bicubic-x2/${io}/rgb48le`, findBuiltinModel('bicubic-x2')!.build(), io, 'rgb48le');
  }
});

after(async () => {
  for (const { session } of sessions.values()) await session.release();
});

function solid(value: number, w = width, h = height): Buffer {
  return Buffer.alloc(3 * w * h, value);
}

test('upscaling a constant frame gives a constant frame with scale² times the pixels', async () => {
  for (const io of ios) {
    for (const [id, scale] of [
      ['bicubic-x2', 2],
      ['bicubic-x4', 4],
      ['fp16-bicubic-x2', 2],
    ] as const) {
      const upscaler = new Upscaler(sessions.get(`${id}/${io}`)!, scale);
      const out = await upscaler.upscale(solid(77), width, height);
      assert.deepEqual(
        out,
        solid(77, scale * width, scale * height),
        `${id} with ${io} conversion`,
      );
    }
  }
});

test('in-graph and JavaScript conversion give the same bytes', async () => {
  const frame = patternFrame(20, 14);
  const [graph, js] = await Promise.all(
    ios.map((io) => new Upscaler(sessions.get(`bicubic-x2/${io}`)!, 2).upscale(frame, 20, 14)),
  );
  assert.equal(graph!.length, 3 * 40 * 28);
  assert.deepEqual(graph, js);
});

test('an upscaler keeps concurrent calls apart and takes a new frame size', async () => {
  const upscaler = new Upscaler(sessions.get('bicubic-x2/js')!, 2);
  const values = [10, 200, 33, 140];
  const outs = await Promise.all(values.map((v) => upscaler.upscale(solid(v), width, height)));
  outs.forEach((out, i) => assert.deepEqual(out, solid(values[i]!, 2 * width, 2 * height)));
  assert.deepEqual(await upscaler.upscale(solid(5, 4, 2), 4, 2), solid(5, 8, 4));
});

test('tiles blend back to exactly the whole-frame result, batched or not', async () => {
  const [w, h] = [45, 31];
  const frame = patternFrame(w, h, 5);
  for (const io of ios) {
    const model = sessions.get(`bicubic-x2/${io}`)!;
    const whole = await new Upscaler(model, 2, { tiling: { tileSize: 64 } }).upscale(frame, w, h);
    for (const batchSize of [1, 4]) {
      const tiled = new Upscaler(model, 2, { tiling: { tileSize: 16, overlap: 8, batchSize } });
      assert.deepEqual(await tiled.upscale(frame, w, h), whole, `${io}, ${batchSize} per batch`);
    }
  }
});

test('16-bit frames: tiles blend back to the whole-frame result, in-graph or in JavaScript', async () => {
  const [w, h] = [45, 31];
  const frame = deepPatternFrame(w, h, 5);
  const options = { format: 'rgb48le' as const };
  const results: Buffer[] = [];
  for (const io of ios) {
    const model = sessions.get(`bicubic-x2/${io}/rgb48le`)!;
    const whole = await new Upscaler(model, 2, { ...options, tiling: { tileSize: 64 } }).upscale(
      frame,
      w,
      h,
    );
    assert.equal(whole.length, 6 * 90 * 62);
    const tiled = new Upscaler(model, 2, { ...options, tiling: { tileSize: 16, overlap: 8 } });
    assert.deepEqual(await tiled.upscale(frame, w, h), whole, io);
    results.push(whole);
  }
  const [graph, js] = results.map(
    (bytes) => new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2),
  );
  // float32 rounding inside the graph may differ from JavaScript's float64 by one level.
  assert.ok(graph!.every((value, i) => Math.abs(value - js![i]!) <= 1));
  await assert.rejects(
    new Upscaler(sessions.get('bicubic-x2/graph/rgb48le')!, 2, options).upscale(frame, w + 1, h),
    /rgb48le frame has 8370 bytes, 46x31 needs 8556/,
  );
});

test('a frame is padded to the model multiple by replicating edges, then cropped', async () => {
  const [w, h] = [13, 11];
  const frame = patternFrame(w, h, 9);
  const model = sessions.get('bicubic-x2/graph')!;
  const plain = await new Upscaler(model, 2).upscale(frame, w, h);
  // Cubic resize clamps at the border, so replicated padding changes nothing.
  const padded = await new Upscaler(model, 2, { padMultiple: 8 }).upscale(frame, w, h);
  assert.equal(padded.length, 3 * 26 * 22);
  assert.deepEqual(padded, plain);
});

test('an upscaler whose scale does not match the model says so', async () => {
  const upscaler = new Upscaler(sessions.get('bicubic-x2/graph')!, 4);
  await assert.rejects(
    upscaler.upscale(solid(1), width, height),
    (error: unknown) =>
      error instanceof ModelError &&
      error.code === 'MODEL_CONTRACT' &&
      /upscaling 8x6 by 4: the model gave 16x12, expected 32x24; is it a ×4 model\?/.test(
        error.message,
      ),
  );
  await assert.rejects(
    new Upscaler(sessions.get('bicubic-x2/js')!, 2).upscale(solid(1), 7, 6),
    /frame has 144 bytes, 7x6 needs 126/,
  );
});

test('the tile side follows the memory budget, the batch and the padding multiple', () => {
  const MIB = 1024 * 1024;
  assert.equal(tileSizeForBudget({ memoryBudgetBytes: 64 * MIB, bytesPerPixel: 1024 }), 256);
  assert.equal(
    tileSizeForBudget({ memoryBudgetBytes: 64 * MIB, bytesPerPixel: 1024, batchSize: 4 }),
    128,
  );
  assert.equal(tileSizeForBudget({ memoryBudgetBytes: 64 * MIB, bytesPerPixel: 1024 }, 6), 240);
  assert.equal(tileSizeForBudget({ tileSize: 100 }), 100);
  assert.equal(tileSizeForBudget(), 512);
});

test('a frame within the memory budget runs whole, even when wider than the square tile', async () => {
  const model = sessions.get('bicubic-x2/graph')!;
  const runs: number[][] = [];
  const counting = {
    ...model,
    session: new Proxy(model.session, {
      get(target, key, receiver) {
        if (key !== 'run') return Reflect.get(target, key, receiver) as unknown;
        return (feeds: Record<string, { dims: readonly number[] }>) => {
          runs.push([...Object.values(feeds)[0]!.dims]);
          return target.run(feeds as never);
        };
      },
    }),
  };
  // 1 KiB a pixel and 1 MiB: tiles of 32 a side, 1,024 pixels; 64x16 is 1,024 pixels.
  const budget = { memoryBudgetBytes: 1024 * 1024 };
  const upscaler = new Upscaler(counting, 2, { tiling: budget });
  assert.equal(upscaler.tileSize, 32);
  await upscaler.upscale(solid(9, 64, 16), 64, 16);
  assert.deepEqual(runs, [[1, 16, 64, 3]]);
  // 64x17 is past the budget: tiles of at most 32 a side.
  runs.length = 0;
  await upscaler.upscale(solid(9, 64, 17), 64, 17);
  assert.ok(runs.length > 1 && runs.every(([, h, w]) => h! <= 32 && w! <= 32), `${runs.join(' ')}`);
  // A tile side the caller chose (after running out of memory) is kept.
  runs.length = 0;
  await new Upscaler(counting, 2, { tiling: { tileSize: 32 } }).upscale(solid(9, 64, 16), 64, 16);
  assert.ok(runs.length > 1 && runs.every(([, , w]) => w! <= 32), `${runs.join(' ')}`);
});
