import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultOpset, findBuiltinModel, readOnnxModel } from '@remaster/onnx-graph';
import { sharedModelsDir, skipUnless } from './testing/shared-data.js';

test('a built-in model reads back with its interface, nodes and initializers', () => {
  const model = readOnnxModel(findBuiltinModel('blend')!.build());
  assert.equal(model.irVersion, 8);
  assert.equal(defaultOpset(model), 17);
  assert.equal(model.graphName, 'blend');
  assert.deepEqual(model.inputs, [{ name: 'input', type: 'float32', shape: ['N', 7, 'H', 'W'] }]);
  assert.deepEqual(model.outputs, [{ name: 'output', type: 'float32', shape: ['N', 3, 'H', 'W'] }]);
  assert.deepEqual(
    model.nodes.map((n) => n.opType),
    ['Slice', 'Slice', 'Slice', 'Sub', 'Mul', 'Add'],
  );
  assert.deepEqual(model.nodes[3], {
    opType: 'Sub',
    domain: '',
    inputs: ['b', 'a'],
    outputs: ['difference'],
  });
  assert.equal(model.initializerNames.length, 7);
});

test('bytes that are not a model are refused', () => {
  assert.throws(() => readOnnxModel(Uint8Array.from([0x08, 0x07])), /not an ONNX model: no graph/);
});

const realModels = skipUnless(sharedModelsDir);

test('the real models read as PROVENANCE.md describes them', { skip: realModels }, async () => {
  const read = async (file: string) => readOnnxModel(await readFile(join(sharedModelsDir, file)));
  const span = await read('hongyuanyu_span_ch48_x4_fp32_op17.onnx');
  assert.equal(defaultOpset(span), 17);
  assert.equal(span.initializerNames.length, 0, 'SPAN keeps its weights in Constant nodes');
  assert.equal(span.nodes.filter((n) => n.opType === 'Constant').length, 52);
  assert.equal(span.nodes.filter((n) => n.opType === 'Conv').length, 22);
  const fp16 = await read('xinntao_realesrV3_general_x4_fp16_op14.onnx');
  assert.equal(defaultOpset(fp16), 14);
  assert.deepEqual(fp16.inputs, [
    { name: 'input', type: 'float16', shape: ['batch_size', 3, 'height', 'width'] },
  ]);
  assert.equal(fp16.nodes.filter((n) => n.opType === 'PRelu').length, 33);
  const v2 = await read('RealESRGANv2-animevideo-xsx2.onnx');
  // The pytorch 1.10 exporter wrote -1 for dynamic dims.
  assert.deepEqual(v2.inputs[0]?.shape, [-1, 3, -1, -1]);
});
