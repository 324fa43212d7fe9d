import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InferenceEngine } from './inference-engine.js';
import { ModelError } from './model-error.js';
import { ModelRegistry } from './model-registry.js';
import { psnr } from './psnr.js';
import { sharedModelsDir, skipUnless } from './testing/shared-data.js';
import { fourChannelModel, smoothFrame } from './testing/test-models.js';

function capture() {
  const lines: string[] = [];
  return {
    lines,
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
  };
}

function swapRedBlue(frame: Buffer): Buffer {
  const swapped = Buffer.from(frame);
  for (let i = 0; i < swapped.length; i += 3)
    [swapped[i], swapped[i + 2]] = [frame[i + 2]!, frame[i]!];
  return swapped;
}

const isModelError = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof ModelError && error.code === code && pattern.test(error.message);

test('the engine loads each model once, warms it up and logs where its nodes ran', async () => {
  const logger = capture();
  const engine = new InferenceEngine({
    registry: await ModelRegistry.load(),
    executionProviders: ['cpu'],
    logger,
  });
  const [first, second] = await Promise.all([
    engine.upscaler('bicubic-x2', { factor: 2 }),
    engine.upscaler('bicubic-x2'),
  ]);
  const out = await first.upscale(Buffer.alloc(3 * 6 * 4, 99), 6, 4);
  assert.deepEqual(out, Buffer.alloc(3 * 12 * 8, 99));
  assert.equal(second.scale, 2);
  assert.equal(logger.lines.filter((line) => line.includes('loading bicubic-x2')).length, 1);
  assert.match(
    logger.lines.join('\n'),
    /info onnxruntime: bicubic-x2 ready on cpu \(warm-up \d+ ms; nodes run: cpu \d+\)/,
  );
  await engine.close();
});

test("an upscaler's tiles follow the model's memory per pixel unless the engine sets a size", async () => {
  const registry = await ModelRegistry.load();
  const budget = { memoryBudgetBytes: 256 * 1024 * 1024 };
  const engine = new InferenceEngine({ registry, executionProviders: ['cpu'], tiling: budget });
  // 256 MiB at 128 B a pixel: 1448² pixels, so a 1280x720 frame runs whole (1 KiB: 512²).
  assert.equal((await engine.upscaler('bicubic-x2')).tileSize, 1448);
  assert.equal((await engine.upscaler('bicubic-x4')).tileSize, 720);
  const frame = smoothFrame(1280, 720);
  const out = await (await engine.upscaler('bicubic-x2')).upscale(frame, 1280, 720);
  assert.equal(out.length, 3 * 2560 * 1440);
  const chosen = new InferenceEngine({
    registry,
    executionProviders: ['cpu'],
    tiling: { ...budget, tileSize: 256 },
  });
  assert.equal((await chosen.upscaler('bicubic-x2')).tileSize, 256);
  await Promise.all([engine.close(), chosen.close()]);
});

test('a 16-bit upscaler or interpolator loads a second session, listed once by id', async () => {
  const logger = capture();
  const engine = new InferenceEngine({
    registry: await ModelRegistry.load(),
    executionProviders: ['cpu'],
    logger,
  });
  const deep = await engine.upscaler('bicubic-x2', { format: 'rgb48le' });
  const shallow = await engine.upscaler('bicubic-x2');
  const grey16 = Buffer.from(new Uint16Array(3 * 6 * 4).fill(40000).buffer);
  assert.deepEqual(
    await deep.upscale(grey16, 6, 4),
    Buffer.from(new Uint16Array(3 * 12 * 8).fill(40000).buffer),
  );
  assert.equal((await shallow.upscale(Buffer.alloc(3 * 6 * 4, 9), 6, 4)).length, 3 * 12 * 8);
  const blend = await engine.interpolator('blend', { format: 'rgb48le' });
  assert.equal(blend.format, 'rgb48le');
  const loads = logger.lines.filter((line) => line.includes('loading bicubic-x2'));
  assert.equal(loads.length, 2, loads.join('\n'));
  assert.deepEqual(
    engine
      .loadedModels()
      .map(({ id }) => id)
      .sort(),
    ['bicubic-x2', 'blend'],
  );
  await engine.close();
});

test('ids that are unknown or of the wrong kind or factor are MODEL_NOT_FOUND', async () => {
  const engine = new InferenceEngine({
    registry: await ModelRegistry.load(),
    executionProviders: ['cpu'],
    logger: capture(),
  });
  await assert.rejects(
    engine.upscaler('esrgan'),
    isModelError('MODEL_NOT_FOUND', /no model 'esrgan'/),
  );
  await assert.rejects(
    engine.upscaler('bicubic-x2', { factor: 4 }),
    isModelError('MODEL_NOT_FOUND', /bicubic-x2 is not a ×4 super-resolution model \(it is a ×2/),
  );
  await assert.rejects(
    engine.upscaler('blend'),
    isModelError(
      'MODEL_NOT_FOUND',
      /blend is not a super-resolution model \(it is an interpolation model\)/,
    ),
  );
  await assert.rejects(
    engine.interpolator('bicubic-x4'),
    isModelError('MODEL_NOT_FOUND', /not an interpolation model/),
  );
  await engine.close();
});

test('a listed model that fits no contract fails to load with MODEL_CONTRACT', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'engine-'));
  try {
    await writeFile(join(dir, 'four.onnx'), fourChannelModel());
    await writeFile(
      join(dir, 'models.json'),
      JSON.stringify({
        models: [{ id: 'four', kind: 'sr', scale: 2, file: 'four.onnx', licence: 'test' }],
      }),
    );
    const registry = await ModelRegistry.load({ manifestPath: join(dir, 'models.json') });
    for (const io of ['graph', 'js'] as const) {
      const engine = new InferenceEngine({
        registry,
        executionProviders: ['cpu'],
        logger: capture(),
        io,
      });
      await assert.rejects(
        engine.upscaler('four'),
        isModelError('MODEL_CONTRACT', /'input' is \[N, 4, H, W\], expected \[N, 3, H, W\]/),
      );
      await engine.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  'every shared model loads, warms up and upscales through the engine',
  { skip: skipUnless(sharedModelsDir) },
  async () => {
    const logger = capture();
    const registry = await ModelRegistry.load({ modelDirs: [sharedModelsDir] });
    const engine = new InferenceEngine({
      registry,
      executionProviders: ['cpu'],
      logger,
      warmUpSize: 16,
    });
    const [width, height] = [32, 24];
    const frame = smoothFrame(width, height);
    for (const { id, scale } of registry.list().filter((m) => m.source === 'file')) {
      const upscaler = await engine.upscaler(id, { factor: scale });
      const out = await upscaler.upscale(frame, width, height);
      const reference = await (
        await engine.upscaler(`bicubic-x${scale}`)
      ).upscale(frame, width, height);
      assert.equal(out.length, 3 * scale * width * scale * height, id);
      // Same picture as bicubic, give or take detail (anime models flatten texture), and much
      // closer than the same output with red and blue swapped: catches a wrong layout or order.
      const [straight, swapped] = [psnr(out, reference), psnr(swapRedBlue(out), reference)];
      assert.ok(
        straight > 18 && straight > swapped + 5,
        `${id}: ${straight} dB, swapped ${swapped} dB`,
      );
      assert.match(
        logger.lines.join('\n'),
        new RegExp(`${id} ready on cpu \\(warm-up \\d+ ms; nodes run: cpu \\d+\\)`),
      );
    }
    await engine.close();
  },
);

test('loadedModels lists the models loaded so far with the provider each runs on', async () => {
  const engine = new InferenceEngine({
    registry: await ModelRegistry.load(),
    executionProviders: ['cpu'],
    logger: capture(),
    warmUpSize: 0,
  });
  assert.deepEqual(engine.loadedModels(), []);
  await engine.upscaler('bicubic-x2');
  await engine.interpolator('blend');
  assert.deepEqual(engine.loadedModels(), [
    { id: 'bicubic-x2', provider: 'cpu' },
    { id: 'blend', provider: 'cpu' },
  ]);
  await engine.close();
  assert.deepEqual(engine.loadedModels(), []);
});
