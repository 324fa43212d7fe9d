import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRequest } from './build-request.js';

test('restoration flags map to the restore block; only the flags given', () => {
  assert.deepEqual(
    buildRequest('u', {
      ...{ deinterlace: 'field', ivtc: 'off', deflicker: '0.5' },
      ...{ denoise: '12', 'denoise-model': 'ffdnet-color', deblock: 'on' },
    }),
    {
      input: { url: 'u' },
      restore: {
        ...{ deinterlace: 'field', ivtc: 'off', deflicker: { strength: 0.5 } },
        ...{ denoise: { strength: 12, model: 'ffdnet-color' }, deblock: {} },
      },
    },
  );
  assert.deepEqual(buildRequest('u', { deflicker: 'auto' }).restore, { deflicker: 'auto' });
  assert.deepEqual(buildRequest('u', { denoise: 'auto' }).restore, { denoise: 'auto' });
  assert.deepEqual(
    buildRequest('u', { 'denoise-model': 'dncnn-3' }).restore,
    { denoise: { model: 'dncnn-3' } },
    'a model alone denoises, its σ estimated',
  );
  assert.deepEqual(buildRequest('u', { 'deblock-model': 'dncnn-3' }).restore, {
    deblock: { model: 'dncnn-3' },
  });
  assert.deepEqual(buildRequest('u', { upscale: '2', deinterlace: 'off' }).restore, {
    deinterlace: 'off',
  });
  assert.equal(buildRequest('u', { upscale: '2' }).restore, undefined);
});

test('a job of restoration alone is something to do; auto detections alone are not', () => {
  for (const flags of [
    { deinterlace: 'frame' },
    { deinterlace: 'field' },
    { deflicker: '0' },
    { denoise: 'auto' },
    { deblock: 'on' },
  ])
    assert.ok(buildRequest('u', flags).restore, JSON.stringify(flags));
  for (const flags of [
    { deinterlace: 'auto', ivtc: 'auto' },
    { deflicker: 'off', denoise: 'off', deblock: 'off' },
    { preview: '0:5' },
  ])
    assert.throws(
      () => buildRequest('u', flags),
      /nothing to do: give --upscale 2\|4 or --height N, --fps N or --factor N, or a restoration \(--deinterlace frame\|field, --deflicker, --denoise or --deblock on\)/,
      JSON.stringify(flags),
    );
});

test('--preview START[:SECONDS] is the span rendered, 5 s by default', () => {
  assert.deepEqual(buildRequest('u', { upscale: '2', preview: '12:5' }).preview, {
    start: 12,
    seconds: 5,
  });
  assert.deepEqual(buildRequest('u', { denoise: 'auto', preview: '1.5' }).preview, {
    start: 1.5,
    seconds: 5,
  });
  assert.equal(buildRequest('u', { upscale: '2' }).preview, undefined);
  assert.throws(() => buildRequest('u', { upscale: '2', preview: '12-17' }), /START\[:SECONDS\]/);
  assert.throws(() => buildRequest('u', { upscale: '2', preview: '3:0' }), /above 0 seconds/);
});

test('refuses restoration flags that cannot be right, saying what to give', () => {
  const refusals: [Record<string, string>, RegExp][] = [
    [{ deinterlace: 'yes' }, /--deinterlace is auto, off, frame or field, not yes/],
    [{ ivtc: 'on' }, /--ivtc is auto or off, not on/],
    [{ deflicker: '1.5' }, /--deflicker is auto, off or a strength from 0 to 1, not 1.5/],
    [{ deflicker: 'strong' }, /--deflicker is auto, off or a strength/],
    [{ denoise: '60' }, /--denoise is auto, off or a noise σ from 0 to 50/],
    [{ denoise: 'off', 'denoise-model': 'x' }, /--denoise-model needs denoising/],
    [{ deblock: 'auto' }, /--deblock is on or off, not auto/],
    [{ deblock: 'off', 'deblock-model': 'x' }, /--deblock-model needs deblocking/],
  ];
  for (const [flags, message] of refusals)
    assert.throws(() => buildRequest('u', { upscale: '2', ...flags }), message);
});
