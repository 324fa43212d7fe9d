import { runProcess } from './run-process.js';
import { sourceInputArgs } from './source-formats.js';

/** Width frames are scaled to before scoring: cuts show at any size, and it keeps the decode cheap. */
const ANALYSIS_WIDTH = 160;

/**
 * ffmpeg arguments that score every frame with `scdet` (0–100, the difference to the
 * previous frame) and print the scores; `frame:N` counts decoded frames from 0, the
 * same numbering the planner and workers use.
 */
export function buildSceneDetectArgs(url: string): string[] {
  return [
    '-nostdin',
    '-v',
    'error',
    ...sourceInputArgs(),
    '-i',
    url,
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    '-vf',
    `scale=${ANALYSIS_WIDTH}:-2,scdet=threshold=100,metadata=mode=print:key=lavfi.scd.score:file=-`,
    '-fps_mode',
    'passthrough',
    '-f',
    'null',
    '-',
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

/** Scene cuts of a video: the first frame index of every new scene. */
export async function detectSceneCuts(
  url: string,
  threshold: number,
  options: { signal?: AbortSignal } = {},
): Promise<number[]> {
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: buildSceneDetectArgs(url),
    signal: options.signal,
  });
  return parseSceneCuts(stdout.toString('utf8'), threshold);
}
