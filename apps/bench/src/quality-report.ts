// `pnpm --filter @remaster/bench quality`: PSNR tables on the shared data.
//   Interpolation: mci, ffmpeg minterpolate (mi_mode=mci), blend and
//   repeat-frame against the true middle frame of every triplet, next to the
//   figures listed in vfi_triplets' SOURCES.md.
//   Super-resolution: Set5 ×4 (mod-crop, ffmpeg bicubic downscale), every ×4
//   model against ground truth next to bicubic, and tiled vs whole runs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceEngine, ModelRegistry, psnr } from '@remaster/inference';
import {
  readRgb24,
  readTriplet,
  set5Dir,
  sharedDir,
  sharedModelsDir,
  skipUnless,
  tripletPaths,
  tripletsDir,
} from '@remaster/inference/testing';
import { benchSettingsOrExit } from './bench-settings.js';
import { minterpolateMiddle } from './minterpolate.js';

benchSettingsOrExit('quality'); // it has none, but a stray flag is refused
const quiet = { info: () => {}, warn: () => {} };

/** blend and repeat PSNR per triplet name, from the tables of media/SOURCES.md. */
async function listedFigures(): Promise<Map<string, [string, string]>> {
  const text = await readFile(join(sharedDir, 'media/SOURCES.md'), 'utf8').catch(() => '');
  const figures = new Map<string, [string, string]>();
  for (const match of text.matchAll(/^\| `([^`]+)` \| \d+x\d+ \| ([\d.]+) \| ([\d.]+) \|/gm)) {
    figures.set(match[1]!, [match[2]!, match[3]!]);
  }
  return figures;
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const f2 = (value: number) => value.toFixed(2);

async function interpolationTable(engine: InferenceEngine): Promise<void> {
  const [mci, blend] = [await engine.interpolator('mci'), await engine.interpolator('blend')];
  const listed = await listedFigures();
  const columns: number[][] = [[], [], [], [], []];
  console.log(
    '| triplet | size | mci | minterpolate | blend (model) | blend ⌊(a+b)/2⌋ | repeat A | listed blend / repeat | mci ms |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const entry of tripletPaths) {
    const { a, middle, b } = await readTriplet(entry);
    const started = performance.now();
    const mciFrame = await mci.interpolate(a.data, b.data, 0.5, a.width, a.height);
    const ms = performance.now() - started;
    const floorBlend = Buffer.from(a.data.map((value, i) => (value + b.data[i]!) >> 1));
    const scores = [
      psnr(mciFrame, middle.data),
      psnr(await minterpolateMiddle(a, b), middle.data),
      psnr(await blend.interpolate(a.data, b.data, 0.5, a.width, a.height), middle.data),
      psnr(floorBlend, middle.data),
      psnr(a.data, middle.data),
    ];
    scores.forEach((score, i) => columns[i]!.push(score));
    const figures = listed.get(entry.name.split('/')[1]!);
    console.log(
      `| ${entry.name} | ${a.width}x${a.height} | ${scores.map(f2).join(' | ')} | ${figures ? figures.join(' / ') : '—'} | ${ms.toFixed(0)} |`,
    );
  }
  console.log(`| **mean** | | **${columns.map((c) => f2(mean(c))).join('** | **')}** | | |`);
}

async function superResolutionTable(
  engine: InferenceEngine,
  registry: ModelRegistry,
): Promise<void> {
  const models = registry
    .list()
    .filter((m) => m.kind === 'sr' && m.scale === 4)
    .map((m) => m.id);
  console.log(`\n| Set5 ×4 | ${models.join(' | ')} | tiled vs whole (realesr-animevideov3) |`);
  console.log(`|---|${models.map(() => '---:').join('|')}|---:|`);
  const columns: number[][] = models.map(() => []);
  for (const file of ['baby.png', 'bird.png', 'butterfly.png', 'head.png', 'woman.png']) {
    const path = join(set5Dir, file);
    const full = await readRgb24(path);
    const [w, h] = [full.width - (full.width % 4), full.height - (full.height % 4)];
    const crop = `crop=${w}:${h}:0:0`;
    const high = await readRgb24(path, { filter: crop, width: w, height: h });
    const low = await readRgb24(path, {
      filter: `${crop},scale=${w / 4}:${h / 4}:flags=bicubic`,
      width: w / 4,
      height: h / 4,
    });
    const scores: number[] = [];
    for (const [index, id] of models.entries()) {
      const out = await (
        await engine.upscaler(id, { tiling: { tileSize: 1024 } })
      ).upscale(low.data, low.width, low.height);
      scores.push(psnr(out, high.data));
      columns[index]!.push(scores.at(-1)!);
    }
    const whole = await (
      await engine.upscaler('realesr-animevideov3', { tiling: { tileSize: 1024 } })
    ).upscale(low.data, low.width, low.height);
    const tiled = await (
      await engine.upscaler('realesr-animevideov3', { tiling: { tileSize: 48, overlap: 16 } })
    ).upscale(low.data, low.width, low.height);
    console.log(
      `| ${file} ${low.width}x${low.height}→${w}x${h} | ${scores.map(f2).join(' | ')} | ${f2(psnr(tiled, whole))} |`,
    );
  }
  console.log(`| **mean** | **${columns.map((c) => f2(mean(c))).join('** | **')}** | |`);
}

const missing = skipUnless(tripletsDir) || skipUnless(set5Dir) || skipUnless(sharedModelsDir);
if (missing) {
  console.log(`skipping: ${missing}`);
} else {
  const registry = await ModelRegistry.load({ modelDirs: [sharedModelsDir] });
  const engine = new InferenceEngine({ registry, executionProviders: ['cpu'], logger: quiet });
  await interpolationTable(engine);
  await superResolutionTable(engine, registry);
  await engine.close();
}
