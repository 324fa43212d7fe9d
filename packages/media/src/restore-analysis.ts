import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { FrameScan } from './scene-cuts.js';
import { ANALYSIS_WIDTH } from './scene-cuts.js';

/** What the planner's sequential decode also measures for restoration (all optional). */
export interface RestoreAnalysisRequest {
  /** ffmpeg `idet` over every frame at full size: interlaced, telecined or progressive. */
  readonly fields?: boolean;
  /** Every frame's mean luma, on a 64-pixel-wide copy: deflicker plans its gains from it. */
  readonly luma?: boolean;
  /** The luma noise σ, from these frames at full size (see {@link noiseSampleFrames}). */
  readonly noise?: NoiseSampleRequest;
}

/** Frames sampled for the noise estimate, and the source's size (they come as raw luma). */
export interface NoiseSampleRequest {
  readonly frames: readonly number[];
  readonly width: number;
  readonly height: number;
}

/** How many frames idet called each kind: its per-frame verdicts, counted. */
export interface FieldCounts {
  /** Multi-frame detection (idet's verdict with hysteresis over the frames before). */
  readonly multiple: FieldTypeCounts;
  /** Single-frame detection (each frame by itself). */
  readonly single: FieldTypeCounts;
  /** Frames whose top or bottom field repeats the frame before's (3:2 pulldown makes 2 in 5). */
  readonly repeated: { readonly neither: number; readonly top: number; readonly bottom: number };
}

export interface FieldTypeCounts {
  readonly tff: number;
  readonly bff: number;
  readonly progressive: number;
  readonly undetermined: number;
}

/** What the restoration analyses of the sequential decode found. */
export interface RestoreAnalysis {
  readonly fields?: FieldCounts;
  /** Mean luma of each frame, 0 (black) to 1 (white) on the limited-range scale. */
  readonly luma?: readonly number[];
  /** Luma noise σ on the 0–255 scale (`estimateNoiseSigma` of the sampled frames). */
  readonly noiseSigma?: number;
}

const IDET_KEYS = ['multiple', 'single', 'repeated'] as const;

/** Width of the copy the mean luma is taken on. */
const LUMA_WIDTH = 64;

/** Prints one key per frame; `direct` writes each line at once, so printers never interleave. */
function printer(key: string): string {
  return `metadata=mode=print:key=${key}:file=-:direct=1`;
}

/**
 * Output options of the text analyses of the sequential decode, all in one filter chain so
 * that the lines on stdout come frame by frame, each printer's pair of lines whole: idet at
 * full size, then scdet's scores on a 160-pixel copy (when `scan`) and the mean luma on a
 * 64-pixel limited-range 8-bit copy (10-bit and full-range sources read alike).
 * Undefined when there is nothing to print.
 */
export function buildAnalysisOutput(
  scan: boolean,
  restore: RestoreAnalysisRequest,
): string[] | undefined {
  const filters: string[] = [];
  if (restore.fields)
    filters.push('idet', ...IDET_KEYS.map((k) => printer(`lavfi.idet.${k}.current_frame`)));
  if (scan) {
    filters.push(`scale=${ANALYSIS_WIDTH}:-2`, 'scdet=threshold=100');
    filters.push(printer('lavfi.scd.mafd'), printer('lavfi.scd.score'));
  }
  if (restore.luma) {
    // A 64-pixel copy is plenty for a mean, and signalstats measures much more than it.
    filters.push(`scale=${LUMA_WIDTH}:-2:out_range=tv`, 'format=yuv420p', 'signalstats');
    filters.push(printer('lavfi.signalstats.YAVG'));
  }
  if (filters.length === 0) return undefined;
  return [
    ...['-map', '0:v:0', '-an', '-sn', '-dn', '-vf', filters.join(',')],
    ...['-fps_mode', 'passthrough', '-f', 'null', '-'],
  ];
}

/**
 * Output options that write the luma of the sampled frames, 16 bits a sample (`gray16le`:
 * 8-bit v becomes v·256), to `path`.
 */
export function buildNoiseSampleOutput(noise: NoiseSampleRequest, path: string): string[] {
  if (noise.frames.length === 0) throw new RangeError('sample at least one frame for the noise');
  const select = [...new Set(noise.frames)]
    .sort((a, b) => a - b)
    .map((n) => `eq(n\\,${n})`)
    .join('+');
  return [
    ...['-map', '0:v:0', '-an', '-sn', '-dn', '-vf', `select=${select},extractplanes=y`],
    ...['-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'gray16le', '-y', path],
  ];
}

/** `count` frames spread evenly over a source of `frameCount` frames, for the noise estimate. */
export function noiseSampleFrames(frameCount: number, count = 8): number[] {
  const n = Math.min(count, frameCount);
  return Array.from({ length: n }, (_, i) => Math.floor(((i + 0.5) * frameCount) / n));
}

/** The per-frame lines of {@link buildAnalysisOutput} (or of any metadata print), parsed as they come. */
export interface AnalysisLines {
  readonly scan: FrameScan;
  readonly fields: FieldCounts;
  readonly luma: readonly number[];
}

/** Reads metadata-print lines (`frame:N …` then `key=value`) from a stream as they come. */
export async function readAnalysisLines(stream: Readable): Promise<AnalysisLines> {
  const mafd: number[] = [];
  const score: number[] = [];
  const luma: number[] = [];
  const counts = {
    multiple: emptyTypeCounts(),
    single: emptyTypeCounts(),
    repeated: { neither: 0, top: 0, bottom: 0 },
  };
  let frame = -1;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    const header = /^frame:\s*(\d+)/.exec(line);
    if (header) {
      frame = Number(header[1]);
      continue;
    }
    const entry = /^lavfi\.([\w.]+)=(.*)$/.exec(line.trim());
    if (!entry || frame < 0) continue;
    const [key, value] = [entry[1]!, entry[2]!];
    if (key === 'scd.mafd') mafd[frame] = Number(value);
    else if (key === 'scd.score') score[frame] = Number(value);
    else if (key === 'signalstats.YAVG')
      luma[frame] = Math.min(1, Math.max(0, (Number(value) - 16) / 219));
    else countField(counts, key, value);
  }
  const fill = (values: number[]) => Array.from(values, (v) => v ?? 0);
  return { scan: { mafd: fill(mafd), score: fill(score) }, fields: counts, luma: fill(luma) };
}

function emptyTypeCounts(): Record<keyof FieldTypeCounts, number> {
  return { tff: 0, bff: 0, progressive: 0, undetermined: 0 };
}

type MutableCounts = {
  multiple: Record<string, number>;
  single: Record<string, number>;
  repeated: Record<string, number>;
};

function countField(counts: MutableCounts, key: string, value: string): void {
  const idet = /^idet\.(multiple|single|repeated)\.current_frame$/.exec(key);
  if (!idet) return;
  const group = counts[idet[1] as keyof MutableCounts];
  if (value in group) group[value]! += 1;
}
