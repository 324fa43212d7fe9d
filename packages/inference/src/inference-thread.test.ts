// Sessions on the inference thread: the event loop keeps turning during a run, results
// match the caller-thread session's, inputs stay the caller's, errors come back whole.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { attr, buildModel, DATA_TYPE, node, tensorInfo } from '@remaster/onnx-graph';
import { loadModelSession, type SessionThreads } from './model-session.js';

const quiet = { info: () => undefined, warn: () => undefined };

/** x · x · x · x · x for a [n,n] x: long enough a run to watch the event loop through. */
const SIDE = 768;
const slowModel = buildModel({
  inputs: [tensorInfo('x', 'float32', [SIDE, SIDE])],
  outputs: [tensorInfo('y', 'float32', [SIDE, SIDE])],
  nodes: [
    node('MatMul', ['x', 'x'], ['p1']),
    node('MatMul', ['p1', 'x'], ['p2']),
    node('MatMul', ['p2', 'x'], ['p3']),
    node('MatMul', ['p3', 'x'], ['y']),
  ],
});

/** Two inputs of two types: y = a + Cast(b). */
const mixedModel = buildModel({
  inputs: [tensorInfo('a', 'float32', ['N']), tensorInfo('b', 'uint8', ['N'])],
  outputs: [tensorInfo('y', 'float32', ['N'])],
  nodes: [
    node('Cast', ['b'], ['bf'], { to: attr.int(DATA_TYPE.float32) }),
    node('Add', ['a', 'bf'], ['y']),
  ],
});

const load = (bytes: Uint8Array, runOn: SessionThreads['runOn']) =>
  loadModelSession({
    bytes,
    executionProviders: ['cpu'],
    logger: quiet,
    threads: { intraOp: 1, runOn },
  });

/** Event-loop turns (setImmediate) counted while `work` is in flight. */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const spin = (): void => {
    if (!running) return;
    turns += 1;
    setImmediate(spin);
  };
  setImmediate(spin);
  try {
    await work();
  } finally {
    running = false;
  }
  return turns;
}

describe('sessions on the inference thread', () => {
  test('a run leaves the event loop turning; on the caller thread it stops it', async () => {
    const x = new ort.Tensor('float32', new Float32Array(SIDE * SIDE).fill(0.01), [SIDE, SIDE]);
    const [threaded, caller] = [
      await load(slowModel, 'inference'),
      await load(slowModel, 'caller'),
    ];
    try {
      await threaded.session.run({ x });
      await caller.session.run({ x });
      const onThread = await turnsDuring(() => threaded.session.run({ x }));
      const onCaller = await turnsDuring(() => caller.session.run({ x }));
      assert.ok(onThread >= 10, `only ${onThread} turns of the event loop during a threaded run`);
      assert.ok(onCaller <= 3, `${onCaller} turns during a caller-thread run: is run async now?`);
    } finally {
      await threaded.session.release();
      await caller.session.release();
    }
  });

  test('same outputs and metadata as on the caller thread; the inputs stay usable', async () => {
    const [threaded, caller] = [
      await load(mixedModel, 'inference'),
      await load(mixedModel, 'caller'),
    ];
    try {
      assert.deepEqual(threaded.session.inputNames, caller.session.inputNames);
      assert.deepEqual(threaded.session.outputNames, caller.session.outputNames);
      assert.deepEqual(threaded.session.inputMetadata, caller.session.inputMetadata);
      // A view into a Buffer, as the frames' planes are: it must not move to the thread.
      const frame = Buffer.from([9, 1, 2, 3, 4, 9]);
      const b = frame.subarray(1, 5);
      const feeds = {
        a: new ort.Tensor('float32', Float32Array.of(0.5, 1.5, 2.5, 3.5), [4]),
        b: new ort.Tensor('uint8', b, [4]),
      };
      const [fromThread, fromCaller] = [
        await threaded.session.run(feeds),
        await caller.session.run(feeds),
      ];
      assert.deepEqual([...(fromThread.y!.data as Float32Array)], [1.5, 3.5, 5.5, 7.5]);
      assert.deepEqual(fromThread.y!.data, fromCaller.y!.data);
      assert.deepEqual(fromThread.y!.dims, [4]);
      assert.equal(fromThread.y!.type, 'float32');
      assert.deepEqual([...frame], [9, 1, 2, 3, 4, 9], 'the caller keeps its frame');
    } finally {
      await threaded.session.release();
      await caller.session.release();
    }
  });

  test('a failed run says why and the session goes on; a released one refuses', async () => {
    const model = await load(mixedModel, 'inference');
    const a = new ort.Tensor('float32', Float32Array.of(1, 2), [2]);
    await assert.rejects(
      model.session.run({ a, b: new ort.Tensor('float32', Float32Array.of(1, 2), [2]) }),
      /Unexpected input data type|tensor\(float\)|data type/i,
    );
    const b = new ort.Tensor('uint8', Uint8Array.of(1, 1), [2]);
    assert.deepEqual([...((await model.session.run({ a, b })).y!.data as Float32Array)], [2, 3]);
    await model.session.release();
    await assert.rejects(model.session.run({ a, b }), /released/);
  });
});
