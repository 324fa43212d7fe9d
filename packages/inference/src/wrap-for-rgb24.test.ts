import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { findBuiltinModel } from './builtin-models.js';
import { FrameRunner, type Rgb24Batch } from './frame-runner.js';
import { ModelError } from './model-error.js';
import type { ModelSession } from './model-session.js';
import { buildModel, node, tensorInfo } from './onnx-writer.js';
import { readOnnxModel } from './onnx-reader.js';
import { sharedModelsDir, skipUnless } from './testing/shared-data.js';
import {
  float16Bicubic,
  fourChannelModel,
  patternFrame,
  smoothFrame,
  threeInputBlend,
} from './testing/test-models.js';
import { RGB24_NAMES, wrapForRgb24 } from './wrap-for-rgb24.js';

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
async function bothWays(bytes: Uint8Array, frames: Rgb24Batch): Promise<[Rgb24Batch, Rgb24Batch]> {
  const [wrapped, plain] = await Promise.all([session(wrapForRgb24(bytes, 'sr')), session(bytes)]);
  try {
    const graph = await new FrameRunner(wrapped, 'sr').upscaleBatch(frames);
    const js = await new FrameRunner(plain, 'sr').upscaleBatch(frames);
    return [graph, js];
  } finally {
    await Promise.all([wrapped.session.release(), plain.session.release()]);
  }
}

function maxDifference(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length);
  return a.reduce((max, value, i) => Math.max(max, Math.abs(value - b[i]!)), 0);
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
  const wrapped = readOnnxModel(wrapForRgb24(findBuiltinModel('bicubic-x2')!.build()));
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
    const model = await session(wrapForRgb24(bytes, 'vfi'));
    const frame = (value: number): Rgb24Batch => ({
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

test('models that cannot be wrapped are refused with MODEL_CONTRACT', () => {
  const isContract = (pattern: RegExp) => (error: unknown) =>
    error instanceof ModelError && error.code === 'MODEL_CONTRACT' && pattern.test(error.message);
  assert.throws(() => wrapForRgb24(fourChannelModel()), isContract(/expected \[N, 3, H, W\]/));
  const clash = buildModel({
    inputs: [tensorInfo('input', 'float32', ['N', 3, 'H', 'W'])],
    outputs: [tensorInfo('output', 'float32', ['N', 3, 'H', 'W'])],
    nodes: [
      node('Identity', ['input'], ['rgb24_out']),
      node('Identity', ['rgb24_out'], ['output']),
    ],
  });
  assert.throws(() => wrapForRgb24(clash), isContract(/already uses the name 'rgb24_out'/));
  assert.throws(
    () => wrapForRgb24(wrapForRgb24(findBuiltinModel('bicubic-x2')!.build())),
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
      const [graph, js] = await bothWays(await readFile(join(sharedModelsDir, file)), frames);
      assert.deepEqual([graph.width, graph.height], [24 * scale, 16 * scale], file);
      // float32 rounding inside the graph may differ from JavaScript's float64 by one level.
      assert.ok(
        maxDifference(graph.data, js.data) <= 1,
        `${file}: wrapped and JavaScript outputs agree`,
      );
    }
  },
);
