import { runProcess } from './run-process.js';
import { sourceInputArgs } from './source-formats.js';

/** Width frames are scaled to before scoring: cuts show at any size, and it keeps the decode cheap. */
export const ANALYSIS_WIDTH = 160;

/**
 * ffmpeg arguments that score every frame with `scdet` and print, per frame, its
 * `lavfi.scd.mafd` (mean absolute difference to the previous frame, % of full scale) and
 * `lavfi.scd.score` (the scene-change score, 0–100); `frame:N` counts decoded frames from
 * 0, the same numbering the planner and workers use. One pass serves scene cuts and
 * repeated frames.
 */
export function buildSceneDetectArgs(url: string): string[] {
  return ['-nostdin', '-v', 'error', ...sourceInputArgs(), '-i', url, ...buildSceneDetectOutput()];
}

/** The output options of {@link buildSceneDetectArgs}: scores on stdout, frames discarded. */
export function buildSceneDetectOutput(): string[] {
  return [
    ...['-map', '0:v:0', '-an', '-sn', '-dn'],
    '-vf',
    `scale=${ANALYSIS_WIDTH}:-2,scdet=threshold=100,metadata=mode=print:file=-`,
    ...['-fps_mode', 'passthrough', '-f', 'null', '-'],
  ];
}

/** Frame indices n whose score reaches the threshold: a cut lies between n − 1 and n. */
export function parseSceneCuts(output: string, threshold: number): number[] {
  const cuts: number[] = [];
  let frame: number | undefined;
  for (const line of output.split('\n')) {
    const header = /^frame:\s*(\d+)/.exec(line);
    if (header) frame = Number(header[1]);
    const score = /^lavfi\.scd\.score=([\d.]+)/.exec(line.trim());
    if (score && frame !== undefined && frame > 0 && Number(score[1]) >= threshold)
      cuts.push(frame);
  }
  return cuts;
}

/** Per decoded frame: its difference to the previous frame and its scene-change score. */
export interface FrameScan {
  /** Mean absolute difference to the previous frame, % of full scale (frame 0: 0). */
  readonly mafd: readonly number[];
  /** scdet's scene-change score, 0–100. */
  readonly score: readonly number[];
}

/** Reads the per-frame `mafd` and `score` lines of {@link buildSceneDetectArgs}' output. */
export function parseFrameScan(output: string): FrameScan {
  const mafd: number[] = [];
  const score: number[] = [];
  let frame: number | undefined;
  for (const line of output.split('\n')) {
    const header = /^frame:\s*(\d+)/.exec(line);
    if (header) frame = Number(header[1]);
    const value = /^lavfi\.scd\.(mafd|score)=([\d.]+)/.exec(line.trim());
    if (value && frame !== undefined)
      (value[1] === 'mafd' ? mafd : score)[frame] = Number(value[2]);
  }
  const fill = (values: number[]) => Array.from(values, (v) => v ?? 0);
  return { mafd: fill(mafd), score: fill(score) };
}

/** One scdet pass over the whole video (scaled to 160 pixels wide): see {@link FrameScan}. */
export async function scanFrames(
  url: string,
  options: { signal?: AbortSignal } = {},
): Promise<FrameScan> {
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: buildSceneDetectArgs(url),
    signal: options.signal,
  });
  return parseFrameScan(stdout.toString('utf8'));
}

/** Frames n ≥ 1 whose scene-change score reaches the threshold: a cut lies between n − 1 and n. */
export function sceneCutsOf(scan: FrameScan, threshold: number): number[] {
  return scan.score.flatMap((score, frame) => (frame > 0 && score >= threshold ? [frame] : []));
}

/** Scene cuts of a video: the first frame index of every new scene. */
export async function detectSceneCuts(
  url: string,
  threshold: number,
  options: { signal?: AbortSignal } = {},
): Promise<number[]> {
  return sceneCutsOf(await scanFrames(url, options), threshold);
}
