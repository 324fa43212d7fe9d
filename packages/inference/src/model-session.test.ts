import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { findBuiltinModel } from '@remaster/onnx-graph';
import { ModelCache } from './model-cache.js';
import { loadModelSession, type InferenceLogger } from './model-session.js';

function captureLogger(): InferenceLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) };
}

const blendBytes = findBuiltinModel('blend')!.build();

test('a session loads from bytes on cpu and reports its names and provider', async () => {
  const logger = captureLogger();
  const loaded = await loadModelSession({ bytes: blendBytes, executionProviders: ['cpu'], logger });
  assert.equal(loaded.inputName, 'input');
  assert.equal(loaded.outputName, 'output');
  assert.equal(loaded.provider, 'cpu');
  assert.deepEqual(logger.lines, [
    `info onnxruntime: loading ${blendBytes.length}-byte model with execution providers [cpu]`,
    `info onnxruntime: ${blendBytes.length}-byte model ready on cpu`,
  ]);
  await loaded.session.release();
});

test('a session loads from a file path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'inference-'));
  try {
    const path = join(dir, 'bicubic-x2.onnx');
    await writeFile(path, findBuiltinModel('bicubic-x2')!.build());
    const loaded = await loadModelSession({
      path,
      executionProviders: ['cpu'],
      logger: captureLogger(),
    });
    assert.deepEqual([loaded.inputName, loaded.outputName], ['input', 'output']);
    await loaded.session.release();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// DirectML exists only in Windows builds of onnxruntime, so it fails the same way on Linux and macOS.
test('a failing GPU provider falls back to cpu when cpu is listed, and says why', async () => {
  const logger = captureLogger();
  const loaded = await loadModelSession({
    bytes: blendBytes,
    executionProviders: ['dml', 'cpu'],
    logger,
  });
  assert.equal(loaded.provider, 'cpu');
  const warning = logger.lines.find((line) => line.startsWith('warn '));
  assert.match(
    warning ?? '',
    /\[dml, cpu\] failed for .*, falling back to cpu: this onnxruntime build has no dml provider \(it has cpu/,
  );
  assert.equal(
    logger.lines.at(-1),
    `info onnxruntime: ${blendBytes.length}-byte model ready on cpu`,
  );
  await loaded.session.release();
});

test('without cpu in the list a failing provider is an error', async () => {
  await assert.rejects(
    loadModelSession({ bytes: blendBytes, executionProviders: ['dml'], logger: captureLogger() }),
    /could not load .*-byte model with execution providers \[dml\]: this onnxruntime build has no dml provider/,
  );
});

test('cuda either starts or falls back to cpu with the native error logged', async () => {
  const logger = captureLogger();
  const loaded = await loadModelSession({
    bytes: blendBytes,
    executionProviders: ['cuda', 'cpu'],
    deviceId: 0,
    logger,
  });
  const warning = logger.lines.find((line) => line.startsWith('warn '));
  if (loaded.provider === 'cpu') {
    // The npm package bundles only the CPU binding; CUDA needs libraries installed beside it.
    assert.match(warning ?? '', /\[cuda, cpu\] failed for .*, falling back to cpu: .*Cuda/);
  } else {
    assert.equal(loaded.provider, 'cuda');
    assert.equal(warning, undefined);
  }
  await loaded.session.release();
});

test('bytes that are not a model fail with the context', async () => {
  await assert.rejects(
    loadModelSession({
      bytes: Uint8Array.from([1, 2, 3]),
      executionProviders: ['dml', 'cpu'],
      logger: captureLogger(),
    }),
    /could not load 3-byte model on cpu after \[dml, cpu\] failed: /,
  );
});

test('the cache loads each model id once, shares concurrent loads and forgets failures', async () => {
  const cache = new ModelCache();
  let loads = 0;
  const loader = () => {
    loads++;
    return loadModelSession({
      bytes: blendBytes,
      executionProviders: ['cpu'],
      logger: captureLogger(),
    });
  };
  const [first, second] = await Promise.all([
    cache.get('blend', loader),
    cache.get('blend', loader),
  ]);
  const third = await cache.get('blend', loader);
  assert.equal(loads, 1);
  assert.equal(first, second);
  assert.equal(first, third);

  await assert.rejects(
    cache.get('broken', () => Promise.reject(new Error('no such file'))),
    /no such file/,
  );
  const recovered = await cache.get('broken', loader);
  assert.equal(recovered.inputName, 'input');
  assert.equal(loads, 2);
  await cache.close();
});

test('a warm-up run is profiled to log which provider ran the nodes', async () => {
  const logger = captureLogger();
  let warmUps = 0;
  const loaded = await loadModelSession({
    bytes: blendBytes,
    executionProviders: ['cpu'],
    logger,
    label: 'blend',
    warmUp: async ({ session }) => {
      warmUps++;
      const input = new ort.Tensor('float32', new Float32Array(7 * 4), [1, 7, 2, 2]);
      await session.run({ input });
    },
  });
  assert.equal(warmUps, 1);
  assert.equal(loaded.provider, 'cpu');
  // Counted after graph optimisation, which fuses some of the six nodes.
  assert.deepEqual(Object.keys(loaded.nodeProviders ?? {}), ['cpu']);
  assert.ok((loaded.nodeProviders?.cpu ?? 0) >= 1);
  assert.match(
    logger.lines.at(-1) ?? '',
    /^info onnxruntime: blend ready on cpu \(warm-up \d+ ms; nodes run: cpu \d+\)$/,
  );
  await loaded.session.release();
});

test('a failing warm-up fails the load, naming the cause', async () => {
  await assert.rejects(
    loadModelSession({
      bytes: blendBytes,
      executionProviders: ['cpu'],
      logger: captureLogger(),
      warmUp: () => Promise.reject(new Error('out of memory')),
    }),
    /could not load .*-byte model with execution providers \[cpu\]: warm-up run failed: out of memory/,
  );
});
