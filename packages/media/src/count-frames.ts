import { MediaError } from './media-error.js';
import type { ProbeOptions } from './probe.js';
import { runProcess } from './run-process.js';

/** ffprobe arguments that print the first video stream's packet count, e.g. `10`. */
export function buildCountFramesArgs(path: string): string[] {
  return [
    ...['-v', 'error', '-select_streams', 'v:0', '-count_packets'],
    ...['-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', path],
  ];
}

/**
 * Counts the frames of the first video stream exactly, by demuxing (not decoding) the file;
 * used to check segments and outputs before reporting success. Rejects with a ProcessError
 * when ffprobe fails and MediaError `INPUT_NOT_VIDEO` when there is no video stream.
 */
export async function countVideoFrames(path: string, options: ProbeOptions = {}): Promise<number> {
  const { signal, timeoutMs, ffprobePath = 'ffprobe' } = options;
  const args = buildCountFramesArgs(path);
  const { stdout } = await runProcess({ command: ffprobePath, args, signal, timeoutMs });
  const text = stdout.toString('utf8').trim();
  if (!/^\d+$/.test(text)) {
    throw new MediaError('INPUT_NOT_VIDEO', `${path} has no video stream to count frames in`);
  }
  return Number(text);
}
