import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobFormValues } from './job-form.js';
import { buildJobBody } from './job-form.js';

const values: JobFormValues = {
  inputUrl: ' s3://remaster/uploads/t/x/clip.mp4 ',
  interpolate: true,
  interpolateMode: 'fps',
  interpolateValue: '60000/1001',
  interpolateModel: '',
  sceneThreshold: '',
  upscale: false,
  upscaleMode: 'factor',
  upscaleValue: '2',
  upscaleModel: '',
  codec: 'h264',
  crf: '',
  container: 'mp4',
  bitDepth: '',
  chunkFrames: '',
};

test('only what the user set: a fraction stays a string, empty fields are left out', () => {
  assert.deepEqual(buildJobBody(values), {
    input: { url: 's3://remaster/uploads/t/x/clip.mp4' },
    interpolate: { fps: '60000/1001' },
    output: { codec: 'h264', container: 'mp4' },
  });
});

test('numbers become numbers; models, threshold, crf, depth and chunk size when given', () => {
  const body = buildJobBody({
    ...values,
    interpolateMode: 'factor',
    interpolateValue: '2',
    interpolateModel: 'rife',
    sceneThreshold: '0',
    upscale: true,
    upscaleMode: 'height',
    upscaleValue: '2160',
    upscaleModel: 'span-x4',
    codec: 'hevc',
    crf: '20',
    container: 'mkv',
    bitDepth: '10',
    chunkFrames: '48',
  });
  assert.deepEqual(body, {
    input: { url: 's3://remaster/uploads/t/x/clip.mp4' },
    interpolate: { factor: 2, model: 'rife', sceneThreshold: 0 },
    upscale: { height: 2160, model: 'span-x4' },
    output: { codec: 'hevc', container: 'mkv', crf: 20, bitDepth: 10 },
    chunk: { frames: 48 },
  });
});

test('nothing asked for is sent as is: the API answers NOTHING_TO_DO in its own words', () => {
  const body = buildJobBody({ ...values, interpolate: false });
  assert.equal('interpolate' in body || 'upscale' in body, false);
});
