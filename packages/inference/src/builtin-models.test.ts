import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { builtinModels, findBuiltinModel } from '@remaster/onnx-graph';

async function run(id: string, data: Float32Array, dims: number[]): Promise<ort.Tensor> {
  const model = findBuiltinModel(id);
  assert.ok(model, `built-in model ${id} exists`);
  const session = await ort.InferenceSession.create(model.build());
  const { output } = await session.run({ input: new ort.Tensor('float32', data, dims) });
  await session.release();
  assert.ok(output);
  return output;
}

test('the catalogue lists each built-in once with its kind and scale', () => {
  const summary = builtinModels.map(({ id, kind, scale }) => `${id}:${kind}:${scale}`);
  assert.deepEqual(summary, ['bicubic-x2:sr:2', 'bicubic-x4:sr:4', 'blend:vfi:1', 'mci:vfi:1']);
  assert.equal(findBuiltinModel('nope'), undefined);
});

test('bicubic-x2 keeps a constant image constant and doubles its size', async () => {
  const value = Math.fround(0.42);
  const output = await run('bicubic-x2', new Float32Array(2 * 3 * 5 * 4).fill(value), [2, 3, 5, 4]);
  assert.deepEqual(output.dims, [2, 3, 10, 8]);
  for (const v of output.data as Float32Array)
    assert.ok(Math.abs(v - value) < 1e-6, `${v} ≈ ${value}`);
});

test('bicubic-x2 keeps a horizontal gradient monotone and within [0, 1]', async () => {
  const [width, height] = [8, 3];
  const input = new Float32Array(3 * height * width);
  for (let i = 0; i < input.length; i++) input[i] = (i % width) / (width - 1);
  const output = await run('bicubic-x2', input, [1, 3, height, width]);
  const data = output.data as Float32Array;
  const outWidth = 2 * width;
  for (let row = 0; row < 3 * 2 * height; row++) {
    for (let x = 0; x < outWidth; x++) {
      const v = data[row * outWidth + x]!;
      assert.ok(v >= 0 && v <= 1, `value ${v} is within [0, 1]`);
      if (x > 0) assert.ok(v >= data[row * outWidth + x - 1]!, `row ${row} rises at x=${x}`);
    }
  }
  // The ends reach the extremes (clipped overshoot) and the middle is strictly inside.
  assert.equal(data[0], 0);
  assert.equal(data[outWidth - 1], 1);
  assert.ok(data[outWidth / 2]! > 0.4 && data[outWidth / 2]! < 0.6);
});

test('bicubic-x2 samples the Keys cubic (a = -0.75) at half-pixel centres and clips', async () => {
  const row = [0, 0, 0, 1, 1, 1, 1, 1];
  const input = Float32Array.from({ length: 3 * row.length }, (_, i) => row[i % row.length]!);
  const data = (await run('bicubic-x2', input, [1, 3, 1, row.length])).data as Float32Array;
  // Output x=5 samples source 2.25: w(0.75) + w(1.75) with the a = -0.75 kernel.
  assert.equal(data[5], 0.2265625);
  assert.equal(data[6], 0.7734375);
  // Output x=4 samples source 1.75, where the kernel's negative lobe undershoots to −0.105.
  assert.equal(data[4], 0);
});

test('bicubic-x4 quadruples height and width', async () => {
  const output = await run('bicubic-x4', new Float32Array(3 * 6 * 8).fill(0.5), [1, 3, 6, 8]);
  assert.deepEqual(output.dims, [1, 3, 24, 32]);
});

function blendInput(a: number, b: number, t: number, pixels: number): Float32Array {
  const input = new Float32Array(7 * pixels);
  input
    .fill(a, 0, 3 * pixels)
    .fill(b, 3 * pixels, 6 * pixels)
    .fill(t, 6 * pixels);
  return input;
}

test('blend gives A + (B − A)·t exactly, for a different t on each call', async () => {
  const model = findBuiltinModel('blend')!;
  const session = await ort.InferenceSession.create(model.build());
  const [a, b] = [Math.fround(0.2), Math.fround(0.9)];
  for (const t of [0.25, 0.7, 0.01]) {
    const input = new ort.Tensor('float32', blendInput(a, b, t, 4 * 5), [1, 7, 4, 5]);
    const { output } = await session.run({ input });
    // The same float32 operations the graph performs: Sub, Mul, Add.
    const expected = Math.fround(a + Math.fround(Math.fround(b - a) * Math.fround(t)));
    assert.deepEqual(output?.dims, [1, 3, 4, 5]);
    assert.deepEqual(
      [...(output?.data as Float32Array)],
      new Array<number>(3 * 4 * 5).fill(expected),
    );
  }
  await session.release();
});

test('blend reads t per pixel, so channel 6 alone decides the mix', async () => {
  // Pixel 0 has t = 0 (all A), pixel 1 has t = 1 (all B).
  const input = Float32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1]);
  const output = await run('blend', input, [1, 7, 1, 2]);
  assert.deepEqual([...(output.data as Float32Array)], [0, 1, 0, 1, 0, 1]);
});
