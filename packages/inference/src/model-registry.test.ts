import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findBuiltinModel } from '@remaster/onnx-graph';
import { ModelError } from './model-error.js';
import { ModelRegistry } from './model-registry.js';
import { sharedModelsDir, skipUnless } from './testing/shared-data.js';
import { startModelServer, type ModelServer } from './testing/model-server.js';
import { fourChannelModel } from './testing/test-models.js';

const x4 = findBuiltinModel('bicubic-x4')!.build();
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
let dir: string;
let server: ModelServer;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'registry-'));
  server = await startModelServer({ '/x4.onnx': x4 });
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const isModelError = (code: string, pattern: RegExp) => (error: unknown) =>
  error instanceof ModelError && error.code === code && pattern.test(error.message);

test('built-ins are listed and resolve to their bytes; an unknown id is MODEL_NOT_FOUND', async () => {
  const registry = await ModelRegistry.load();
  assert.deepEqual(
    registry.list().map((m) => m.id),
    ['bicubic-x2', 'bicubic-x4', 'blend', 'mci'],
  );
  assert.deepEqual(await registry.bytes('blend'), findBuiltinModel('blend')!.build());
  await assert.rejects(
    registry.bytes('rife'),
    isModelError(
      'MODEL_NOT_FOUND',
      /no model 'rife'; known models: bicubic-x2, bicubic-x4, blend, mci/,
    ),
  );
});

test('manifest files and downloads resolve, checked against their sha256', async () => {
  await writeFile(join(dir, 'local.onnx'), x4);
  const manifest = {
    models: [
      { id: 'local', kind: 'sr', scale: 4, file: 'local.onnx', sha256: sha(x4), licence: 'test' },
      {
        id: 'remote',
        kind: 'sr',
        scale: 4,
        url: server.url('/x4.onnx'),
        sha256: sha(x4),
        licence: 'test',
      },
      {
        id: 'tampered',
        kind: 'sr',
        scale: 4,
        file: 'local.onnx',
        sha256: 'f'.repeat(64),
        licence: 'test',
      },
    ],
  };
  await writeFile(join(dir, 'models.json'), JSON.stringify(manifest));
  const registry = await ModelRegistry.load({
    manifestPath: join(dir, 'models.json'),
    cacheDir: join(dir, 'cache'),
    withoutBuiltins: true,
  });
  assert.deepEqual(
    registry.list().map((m) => `${m.id}:${m.source}`),
    ['local:file', 'remote:url', 'tampered:file'],
  );
  assert.deepEqual(await registry.bytes('local'), Buffer.from(x4));
  assert.deepEqual(await registry.bytes('remote'), Buffer.from(x4));
  await assert.rejects(
    registry.bytes('tampered'),
    isModelError('MODEL_CHECKSUM', /local.onnx has sha256 [0-9a-f]{64}, the manifest lists f{64}/),
  );
  assert.throws(
    () =>
      new ModelRegistry([
        ...registry.list().map((m) => registry.entry(m.id)),
        registry.entry('local'),
      ]),
    /two models have the id 'local'/,
  );
});

test('a folder of models is registered from the files: misfits are skipped', async () => {
  const folder = join(dir, 'folder');
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder);
  await writeFile(join(folder, 'My-Bicubic.onnx'), x4);
  await writeFile(join(folder, 'four.onnx'), fourChannelModel());
  const warnings: string[] = [];
  const registry = await ModelRegistry.load({
    modelDirs: [folder],
    withoutBuiltins: true,
    logger: { info: () => {}, warn: (m) => warnings.push(m) },
  });
  assert.deepEqual(registry.list(), [
    {
      id: 'my-bicubic',
      kind: 'sr',
      scale: 4,
      source: 'file',
      sha256: sha(x4),
      padMultiple: 1,
      dtype: 'float32',
      licence: 'unspecified',
      layout: 'nchw',
    },
  ]);
  assert.match(warnings.join('\n'), /skipping .*four\.onnx: model does not fit the contract/);
});

test(
  'the shared models register with PROVENANCE.md kinds, scales, dtypes and hashes',
  { skip: skipUnless(sharedModelsDir) },
  async () => {
    const registry = await ModelRegistry.load({
      modelDirs: [sharedModelsDir],
      withoutBuiltins: true,
    });
    const summary = registry
      .list()
      .map(
        (m) =>
          `${m.id} ${m.kind} x${m.scale} ${m.dtype} pad${m.padMultiple} ${m.sha256?.slice(0, 8)}`,
      );
    assert.deepEqual(summary, [
      'hongyuanyu_span_ch48_x2_fp32_op17 sr x2 float32 pad1 afed3839',
      'hongyuanyu_span_ch48_x4_fp32_op17 sr x4 float32 pad1 791a7680',
      'realesr-animevideov3 sr x4 float32 pad1 58425bdf',
      'realesrganv2-animevideo-xsx2 sr x2 float32 pad1 6fad590f',
      'xinntao_realesrv3_general_x4_fp16_op14 sr x4 float16 pad1 08ff2478',
    ]);
  },
);
