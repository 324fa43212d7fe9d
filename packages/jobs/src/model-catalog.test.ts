import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelCatalog } from './model-catalog.js';
import { checkModel, chooseRestorationModel } from './model-catalog.js';

const catalog: ModelCatalog = [
  { id: 'bicubic-x2', kind: 'sr', scale: 2 },
  {
    id: 'ffdnet',
    kind: 'restoration',
    scale: 1,
    task: 'denoise',
    strengthInput: 'sigma',
    default: true,
  },
  { id: 'dncnn3', kind: 'restoration', scale: 1, task: 'deblock' },
];

test('a restoration task runs the job’s model, else the task’s default, else none (the classical filter)', () => {
  assert.deepEqual(chooseRestorationModel('dncnn3', { task: 'denoise', catalog }), {
    id: 'dncnn3',
    chosenBy: 'request',
  });
  assert.deepEqual(chooseRestorationModel(undefined, { task: 'denoise', catalog }), {
    id: 'ffdnet',
    chosenBy: 'default',
  });
  assert.equal(chooseRestorationModel(undefined, { task: 'deblock', catalog }), undefined);
  assert.equal(chooseRestorationModel(undefined, { task: 'denoise' }), undefined);
});

test('a restoration model named for a job must be one', () => {
  assert.equal(checkModel({ id: 'ffdnet', kind: 'restoration', catalog }), undefined);
  assert.match(
    checkModel({ id: 'bicubic-x2', kind: 'restoration', catalog }) ?? '',
    /not available/,
  );
  assert.match(
    checkModel({ id: 'x', kind: 'restoration' }) ?? '',
    /no restoration model is registered/,
  );
});
