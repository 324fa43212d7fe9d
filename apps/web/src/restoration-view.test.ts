import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSettings } from './restoration-view.js';

test('the settings in a line: modes as they are, a strength, a σ and a model in words', () => {
  assert.equal(
    describeSettings({
      ...{ deinterlace: 'auto', ivtc: 'off', deflicker: { strength: 0.5 } },
      ...{ denoise: { strength: 12, model: 'ffdnet-color' }, deblock: {} },
    }),
    'deinterlace auto · ivtc off · deflicker strength 0.5 · denoise σ 12, model ffdnet-color · deblock on',
  );
  assert.equal(
    describeSettings({ deinterlace: 'field', denoise: { model: 'x' }, deblock: { model: 'y' } }),
    'deinterlace field · ivtc default · deflicker default · denoise model x · deblock model y',
  );
});
