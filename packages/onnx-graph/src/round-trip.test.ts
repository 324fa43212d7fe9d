// The writer against the reader, with no onnxruntime: what buildModel writes is what
// readOnnxModel reads back. (That onnxruntime runs these graphs is tested in
// @remaster/inference.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_MODEL_INFO } from './builtin-catalog.js';
import { builtinModels, findBuiltinModel } from './builtin-models.js';
import { buildMotionInterpolator } from './motion-interpolator.js';
import { defaultOpset, readOnnxModel } from './onnx-reader.js';
import { attr, buildModel, floatTensor, node, tensorInfo } from './onnx-writer.js';

test('a written graph reads back with its names, types, shapes, nodes and opset', () => {
  const bytes = buildModel({
    name: 'scale-add',
    inputs: [tensorInfo('x', 'float32', ['N', 3, 'H', 'W'])],
    outputs: [tensorInfo('y', 'float16', ['N', 3, 'H', 'W'])],
    nodes: [
      node('Mul', ['x', 'two'], ['doubled']),
      node('Cast', ['doubled'], ['y'], { to: attr.int(10) }),
    ],
    initializers: [floatTensor('two', [1], [2])],
  });
  const model = readOnnxModel(bytes);
  assert.equal(model.graphName, 'scale-add');
  assert.equal(defaultOpset(model), 17);
  assert.deepEqual(model.inputs, [{ name: 'x', type: 'float32', shape: ['N', 3, 'H', 'W'] }]);
  assert.deepEqual(model.outputs, [{ name: 'y', type: 'float16', shape: ['N', 3, 'H', 'W'] }]);
  assert.deepEqual(model.initializerNames, ['two']);
  assert.deepEqual(
    model.nodes.map(({ opType, inputs, outputs }) => ({ opType, inputs, outputs })),
    [
      { opType: 'Mul', inputs: ['x', 'two'], outputs: ['doubled'] },
      { opType: 'Cast', inputs: ['doubled'], outputs: ['y'] },
    ],
  );
});

test('every built-in model has a graph whose inputs match its kind', () => {
  assert.deepEqual(
    builtinModels.map(({ id }) => id),
    BUILTIN_MODEL_INFO.map(({ id }) => id),
  );
  for (const model of builtinModels) {
    const info = readOnnxModel(model.build());
    assert.equal(info.outputs.length, 1, model.id);
    const channels = info.inputs.map(({ shape }) => shape[1]);
    if (model.kind === 'sr') assert.deepEqual(channels, [3], model.id);
    // vfi: the seven-channel form (blend) or the three-input one (mci: A, B, a timestep plane).
    else assert.deepEqual(channels, model.id === 'mci' ? [3, 3, 1] : [7], model.id);
    assert.ok(info.nodes.length > 0, model.id);
  }
  assert.equal(findBuiltinModel('no-such-model'), undefined);
});

test('the motion interpolator is the mci built-in', () => {
  assert.deepEqual(buildMotionInterpolator(), findBuiltinModel('mci')!.build());
});

test('bytes that are not a model are refused', () => {
  assert.throws(() => readOnnxModel(Uint8Array.from([0x08, 0x01])), /no graph found/);
});
