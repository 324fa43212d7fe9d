// The restore bench's speed rows, each against its baseline timed in the same rounds (every
// run of a row once per round, in turn, so a change of load hits them alike), each ffmpeg
// run also timed on one frame for its start (restore-report.ts, `Timing`):
// - the worker's decode through each restoration filter against the plain decode;
// - the deflicker gain in JS (applyGain) on the decoded frames against their decode;
// - the planner's sequential decode with the restoration analyses against it without.
import { loadavg } from 'node:os';
import type { RestoreFilterPlan } from '@remaster/media';
import {
  applyGain,
  buildRestoreFilter,
  indexFrames,
  noiseSampleFrames,
  outputsPerFrame,
} from '@remaster/media';
import type { RestoreClips } from './restore-clips.js';
import type { BenchDecode } from './restore-frames.js';
import { decodeFrames } from './restore-frames.js';
import type { SpeedFigures, Timing } from './restore-report.js';
import { median } from './restore-report.js';

/** The filters the worker runs in its decode, one plan each. */
export const FILTER_STAGES: readonly (readonly [string, RestoreFilterPlan])[] = [
  ['deinterlace, frame', { deinterlace: { mode: 'frame', order: 'tff' } }],
  ['deinterlace, field (2 out per frame)', { deinterlace: { mode: 'field', order: 'tff' } }],
  ['ivtc field matching', { ivtc: { order: 'tff' } }],
  ['classical denoise σ 15', { denoise: { sigma: 15 } }],
  ['classical deblock', { deblock: true }],
];

export interface SpeedContext {
  readonly clips: RestoreClips;
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly rounds: number;
}

type Runs<K extends string> = Record<K, () => Promise<unknown>>;

/** Median seconds of each run: one warm-up each, then `rounds` rounds of all in turn. */
export async function timeRounds<K extends string>(
  rounds: number,
  runs: Runs<K>,
): Promise<Record<K, number>> {
  const entries = Object.entries(runs) as [K, () => Promise<unknown>][];
  for (const [, run] of entries) await run();
  const times = new Map<K, number[]>(entries.map(([key]) => [key, []]));
  for (let k = 0; k < rounds; k += 1) {
    for (const [key, run] of entries) {
      const started = performance.now();
      await run();
      times.get(key)!.push((performance.now() - started) / 1000);
    }
  }
  return Object.fromEntries(entries.map(([key]) => [key, median(times.get(key)!)])) as Record<
    K,
    number
  >;
}

/** The worker's decode of the source's first `count` frames, as the speed rows time it. */
function sourceDecode(
  context: SpeedContext,
  pixelFormat: 'rgb24' | 'yuv420p',
  count = context.frames,
): BenchDecode {
  const { clips, width, height } = context;
  const colour = { matrix: 'bt709', range: 'tv' } as const;
  return {
    url: clips.source,
    frames: count,
    fps: clips.sourceFps,
    width,
    height,
    pixelFormat,
    colour,
  };
}

/** The plain decode of the source, and of its first frame alone (its start): a baseline. */
export function plainDecodeRuns(context: SpeedContext, format: 'rgb24' | 'yuv420p') {
  return {
    plain: () => decodeFrames(sourceDecode(context, format), false),
    plainStart: () => decodeFrames(sourceDecode(context, format, 1), false),
  };
}

/** Every speed row but the learned models'. */
export async function restoreSpeed(context: SpeedContext): Promise<SpeedFigures[]> {
  const { frames, width, height, rounds } = context;
  const decode = (format: 'rgb24' | 'yuv420p', count?: number) =>
    sourceDecode(context, format, count);
  const rows: SpeedFigures[] = [];
  const row = (
    stage: string,
    timing: Omit<Timing, 'frames'>,
    baseline: SpeedFigures['baseline'],
  ) => {
    rows.push({ stage, frames, ...timing, baseline, load: loadavg() });
    console.log(
      `  ${stage}: ${timing.seconds.toFixed(3)} s (${baseline.name} ${baseline.seconds.toFixed(3)} s)`,
    );
  };
  const plainRuns = (format: 'rgb24' | 'yuv420p') => plainDecodeRuns(context, format);
  for (const [name, plan] of FILTER_STAGES) {
    const filter = { filter: buildRestoreFilter(plan)!, outputs: outputsPerFrame(plan) };
    const t = await timeRounds(rounds, {
      ...plainRuns('rgb24'),
      stage: () => decodeFrames({ ...decode('rgb24'), ...filter }, false),
      stageStart: () => decodeFrames({ ...decode('rgb24', 1), ...filter }, false),
    });
    row(
      `decode + ${name}: \`${filter.filter}\``,
      { seconds: t.stage, start: t.stageStart },
      { name: 'plain decode, rgb24', frames, seconds: t.plain, start: t.plainStart },
    );
  }
  for (const format of ['rgb24', 'yuv420p'] as const) {
    const decoded = await decodeFrames(decode(format));
    const gain = { format, width, height, gain: 1.1, range: 'tv' } as const;
    const t = await timeRounds(rounds, {
      ...plainRuns(format),
      stage: () => Promise.resolve(decoded.map((frame) => applyGain(frame, gain))),
    });
    row(
      `deflicker gain in JS (applyGain), ${format}`,
      { seconds: t.stage },
      {
        name: `plain decode, ${format}`,
        frames,
        seconds: t.plain,
        start: t.plainStart,
      },
    );
  }
  rows.push(await plannerRow(context));
  return rows;
}

/** The planner's decode with idet, the luma means and the noise σ, against it without. */
async function plannerRow(context: SpeedContext): Promise<SpeedFigures> {
  const { clips, frames, width, height, rounds } = context;
  const restore = (count: number) => ({
    fields: true,
    luma: true,
    noise: { frames: noiseSampleFrames(count), width, height },
  });
  const analysed = async (url: string, count: number) => {
    const index = await indexFrames(url, { scan: false, restore: restore(count) });
    if (index.restore?.luma?.length !== count) throw new Error('the analyses missed frames');
  };
  const t = await timeRounds(rounds, {
    plain: () => indexFrames(clips.source, { scan: false }),
    plainStart: () => indexFrames(clips.sourceFirstFrame, { scan: false }),
    stage: () => analysed(clips.source, frames),
    stageStart: () => analysed(clips.sourceFirstFrame, 1),
  });
  const figures: SpeedFigures = {
    stage: 'planner decode + idet, luma means, noise σ (8 frames)',
    frames,
    seconds: t.stage,
    start: t.stageStart,
    baseline: {
      name: 'planner decode (checksums only)',
      frames,
      seconds: t.plain,
      start: t.plainStart,
    },
    load: loadavg(),
  };
  console.log(
    `  ${figures.stage}: ${t.stage.toFixed(3)} s (${figures.baseline.name} ${t.plain.toFixed(3)} s)`,
  );
  return figures;
}
