// `npm run bench -- restore` (`pnpm --filter @remaster/bench restore`): the restoration
// stages on CPU at 640x360, on a clip cut from a real one (Big Buck Bunny by default).
// Speed: each stage's frames/s and its ratio to a plain decode of the same frames timed in
// the same rounds (restore-speed.ts). Quality: PSNR against the clean frames before and
// after the classical denoise (σ-noise added deterministically) and deblock (JPEG), the
// frame-mean variance before and after deflicker (restore-quality.ts); the learned 1x
// models' speed and PSNR on a few of those frames (restore-learned.ts).
// Settings: bench-settings.ts `restore`.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir } from '@remaster/inference/testing';
import { benchSettingsOrExit } from './bench-settings.js';
import { makeRestoreClips } from './restore-clips.js';
import { learnedRestoration } from './restore-learned.js';
import { classicalQuality } from './restore-quality.js';
import { QUALITY_HEADER, SPEED_HEADER, qualityRow, speedRow } from './restore-report.js';
import { restoreSpeed } from './restore-speed.js';

const settings = benchSettingsOrExit('restore');
const [width, height] = settings.size;
const { frames, rounds } = settings;
const input = settings.input ?? join(sharedDir, 'media/videos/big_buck_bunny_0_30.webm');
const modelsDir = settings.modelsDir ?? join(sharedDir, 'restore-models');
const SIGMA = 15;
const JPEG_QUALITY = 20;
const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');

const dir = await mkdtemp(join(tmpdir(), 'remaster-bench-restore-'));
try {
  console.log(
    `${frames} frames from ${input} at ${settings.start} s, ${width}x${height}; ${rounds} rounds; load ${load()}`,
  );
  const clips = await makeRestoreClips({
    dir,
    input,
    start: settings.start,
    frames,
    width,
    height,
    sigma: SIGMA,
    jpegQuality: JPEG_QUALITY,
  });
  const speed = await restoreSpeed({ clips, frames, width, height, rounds });
  const context = { clips, frames, width, height, sigma: SIGMA, jpegQuality: JPEG_QUALITY };
  const quality = await classicalQuality(context);
  const learned = await learnedRestoration({
    ...context,
    rounds,
    modelsDir,
    modelFrames: Math.min(settings.modelFrames, frames),
  });
  console.log(`\nSpeed (load at the end ${load()})\n`);
  for (const line of SPEED_HEADER) console.log(line);
  for (const row of [...speed, ...learned.speed]) console.log(speedRow(row));
  console.log('\nQuality\n');
  for (const line of QUALITY_HEADER) console.log(line);
  for (const row of [...quality, ...learned.quality]) console.log(qualityRow(row));
} finally {
  await rm(dir, { recursive: true, force: true });
}
