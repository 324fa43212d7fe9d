import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobFormValues } from './job-form.js';
import { buildJobBody } from './job-form.js';

/** The form as it opens: 60 fps interpolation, no upscale, the schema's default codec. */
const values: JobFormValues = {
  interpolate: true,
  interpolateMode: 'fps',
  interpolateValue: '60000/1001',
  interpolateModel: '',
  sceneThreshold: '',
  dedupe: false,
  dedupeThreshold: '',
  upscale: false,
  upscaleMode: 'factor',
  upscaleFactor: '2',
  upscaleHeight: '',
  upscaleModel: '',
  codec: 'h264',
  crf: '',
  container: 'mp4',
  bitDepth: '',
  chunkFrames: '',
  webhookUrl: '',
  webhookEvents: [],
  restore: {
    ...{ deinterlace: 'auto', ivtc: 'auto', deflicker: 'off', deflickerStrength: '' },
    ...{ denoise: 'off', denoiseSigma: '', denoiseModel: '', deblock: 'off', deblockModel: '' },
  },
};
const defaults = { deinterlace: 'auto', ivtc: 'auto', deflicker: 'off', denoise: 'off' };
const url = ' s3://remaster/uploads/t/x/clip.mp4 ';

test('only what the user set: a fraction stays a string, empty fields are left out', () => {
  assert.deepEqual(buildJobBody(values, url), {
    input: { url: 's3://remaster/uploads/t/x/clip.mp4' },
    interpolate: { fps: '60000/1001' },
    restore: { ...defaults, deblock: 'off' },
    output: { codec: 'h264', container: 'mp4' },
  });
});

test('without an input URL the body has no input: what the check before an upload sends', () => {
  assert.deepEqual(buildJobBody({ ...values, dedupe: true }), {
    interpolate: { fps: '60000/1001', dedupe: true },
    restore: { ...defaults, deblock: 'off' },
    output: { codec: 'h264', container: 'mp4' },
  });
});

test('numbers become numbers; every option when given', () => {
  const body = buildJobBody(
    {
      ...values,
      interpolateMode: 'factor',
      interpolateValue: '2.5',
      interpolateModel: 'rife',
      sceneThreshold: '0',
      dedupe: true,
      dedupeThreshold: '0.1',
      upscale: true,
      upscaleMode: 'height',
      upscaleFactor: '4',
      upscaleHeight: '2160',
      upscaleModel: 'span-x4',
      codec: 'hevc',
      crf: '20',
      container: 'mkv',
      bitDepth: '10',
      chunkFrames: '48',
      webhookUrl: ' https://hooks.example.com/remaster ',
      webhookEvents: ['job.completed', 'job.progress'],
    },
    url,
  );
  assert.deepEqual(body, {
    input: { url: 's3://remaster/uploads/t/x/clip.mp4' },
    interpolate: {
      factor: 2.5,
      model: 'rife',
      sceneThreshold: 0,
      dedupe: true,
      dedupeThreshold: 0.1,
    },
    upscale: { height: 2160, model: 'span-x4' },
    restore: { ...defaults, deblock: 'off' },
    output: { codec: 'hevc', container: 'mkv', crf: 20, bitDepth: 10 },
    chunk: { frames: 48 },
    webhook: {
      url: 'https://hooks.example.com/remaster',
      events: ['job.completed', 'job.progress'],
    },
  });
});

test('the chosen upscale mode wins; a threshold without dedupe is not sent', () => {
  const body = buildJobBody({
    ...values,
    upscale: true,
    upscaleHeight: '720',
    dedupeThreshold: '0.5',
  });
  assert.deepEqual(body.upscale, { factor: 2 });
  assert.deepEqual(body.interpolate, { fps: '60000/1001' });
});

test('a webhook without events gets the API default; a schema the page could not read sends no output', () => {
  const body = buildJobBody({
    ...values,
    codec: '',
    container: '',
    webhookUrl: 'https://hooks.example.com/x',
  });
  assert.equal('output' in body, false);
  assert.deepEqual(body.webhook, { url: 'https://hooks.example.com/x' });
});

test('what is typed goes as typed, for the API to judge in its own words', () => {
  const body = buildJobBody({ ...values, crf: '6e1', interpolateValue: 'sixty' });
  assert.deepEqual(body.output, { codec: 'h264', container: 'mp4', crf: 60 });
  assert.deepEqual(body.interpolate, { fps: 'sixty' });
  const nothing = buildJobBody({ ...values, interpolate: false });
  assert.equal('interpolate' in nothing || 'upscale' in nothing, false);
});

test('restoration: a strength, a σ and models open their own values; the Preview button adds its span', () => {
  const restore = {
    ...values.restore,
    ...{ deinterlace: 'field', ivtc: 'off', deflicker: 'strength', deflickerStrength: '0.5' },
    ...{ denoise: 'sigma', denoiseSigma: '12', denoiseModel: 'ffdnet-color', deblock: 'on' },
  };
  const body = buildJobBody({ ...values, interpolate: false, restore }, url, {
    start: '12',
    seconds: '5',
  });
  assert.deepEqual(body, {
    input: { url: 's3://remaster/uploads/t/x/clip.mp4' },
    restore: {
      ...{ deinterlace: 'field', ivtc: 'off', deflicker: { strength: 0.5 } },
      ...{ denoise: { strength: 12, model: 'ffdnet-color' }, deblock: {} },
    },
    preview: { start: 12, seconds: 5 },
    output: { codec: 'h264', container: 'mp4' },
  });
  const auto = buildJobBody({
    ...values,
    restore: { ...restore, deflicker: 'auto', denoise: 'auto', deblockModel: 'dncnn-3' },
  }).restore;
  assert.deepEqual(auto, {
    ...{ deinterlace: 'field', ivtc: 'off', deflicker: 'auto' },
    ...{ denoise: { model: 'ffdnet-color' }, deblock: { model: 'dncnn-3' } },
  });
  const denoiseAuto = { ...values.restore, denoise: 'auto' };
  assert.deepEqual(
    (buildJobBody({ ...values, restore: denoiseAuto }).restore as Record<string, unknown>).denoise,
    'auto',
    'auto without a model stays auto',
  );
});

test('a preview with an empty start starts at 0; a schema the page could not read sends no restore', () => {
  assert.deepEqual(buildJobBody(values, undefined, { start: ' ', seconds: '5' }).preview, {
    start: 0,
    seconds: 5,
  });
  const restore = { ...values.restore, deinterlace: '', ivtc: '', deflicker: '', denoise: '' };
  const body = buildJobBody({ ...values, restore: { ...restore, deblock: '' } });
  assert.equal('restore' in body, false);
  assert.equal('preview' in buildJobBody(values), false, 'Submit job sends no preview');
});
