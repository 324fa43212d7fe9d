import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRequest } from './build-request.js';

test('maps flags to the job body, fractions kept as strings', () => {
  assert.deepEqual(
    buildRequest('s3://b/clip.mp4', {
      ...{ upscale: '2', fps: '60000/1001', model: undefined, chunk: '48' },
      ...{ codec: 'hevc', crf: '20', container: 'mkv', webhook: 'https://x.test/hook' },
    }),
    {
      input: { url: 's3://b/clip.mp4' },
      upscale: { factor: 2 },
      interpolate: { fps: '60000/1001' },
      output: { codec: 'hevc', crf: 20, container: 'mkv' },
      chunk: { frames: 48 },
      webhook: { url: 'https://x.test/hook' },
    },
  );
  assert.deepEqual(buildRequest('u', { height: '2160', 'sr-model': 'esrgan', factor: '2.5' }), {
    input: { url: 'u' },
    upscale: { height: 2160, model: 'esrgan' },
    interpolate: { factor: 2.5 },
  });
  assert.deepEqual(buildRequest('u', { fps: '60', model: 'mci' }).interpolate, {
    fps: 60,
    model: 'mci',
  });
  assert.deepEqual(buildRequest('u', { upscale: '2', 'bit-depth': '10' }).output, {
    bitDepth: 10,
  });
  assert.deepEqual(buildRequest('u', { upscale: '2', codec: 'av1', 'bit-depth': '8' }).output, {
    codec: 'av1',
    bitDepth: 8,
  });
  assert.equal(buildRequest('u', { upscale: '2' }).output, undefined);
});

test('refuses what cannot be right, saying what to give', () => {
  assert.throws(() => buildRequest('u', {}), /nothing to do: give --upscale 2\|4 or --height N/);
  assert.throws(() => buildRequest('u', { upscale: '3' }), /--upscale is 2 or 4, not 3/);
  assert.throws(() => buildRequest('u', { upscale: 'two' }), /--upscale takes a whole number/);
  assert.throws(
    () => buildRequest('u', { upscale: '2', 'bit-depth': '12' }),
    /--bit-depth is 8 or 10, not 12/,
  );
  assert.throws(
    () => buildRequest('u', { upscale: '2', fps: '60', model: 'x' }),
    /use --sr-model and --vfi-model/,
  );
});

test('--dedupe asks for repeated frames to be treated as missing, and needs interpolation', () => {
  assert.deepEqual(buildRequest('u', { factor: '1', dedupe: true }).interpolate, {
    factor: 1,
    dedupe: true,
  });
  assert.throws(() => buildRequest('u', { upscale: '2', dedupe: true }), /--dedupe needs --fps/);
});
