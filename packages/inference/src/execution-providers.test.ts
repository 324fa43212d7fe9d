import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExecutionProviders, sessionExecutionProviders } from './execution-providers.js';

test('a comma-separated list keeps its priority order', () => {
  assert.deepEqual(parseExecutionProviders('cuda,cpu'), ['cuda', 'cpu']);
  assert.deepEqual(parseExecutionProviders(' TensorRT , cuda,cpu,cuda '), [
    'tensorrt',
    'cuda',
    'cpu',
  ]);
  assert.deepEqual(parseExecutionProviders('cpu'), ['cpu']);
});

test('unknown names are refused with the allowed list', () => {
  assert.throws(
    () => parseExecutionProviders('cuda,gpu,rocm'),
    new Error("unknown execution provider 'gpu', 'rocm': use cpu, cuda, tensorrt, dml, coreml"),
  );
});

test('an empty list is refused', () => {
  assert.throws(
    () => parseExecutionProviders(' , '),
    /no execution provider given: list one or more of cpu, cuda/,
  );
});

test('the session option carries the device id for NVIDIA providers only', () => {
  assert.deepEqual(sessionExecutionProviders(['tensorrt', 'cuda', 'cpu'], 1), [
    { name: 'tensorrt', deviceId: 1 },
    { name: 'cuda', deviceId: 1 },
    'cpu',
  ]);
  assert.deepEqual(sessionExecutionProviders(['cuda', 'cpu']), ['cuda', 'cpu']);
});
