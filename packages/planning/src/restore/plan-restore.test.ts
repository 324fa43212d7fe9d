import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelCatalog } from '@remaster/jobs';
import { restoreRequestSchema } from '@remaster/jobs';
import { rational } from '@remaster/retiming';
import type { FieldFacts } from './decide-fields.js';
import { decideFields } from './decide-fields.js';
import { planRestore } from './plan-restore.js';

const counts = {
  tff: 0,
  bff: 0,
  progressive: 0,
  undetermined: 0,
  repeatedTop: 0,
  repeatedBottom: 0,
};
const interlaced: FieldFacts = { kind: 'interlaced', order: 'bff', idet: { ...counts, bff: 90 } };
const telecined: FieldFacts = { kind: 'telecined', order: 'tff', idet: { ...counts, tff: 40 } };
const progressive: FieldFacts = {
  kind: 'progressive',
  order: 'tff',
  idet: { ...counts, progressive: 90 },
};
const settings = (body: object) => restoreRequestSchema.parse(body);
const source = { frames: 100, fps: rational(25) };

test('fields: a forced mode wins; auto splits an interlaced source into fields and rebuilds a telecined one', () => {
  const flagged = { fields: interlaced, containerOrder: 'tff' as const };
  assert.equal(decideFields(settings({}), flagged).action, 'deinterlace field');
  assert.equal(decideFields(settings({}), flagged).order, 'bff');
  assert.equal(decideFields(settings({}), { fields: interlaced }).action, 'none');
  assert.equal(decideFields(settings({}), { fields: telecined }).action, 'ivtc');
  assert.equal(decideFields(settings({}), { fields: progressive }).action, 'none');
  assert.equal(
    decideFields(settings({ deinterlace: 'off' }), { fields: interlaced }).action,
    'none',
  );
  assert.equal(decideFields(settings({ ivtc: 'off' }), { fields: telecined }).action, 'none');
  const forced = decideFields(settings({ deinterlace: 'frame' }), {
    fields: progressive,
    containerOrder: 'bff',
  });
  assert.deepEqual([forced.action, forced.order], ['deinterlace frame', 'bff']);
  assert.equal(decideFields(settings({}), {}).action, 'none');
});

test('a field split doubles frames and rate; an inverse telecine drops the planned frames', () => {
  const split = planRestore({
    restore: settings({}),
    source,
    facts: { fields: interlaced, containerOrder: 'tff' },
  });
  assert.deepEqual([split.summary.frames, split.summary.fps], [200, '50']);
  assert.equal(split.filter, 'bwdif=mode=send_field:parity=bff:deint=all');
  assert.deepEqual(split.context, { before: 1, after: 1 });
  const film = planRestore({
    restore: settings({}),
    source: { frames: 10, fps: rational(30000, 1001) },
    facts: { fields: telecined, dropped: [2, 7] },
  });
  assert.deepEqual([film.summary.frames, film.summary.fps], [8, '24000/1001']);
  assert.equal(film.summary.fields.droppedFrames, 2);
  assert.match(film.filter ?? '', /^fieldmatch=order=tff/);
});

test('denoise: the task default model with the σ scaled to RGB, else nlmeans at luma σ; a clean source is left', () => {
  const catalog: ModelCatalog = [
    {
      id: 'ffdnet',
      kind: 'restoration',
      scale: 1,
      task: 'denoise',
      strengthInput: 'sigma',
      default: true,
    },
  ];
  const learned = planRestore({
    restore: settings({ denoise: 'auto' }),
    source,
    facts: { noiseSigma: 13.14 },
    catalog,
  });
  assert.deepEqual(learned.models, [{ model: 'ffdnet', sigma: 15.3 }]);
  assert.equal(learned.summary.denoise?.method, 'model');
  assert.equal(learned.filter, undefined);
  const classical = planRestore({
    restore: settings({ denoise: { strength: 15 } }),
    source,
    facts: {},
  });
  assert.equal(classical.models.length, 0);
  assert.match(classical.filter ?? '', /^nlmeans=/);
  const clean = planRestore({
    restore: settings({ denoise: 'auto' }),
    source,
    facts: { noiseSigma: 0.2 },
  });
  assert.equal(clean.summary.denoise, undefined);
  assert.match(clean.summary.notes?.[0] ?? '', /clean enough/);
});

test('deflicker: auto is strength 0.8 over the measured means; a quote without them says when they come', () => {
  const means = Array.from({ length: 100 }, (_, k) => (k % 2 === 0 ? 0.4 : 0.5));
  const planned = planRestore({
    restore: settings({ deflicker: 'auto' }),
    source,
    facts: { means },
  });
  assert.equal(planned.gains?.length, 100);
  assert.equal(planned.summary.deflicker?.strength, 0.8);
  assert.ok(planned.summary.deflicker.gainMax > 1 && planned.summary.deflicker.gainMin < 1);
  const quote = planRestore({ restore: settings({ deflicker: 'auto' }), source, facts: {} });
  assert.equal(quote.gains, undefined);
  assert.match(quote.summary.notes?.[0] ?? '', /when the job is planned/);
});
