import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  describeChosenModels,
  describePreview,
  describeWork,
  fileNameOf,
  formatBytes,
  formatPhase,
  formatRate,
  formatSeconds,
  shortJobId,
  truncate,
} from './format.js';

test('durations, sizes and rates read the way people say them', () => {
  assert.deepEqual(
    [formatSeconds(42.4), formatSeconds(185), formatSeconds(3720)],
    ['42 s', '3 min 5 s', '1 h 2 min'],
  );
  assert.deepEqual([formatPhase(0.4213), formatPhase(12.34)], ['0.42 s', '12.3 s']);
  assert.deepEqual(
    [formatBytes(812), formatBytes(1536), formatBytes(12 * 1024 ** 2)],
    ['812 B', '1.5 KiB', '12.0 MiB'],
  );
  assert.deepEqual(
    [formatRate('30000/1001'), formatRate('25'), formatRate('60/1')],
    ['29.97', '25', '60'],
  );
});

test('the work of a job in a few words', () => {
  assert.equal(
    describeWork({ upscale: { factor: 2 }, interpolate: { fps: 60 } }),
    '×2 upscale, 60 fps',
  );
  assert.equal(describeWork({ upscale: { height: 2160 } }), 'upscale to 2160p');
  assert.equal(describeWork({}), '—');
  assert.equal(
    describeWork({ interpolate: { factor: 2, dedupe: true } }),
    '×2 frame rate, repeated frames filled',
  );
});

test('the file name of an input: the last path segment, decoded, without a query', () => {
  assert.equal(
    fileNameOf('s3://remaster/uploads/e2e/41bf7e1d662c72d4ad3e0b78/clip.mp4'),
    'clip.mp4',
  );
  assert.equal(
    fileNameOf('https://cdn.example.com/films/old%20reel%20%231.mkv?sig=a/b'),
    'old reel #1.mkv',
  );
  assert.equal(fileNameOf('s3://remaster/inputs/caf%C3%A9.mp4'), 'café.mp4');
  assert.equal(fileNameOf('s3://remaster/inputs/100%.mp4'), '100%.mp4', 'a % that is no escape');
  assert.equal(fileNameOf('https://example.com/'), 'https://example.com/', 'no name: the URL');
});

test('a short job id keeps the random tail; other ids stay whole', () => {
  assert.equal(shortJobId('job_01m8vyj5wqvh5cexnesakydjm5'), '…sakydjm5');
  assert.equal(shortJobId('something-else'), 'something-else');
});

test('a long reason is cut with an ellipsis at the given length', () => {
  assert.equal(truncate('INPUT_UNREADABLE: short', 40), 'INPUT_UNREADABLE: short');
  const cut = truncate('INPUT_UNREADABLE: ffprobe could not read the input at all', 30);
  assert.equal(cut, 'INPUT_UNREADABLE: ffprobe cou…');
  assert.equal(cut.length, 30);
});

test('the models a check says the job would get, and why each', () => {
  assert.equal(
    describeChosenModels({
      interpolate: { id: 'mci', chosenBy: 'builtin' },
      upscale: { id: 'span-x2', chosenBy: 'request' },
    }),
    'Settings OK. Models: interpolation mci (built-in default), super-resolution span-x2 (as chosen).',
  );
  assert.equal(
    describeChosenModels({ upscale: { id: 'bicubic-x4', chosenBy: 'default' } }),
    "Settings OK. Models: super-resolution bicubic-x4 (this service's default).",
  );
  assert.equal(
    describeChosenModels(
      { interpolate: { id: 'mci', chosenBy: 'builtin' } },
      { upscale: { height: 2160 }, interpolate: { fps: 60 } },
    ),
    "Settings OK. Models: interpolation mci (built-in default), super-resolution by the source's height.",
  );
});

test('the work names the restoration asked for (not the auto detections) and a preview', () => {
  assert.equal(
    describeWork({
      restore: { deinterlace: 'field', deflicker: 'auto', denoise: { strength: 12 }, deblock: {} },
      upscale: { factor: 2 },
      preview: { start: 12, seconds: 5 },
    }),
    'deinterlace (field), deflicker, denoise, deblock, ×2 upscale, preview of 12.0–17.0 s',
  );
  assert.equal(
    describeWork({
      restore: { deinterlace: 'auto', deflicker: 'off', denoise: 'off', deblock: 'off' },
      interpolate: { fps: 60 },
    }),
    '60 fps',
  );
});

test('a preview says its span, its frames once planned, and that it is not the whole film', () => {
  assert.equal(
    describePreview({ start: 12, seconds: 5 }),
    'Preview of 12.0–17.0 s: not the whole film.',
  );
  assert.equal(
    describePreview({ start: 0, seconds: 2.5, frames: { start: 0, end: 125 } }),
    'Preview of 0.0–2.5 s (restored frames 0–124): not the whole film.',
  );
});
