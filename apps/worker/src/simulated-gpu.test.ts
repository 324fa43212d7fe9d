import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, loadConfig } from '@remaster/config';
import { createFrameModels } from './create-frame-models.js';
import { SimulatedGpu, SimulatedModels, nearestUpscale } from './simulated-gpu.js';

test('nearestUpscale repeats each pixel factor × factor times', () => {
  // 2×1 frame: red, blue.
  const frame = Buffer.from([255, 0, 0, 0, 0, 255]);
  const out = nearestUpscale(frame, 2, 1, 2);
  const red = [255, 0, 0];
  const blue = [0, 0, 255];
  assert.deepEqual([...out], [...red, ...red, ...blue, ...blue, ...red, ...red, ...blue, ...blue]);
  assert.deepEqual([...nearestUpscale(frame, 2, 1, 1)], [...frame]);
  // rgb48le: six bytes a pixel move together.
  const deep = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  const wide = [...nearestUpscale(deep, 2, 1, 2, 6)];
  const [left, right] = [
    [1, 2, 3, 4, 5, 6],
    [7, 8, 9, 10, 11, 12],
  ];
  assert.deepEqual(wide, [
    ...left,
    ...left,
    ...right,
    ...right,
    ...left,
    ...left,
    ...right,
    ...right,
  ]);
});

test('the device runs one frame at a time for its fixed time, without using the CPU', async () => {
  const gpu = new SimulatedGpu(40);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  // Five runs at once queue on one device: about 5 × 40 ms, not 40 ms.
  await Promise.all(Array.from({ length: 5 }, () => gpu.run()));
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  assert.ok(elapsed >= 195, `5 runs took ${elapsed.toFixed(0)} ms`);
  // Held with timers: far less CPU than wall time (a busy loop would use all of it).
  assert.ok((cpu.user + cpu.system) / 1000 < elapsed / 2, `used ${cpu.user + cpu.system} µs CPU`);
});

test('simulated models answer frames of the real models’ shapes', async () => {
  const models = new SimulatedModels(new SimulatedGpu(1));
  const frame = Buffer.alloc(3 * 8 * 6, 7);
  const upscaler = await models.upscaler('bicubic-x2', 2, 'rgb24');
  assert.equal((await upscaler.upscale(frame, 8, 6)).length, 3 * 16 * 12);
  const interpolator = await models.interpolator('blend', 'rgb24');
  const b = Buffer.alloc(3 * 8 * 6, 9);
  assert.equal((await interpolator.interpolate(frame, b, 0.25, 8, 6))[0], 7);
  assert.equal((await interpolator.interpolate(frame, b, 0.75, 8, 6))[0], 9);
});

test('only SIMULATED_GPU_MS_PER_FRAME selects the simulated GPU, with a warning', async () => {
  const warnings: string[] = [];
  const logger = createLogger('worker-test', { LOG_LEVEL: 'silent' });
  logger.warn = ((_fields: object, message: string) => void warnings.push(message)) as never;
  assert.equal(loadConfig({}).SIMULATED_GPU_MS_PER_FRAME, 0);
  const models = await createFrameModels(loadConfig({ SIMULATED_GPU_MS_PER_FRAME: '5' }), logger);
  assert.ok(models instanceof SimulatedModels);
  assert.match(warnings.join('\n'), /SIMULATED GPU: .*NOT restored/);
});
