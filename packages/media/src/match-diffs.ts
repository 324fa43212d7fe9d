import { runProcess } from './run-process.js';
import type { FieldOrder } from './restore-filter.js';
import { buildRestoreFilter } from './restore-filter.js';
import { ANALYSIS_WIDTH } from './scene-cuts.js';
import { parseFrameScan } from './scene-cuts.js';
import { sourceInputArgs } from './source-formats.js';

/**
 * ffmpeg arguments for IVTC's second pass: the worker's own fieldmatch over the whole
 * source, then on a 160-pixel copy each matched frame's mean absolute difference to the one
 * before (scdet's `mafd`, % of full scale) printed per frame on stdout.
 */
export function buildMatchDiffsArgs(
  url: string,
  options: { readonly order: FieldOrder },
): string[] {
  const fieldmatch = buildRestoreFilter({ ivtc: { order: options.order } })!;
  const chain = `${fieldmatch},scale=${ANALYSIS_WIDTH}:-2,scdet=threshold=100,metadata=mode=print:key=lavfi.scd.mafd:file=-`;
  return [
    ...['-nostdin', '-v', 'error', ...sourceInputArgs(), '-i', url],
    ...['-map', '0:v:0', '-an', '-sn', '-dn', '-vf', chain],
    ...['-fps_mode', 'passthrough', '-f', 'null', '-'],
  ];
}

/**
 * Per source frame, after the same field matching as the worker's, its difference to the
 * frame before (frame 0: 0): what `chooseDecimation` picks the frames to drop from. Run only
 * for a source found telecined: it is a second decode of the whole source.
 */
export async function matchDiffs(
  url: string,
  options: { readonly order: FieldOrder },
  signal?: AbortSignal,
): Promise<number[]> {
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: buildMatchDiffsArgs(url, options),
    signal,
  });
  return [...parseFrameScan(stdout.toString('utf8')).mafd];
}
