import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelError } from './model-error.js';
import { builtinEntries, modelInfo, parseModelManifest } from './model-manifest.js';

const sha = 'a'.repeat(64);

test('a manifest gives entries with defaults, relative files resolved against its folder', () => {
  const entries = parseModelManifest(
    {
      models: [
        { id: 'span-x2', kind: 'sr', scale: 2, file: 'span.onnx', licence: 'Apache-2.0' },
        {
          id: 'rife-4.6',
          kind: 'vfi',
          url: 'https://models.example/rife.onnx',
          sha256: sha.toUpperCase(),
          padMultiple: 32,
          dtype: 'float16',
          licence: 'MIT',
          description: 'RIFE',
        },
      ],
    },
    '/etc/remaster',
  );
  assert.deepEqual(entries, [
    {
      id: 'span-x2',
      kind: 'sr',
      scale: 2,
      source: { type: 'file', path: '/etc/remaster/span.onnx' },
      padMultiple: 1,
      dtype: 'float32',
      licence: 'Apache-2.0',
      layout: 'nchw',
    },
    {
      id: 'rife-4.6',
      kind: 'vfi',
      scale: 1,
      source: { type: 'url', url: 'https://models.example/rife.onnx' },
      sha256: sha,
      padMultiple: 32,
      dtype: 'float16',
      licence: 'MIT',
      layout: 'nchw',
      description: 'RIFE',
    },
  ]);
  assert.deepEqual(modelInfo(entries[1]!), {
    id: 'rife-4.6',
    kind: 'vfi',
    scale: 1,
    source: 'url',
    sha256: sha,
    padMultiple: 32,
    dtype: 'float16',
    licence: 'MIT',
    layout: 'nchw',
    description: 'RIFE',
  });
});

test('bad entries are refused with MODEL_MANIFEST naming the field', () => {
  const refuses = (models: unknown, pattern: RegExp) =>
    assert.throws(
      () => parseModelManifest({ models }, '/'),
      (error: unknown) =>
        error instanceof ModelError &&
        error.code === 'MODEL_MANIFEST' &&
        pattern.test(error.message),
    );
  const base = { id: 'm', kind: 'sr', scale: 2, file: 'm.onnx', licence: 'MIT' };
  refuses('nope', /needs a "models" array/);
  refuses([{ ...base, id: 'Big Model' }], /id 'Big Model' must be lowercase/);
  refuses([{ ...base, kind: 'denoise' }], /models\[0\]\.kind must be one of sr, vfi/);
  refuses([{ ...base, scale: 1.5 }], /models\[0\]\.scale must be a positive integer/);
  refuses([{ ...base, url: 'https://x/m.onnx' }], /m: give exactly one of "file" and "url"/);
  refuses(
    [{ ...base, file: undefined, url: 'https://x/m.onnx' }],
    /m: a downloaded model needs its sha256/,
  );
  refuses(
    [{ ...base, file: undefined, url: 'ftp://x/m.onnx', sha256: sha }],
    /url 'ftp:\/\/x\/m.onnx' must be http\(s\)/,
  );
  refuses([{ ...base, sha256: 'abc' }], /m: sha256 must be 64 hex digits/);
  refuses([{ ...base, licence: undefined }], /models\[0\]\.licence is missing/);
  refuses([{ ...base, bytesPerPixel: 0 }], /models\[0\]\.bytesPerPixel must be a positive integer/);
  const restoration = { ...base, kind: 'restoration', scale: 1 };
  refuses(
    [{ ...restoration, scale: 2 }],
    /m: a restoration model keeps the frame size; scale must be 1/,
  );
  refuses(
    [{ ...restoration, task: 'sharpen' }],
    /models\[0\]\.task must be one of denoise, deblock/,
  );
  refuses([{ ...restoration, default: true }], /m: a default restoration model needs its task/);
  refuses(
    [{ ...base, task: 'denoise' }],
    /m: task and strengthInput are for kind restoration, not sr/,
  );
});

test('a restoration entry: scale 1 by default, its task and strength input shown by GET /v1/models', () => {
  const [entry] = parseModelManifest(
    {
      models: [
        {
          id: 'ffdnet',
          kind: 'restoration',
          file: 'ffdnet.onnx',
          licence: 'research',
          task: 'denoise',
          strengthInput: 'sigma',
          default: true,
        },
      ],
    },
    '/m',
  );
  assert.deepEqual(modelInfo(entry!), {
    id: 'ffdnet',
    kind: 'restoration',
    scale: 1,
    source: 'file',
    padMultiple: 1,
    dtype: 'float32',
    licence: 'research',
    layout: 'nchw',
    default: true,
    task: 'denoise',
    strengthInput: 'sigma',
  });
});

test('a model may state its memory per pixel; GET /v1/models does not show it', () => {
  const base = { id: 'm', kind: 'sr', scale: 2, file: 'm.onnx', licence: 'MIT' };
  const entry = parseModelManifest({ models: [{ ...base, bytesPerPixel: 96 }] }, '/')[0];
  assert.ok(entry);
  assert.equal(entry.bytesPerPixel, 96);
  assert.equal('bytesPerPixel' in modelInfo(entry), false);
  const sizes = Object.fromEntries(builtinEntries().map((e) => [e.id, e.bytesPerPixel]));
  assert.deepEqual(sizes, {
    'bicubic-x2': 128,
    'bicubic-x4': 512,
    blend: undefined,
    mci: undefined,
  });
});

test('built-ins are entries too', () => {
  assert.deepEqual(
    builtinEntries().map((e) => `${e.id}:${e.kind}:${e.scale}:${e.source.type}`),
    [
      'bicubic-x2:sr:2:builtin',
      'bicubic-x4:sr:4:builtin',
      'blend:vfi:1:builtin',
      'mci:vfi:1:builtin',
    ],
  );
});
