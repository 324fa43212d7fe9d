import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import {
  buildModel,
  findBuiltinModel,
  node,
  readOnnxModel,
  tensorInfo,
} from '@remaster/onnx-graph';
import { FrameRunner, type FrameBatch } from './frame-runner.js';
import { ModelError } from './model-error.js';
import type { ModelSession } from './model-session.js';
import { sharedModelsDir, skipUnless } from './testing/shared-data.js';
import {
  deepPatternFrame,
  float16Bicubic,
  fourChannelModel,
  patternFrame,
  smoothFrame,
  threeInputBlend,
} from './testing/test-models.js';
import type { PixelFormat } from './pixel-format.js';
import { packedRgbNames, wrapForPackedRgb } from './wrap-for-packed-rgb.js';

const RGB24_NAMES = packedRgbNames('rgb24');

async function session(bytes: Uint8Array): Promise<ModelSession> {
  const created = await ort.InferenceSession.create(bytes);
  return {
    session: created,
    inputName: created.inputNames[0]!,
    outputName: created.outputNames[0]!,
    provider: 'cpu',
  };
}

/** Upscales with the wrapped model and with JavaScript conversion of the original. */
async function bothWays(
  bytes: Uint8Array,
  frames: FrameBatch,
  format: PixelFormat = 'rgb24',
): Promise<[FrameBatch, FrameBatch]> {
  const [wrapped, plain] = await Promise.all([
    session(wrapForPackedRgb(bytes, 'sr', format)),
    session(bytes),
  ]);
  try {
    const graph = await new FrameRunner(wrapped, 'sr', format).upscaleBatch(frames);
    const js = await new FrameRunner(plain, 'sr', format).upscaleBatch(frames);
    return [graph, js];
  } finally {
    await Promise.all([wrapped.session.release(), plain.session.release()]);
  }
}

/** rgb24 bytes as rgb48le bytes of the same values (k → 257·k). */
function widen(frame: Uint8Array): Buffer {
  return Buffer.from(Uint16Array.from(frame, (k) => 257 * k).buffer);
}

function words(bytes: Uint8Array): Uint16Array {
  return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

test('a wrapped model takes and returns rgb24 and matches JavaScript conversion byte for byte', async () => {
  const data = patternFrame(10, 6);
  const frames = {
    data: Buffer.concat([data, patternFrame(10, 6, 50)]),
    count: 2,
    width: 10,
    height: 6,
  };
  for (const bytes of [findBuiltinModel('bicubic-x2')!.build(), float16Bicubic()]) {
    const [graph, js] = await bothWays(bytes, frames);
    assert.deepEqual([graph.count, graph.width, graph.height], [2, 20, 12]);
    assert.deepEqual(Buffer.from(graph.data), Buffer.from(js.data));
  }
  const wrapped = readOnnxModel(wrapForPackedRgb(findBuiltinModel('bicubic-x2')!.build()));
  assert.deepEqual(wrapped.inputs, [
    { name: RGB24_NAMES.frame, type: 'uint8', shape: ['N', 'H', 'W', 3] },
  ]);
  assert.deepEqual(
    wrapped.outputs.map((o) => [o.name, o.type]),
    [[RGB24_NAMES.output, 'uint8']],
  );
  assert.deepEqual(
    wrapped.nodes.slice(0, 4).map((n) => n.opType),
    ['Transpose', 'Cast', 'Div', 'Identity'],
  );
  assert.deepEqual(
    wrapped.nodes.slice(-5).map((n) => n.opType),
    ['Clip', 'Mul', 'Round', 'Cast', 'Transpose'],
  );
});

test('interpolation models of both forms wrap; the timestep is fed per pair', async () => {
  for (const bytes of [findBuiltinModel('blend')!.build(), threeInputBlend(['N', 1, 'H', 'W'])]) {
    const model = await session(wrapForPackedRgb(bytes, 'vfi'));
    const frame = (value: number): FrameBatch => ({
      data: new Uint8Array(2 * 3 * 4 * 2).fill(value),
      count: 2,
      width: 4,
      height: 2,
    });
    const out = await new FrameRunner(model, 'vfi').interpolateBatch(
      frame(0),
      frame(200),
      [0.25, 0.75],
    );
    assert.deepEqual([...out.data.subarray(0, 24)], new Array<number>(24).fill(50));
    assert.deepEqual([...out.data.subarray(24)], new Array<number>(24).fill(150));
    await model.session.release();
  }
});

test('a model wrapped for rgb48le keeps 16-bit samples and matches JavaScript conversion', async () => {
  const frames = {
    data: Buffer.concat([deepPatternFrame(10, 6), deepPatternFrame(10, 6, 5)]),
    count: 2,
    width: 10,
    height: 6,
  };
  for (const bytes of [findBuiltinModel('bicubic-x2')!.build(), float16Bicubic()]) {
    const [graph, js] = await bothWays(bytes, frames, 'rgb48le');
    assert.deepEqual([graph.count, graph.width, graph.height], [2, 20, 12]);
    assert.equal(graph.data.byteLength, 2 * 20 * 12 * 6);
    const samples = new Uint16Array(
      graph.data.buffer,
      graph.data.byteOffset,
      graph.data.length / 2,
    );
    const jsSamples = new Uint16Array(js.data.buffer, js.data.byteOffset, js.data.length / 2);
    // float32 rounding inside the graph may differ from JavaScript's float64 by one level.
    assert.ok(samples.every((value, i) => Math.abs(value - jsSamples[i]!) <= 1));
    // Nothing went through 8 bits on the way: most samples fall between the 256 levels.
    const offGrid = samples.filter((value) => value % 257 !== 0).length;
    assert.ok(offGrid > 0.9 * samples.length, `${offGrid} of ${samples.length} off the 8-bit grid`);
  }
  const wrapped = readOnnxModel(
    wrapForPackedRgb(findBuiltinModel('bicubic-x2')!.build(), 'sr', 'rgb48le'),
  );
  assert.deepEqual(wrapped.inputs, [
    { name: 'rgb48le', type: 'uint16', shape: ['N', 'H', 'W', 3] },
  ]);
  assert.deepEqual(
    wrapped.outputs.map((o) => [o.name, o.type]),
    [['rgb48le_out', 'uint16']],
  );
});

test('an interpolation model wrapped for rgb48le blends 16-bit samples', async () => {
  const model = await session(
    wrapForPackedRgb(findBuiltinModel('blend')!.build(), 'vfi', 'rgb48le'),
  );
  const frame = (value: number): FrameBatch => ({
    data: Buffer.from(new Uint16Array(3 * 4 * 2).fill(value).buffer),
    count: 1,
    width: 4,
    height: 2,
  });
  const out = await new FrameRunner(model, 'vfi', 'rgb48le').interpolateBatch(
    frame(1000),
    frame(41001),
    [0.25],
  );
  const samples = new Uint16Array(out.data.buffer, out.data.byteOffset, out.data.length / 2);
  assert.deepEqual([...samples], new Array<number>(24).fill(11000));
  await model.session.release();
});

test('a runner refuses a model wrapped for another pixel format', async () => {
  const model = await session(wrapForPackedRgb(findBuiltinModel('bicubic-x2')!.build(), 'sr'));
  assert.throws(
    () => new FrameRunner(model, 'sr', 'rgb48le'),
    (error: unknown) =>
      error instanceof ModelError &&
      error.code === 'MODEL_CONTRACT' &&
      /takes rgb24 frames, not rgb48le/.test(error.message),
  );
  await model.session.release();
});

test('models that cannot be wrapped are refused with MODEL_CONTRACT', () => {
  const isContract = (pattern: RegExp) => (error: unknown) =>
    error instanceof ModelError && error.code === 'MODEL_CONTRACT' && pattern.test(error.message);
  assert.throws(() => wrapForPackedRgb(fourChannelModel()), isContract(/expected \[N, 3, H, W\]/));
  const clash = buildModel({
    inputs: [tensorInfo('input', 'float32', ['N', 3, 'H', 'W'])],
    outputs: [tensorInfo('output', 'float32', ['N', 3, 'H', 'W'])],
    nodes: [
      node('Identity', ['input'], ['rgb24_out']),
      node('Identity', ['rgb24_out'], ['output']),
    ],
  });
  assert.throws(() => wrapForPackedRgb(clash), isContract(/already uses the name 'rgb24_out'/));
  assert.throws(
    () => wrapForPackedRgb(wrapForPackedRgb(findBuiltinModel('bicubic-x2')!.build())),
    isContract(/already takes rgb24/),
  );
});

const realModels = skipUnless(sharedModelsDir);

test(
  'all five real models wrap, load and agree with JavaScript conversion',
  { skip: realModels },
  async () => {
    const frames = { data: smoothFrame(24, 16), count: 1, width: 24, height: 16 };
    for (const [file, scale] of [
      ['realesr-animevideov3.onnx', 4],
      ['RealESRGANv2-animevideo-xsx2.onnx', 2],
      ['xinntao_realesrV3_general_x4_fp16_op14.onnx', 4],
      ['hongyuanyu_span_ch48_x2_fp32_op17.onnx', 2],
      ['hongyuanyu_span_ch48_x4_fp32_op17.onnx', 4],
    ] as const) {
      const bytes = await readFile(join(sharedModelsDir, file));
      const [graph, js] = await bothWays(bytes, frames);
      assert.deepEqual([graph.width, graph.height], [24 * scale, 16 * scale], file);
      // float32 rounding inside the graph may differ from JavaScript's float64 by one level.
      assert.ok(
        maxDifference(graph.data, js.data) <= 1,
        `${file}: wrapped and JavaScript outputs agree`,
      );
      // The same frame in 16 bits (k·257 is k/255 exactly) gives the same picture, finer.
      // An fp16 model's output has 11 significant bits, ~32 16-bit levels near white, and
      // onnxruntime on CPU may skip the fp16 rounding of the wrapped graph's input: a few ulps.
      const [graph16, js16] = await bothWays(
        bytes,
        { ...frames, data: widen(frames.data) },
        'rgb48le',
      );
      const tolerance = file.includes('fp16') ? 128 : 1;
      const difference = maxDifference(words(graph16.data), words(js16.data));
      assert.ok(difference <= tolerance, `${file}: rgb48le outputs differ by ${difference}`);
      const narrowed = Array.from(words(graph16.data), (value) => Math.round(value / 257));
      assert.ok(maxDifference(narrowed, graph.data) <= 1, `${file}: rgb48le agrees with rgb24`);
    }
  },
);
