// The restore bench's figures, as markdown table rows: pure, so its test asserts the text.

/** The median of a non-empty list (the upper one of the two middles for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('no values to take the median of');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * A run's timing: `frames` source frames in `seconds`; `start`, where given, is the same
 * run for one frame (the process's start and first frame), so the frames/s past the start
 * are (frames − 1) / (seconds − start): what a long chunk or source runs at.
 */
export interface Timing {
  readonly frames: number;
  readonly seconds: number;
  readonly start?: number;
}

/** One stage's timing next to its baseline's, timed in the same rounds. */
export interface SpeedFigures extends Timing {
  readonly stage: string;
  readonly baseline: Timing & { readonly name: string };
  /** Load average (1, 5, 15 min) when it was timed. */
  readonly load: readonly number[];
}

/** Header of {@link speedRow}'s table. */
export const SPEED_HEADER = [
  '| stage | frames | frames/s | past the start | baseline (same rounds) | its frames/s | past the start | ratio | past the start | load (1, 5, 15 min) |',
  '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |',
];

/**
 * Frames/s of a whole run, and past its start (the whole run's when there is no start);
 * undefined past the start when the one-frame run took as long as the whole one (on a
 * loaded machine the two medians can cross for a short clip: no figure, not a negative one).
 */
export function framesPerSecond(timing: Timing): { whole: number; pastStart?: number } {
  const whole = timing.frames / timing.seconds;
  if (timing.start === undefined) return { whole, pastStart: whole };
  const rest = timing.seconds - timing.start;
  return rest > 0 ? { whole, pastStart: (timing.frames - 1) / rest } : { whole };
}

/** A speed row: the stage's frames/s and its baseline's, and their ratios (1 = as fast). */
export function speedRow(figures: SpeedFigures): string {
  const stage = framesPerSecond(figures);
  const baseline = framesPerSecond(figures.baseline);
  const fps = (timing: Timing, value: number | undefined) =>
    timing.start === undefined ? '—' : value === undefined ? 'n/a' : value.toFixed(1);
  const pastRatio =
    stage.pastStart === undefined || baseline.pastStart === undefined
      ? 'n/a'
      : `**${(stage.pastStart / baseline.pastStart).toFixed(2)}**`;
  const cells = [
    figures.stage,
    String(figures.frames),
    stage.whole.toFixed(1),
    fps(figures, stage.pastStart),
    figures.baseline.name,
    baseline.whole.toFixed(1),
    fps(figures.baseline, baseline.pastStart),
    `**${(stage.whole / baseline.whole).toFixed(2)}**`,
    pastRatio,
    figures.load.map((value) => value.toFixed(1)).join(' '),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** One quality measure before and after a restoration, on the same frames. */
export interface QualityFigures {
  readonly degradation: string;
  readonly restoration: string;
  readonly frames: number;
  /** What is measured, e.g. "PSNR RGB (dB)" or "frame-mean variance". */
  readonly measure: string;
  readonly before: number;
  readonly after: number;
}

/** Header of {@link qualityRow}'s table. */
export const QUALITY_HEADER = [
  '| degradation | restoration | frames | measure | before | after | change |',
  '| --- | --- | ---: | --- | ---: | ---: | ---: |',
];

/**
 * A quality row: PSNR gains are differences in dB; a variance (flicker) is given with the
 * factor it shrank by.
 */
export function qualityRow(figures: QualityFigures): string {
  const variance = figures.measure.includes('variance');
  const digits = (value: number) => (variance ? value.toExponential(2) : value.toFixed(2));
  const change = variance
    ? `÷ ${(figures.before / figures.after).toFixed(1)}`
    : `${figures.after - figures.before >= 0 ? '+' : ''}${(figures.after - figures.before).toFixed(2)} dB`;
  return `| ${figures.degradation} | ${figures.restoration} | ${figures.frames} | ${figures.measure} | ${digits(figures.before)} | ${digits(figures.after)} | **${change}** |`;
}
