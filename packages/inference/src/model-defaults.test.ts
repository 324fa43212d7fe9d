import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyModelDefaults } from './model-defaults.js';
import type { ModelKind } from './model-contract.js';
import { ModelError } from './model-error.js';
import { builtinEntries, parseModelManifest, type ModelEntry } from './model-manifest.js';

const file = (id: string, kind: ModelKind, scale: number, extra: object = {}) => ({
  id,
  kind,
  scale,
  file: `${id}.onnx`,
  licence: 'test',
  ...extra,
});
const entries: ModelEntry[] = [
  ...builtinEntries(),
  ...parseModelManifest(
    {
      models: [
        file('span-x2', 'sr', 2),
        file('span-x4', 'sr', 4, { default: true }),
        file('esrgan-x4', 'sr', 4),
        file('rife', 'vfi', 1),
      ],
    },
    '/models',
  ),
];
const defaults = (list: ModelEntry[]) =>
  list.filter((m) => m.default === true).map((m) => `${m.kind}:${m.id}`);
const isDefaultError = (pattern: RegExp) => (error: unknown) =>
  error instanceof ModelError && error.code === 'MODEL_DEFAULT' && pattern.test(error.message);

test('the manifest flag marks a default; configured ids add theirs and replace a flag of the same scale', () => {
  assert.deepEqual(defaults(applyModelDefaults(entries)), ['sr:span-x4']);
  const configured = applyModelDefaults(entries, { sr: ['span-x2', 'esrgan-x4'], vfi: ['rife'] });
  assert.deepEqual(defaults(configured), ['sr:span-x2', 'sr:esrgan-x4', 'vfi:rife']);
  assert.equal(entries.find((m) => m.id === 'span-x4')!.default, true, 'the input is not changed');
});

test('a configured default that is not registered, of the other kind, or doubled is MODEL_DEFAULT', () => {
  assert.throws(
    () => applyModelDefaults(entries, { sr: ['nope'] }),
    isDefaultError(/DEFAULT_SR_MODEL: no model 'nope' is registered; sr models: bicubic-x2, /),
  );
  assert.throws(
    () => applyModelDefaults(entries, { vfi: ['span-x2'] }),
    isDefaultError(/DEFAULT_VFI_MODEL: 'span-x2' is a sr model, not vfi/),
  );
  assert.throws(
    () => applyModelDefaults(entries, { sr: ['span-x4', 'esrgan-x4'] }),
    isDefaultError(/two default sr x4 models: 'span-x4' and 'esrgan-x4'/),
  );
  assert.throws(
    () => applyModelDefaults(entries, { vfi: ['rife', 'blend'] }),
    isDefaultError(/two default vfi models/),
  );
});

test('the manifest refuses a default that is not a boolean and two flagged models of one scale', () => {
  assert.throws(
    () => parseModelManifest({ models: [file('a', 'sr', 2, { default: 'yes' })] }, '/m'),
    /models\[0\]\.default must be true or false/,
  );
  const twice = parseModelManifest(
    { models: [file('a', 'sr', 2, { default: true }), file('b', 'sr', 2, { default: true })] },
    '/m',
  );
  assert.throws(() => applyModelDefaults(twice), isDefaultError(/two default sr x2 models/));
});

test('DEFAULT_DENOISE_MODEL / DEFAULT_DEBLOCK_MODEL mark a restoration model default for their task', () => {
  const restoration = parseModelManifest(
    {
      models: [
        file('ffdnet', 'restoration', 1, { strengthInput: 'sigma' }),
        file('cdncnn', 'restoration', 1, { task: 'denoise', default: true }),
        file('dncnn3', 'restoration', 1, { task: 'deblock' }),
      ],
    },
    '/models',
  );
  const list = [...entries, ...restoration];
  const marked = (result: ModelEntry[]) =>
    result.filter((m) => m.kind === 'restoration').map((m) => [m.id, m.task, m.default]);
  assert.deepEqual(marked(applyModelDefaults(list)), [
    ['ffdnet', undefined, undefined],
    ['cdncnn', 'denoise', true],
    ['dncnn3', 'deblock', undefined],
  ]);
  // The configured id takes the task and replaces the manifest's default of that task.
  assert.deepEqual(marked(applyModelDefaults(list, { denoise: 'ffdnet', deblock: 'dncnn3' })), [
    ['ffdnet', 'denoise', true],
    ['cdncnn', 'denoise', undefined],
    ['dncnn3', 'deblock', true],
  ]);
  assert.throws(
    () => applyModelDefaults(list, { denoise: 'nope' }),
    isDefaultError(
      /DEFAULT_DENOISE_MODEL: no model 'nope' is registered; restoration models: ffdnet, cdncnn, dncnn3/,
    ),
  );
  assert.throws(
    () => applyModelDefaults(list, { deblock: 'span-x2' }),
    isDefaultError(/DEFAULT_DEBLOCK_MODEL: 'span-x2' is a sr model, not a 1x restoration one/),
  );
  assert.throws(
    () => applyModelDefaults(list, { denoise: 'dncnn3', deblock: 'dncnn3' }),
    isDefaultError(/both name 'dncnn3': a model is the default of one task/),
  );
  assert.throws(
    () => applyModelDefaults(entries, { denoise: 'x' }),
    isDefaultError(/restoration models: none/),
  );
});
