import type { Readable } from 'node:stream';

/**
 * Makes ffmpeg write its progress as `key=value` lines on stdout (an encoder writes its
 * segment to a file, so stdout is free), and only the final report: the first periodic
 * one comes after an hour. The final block's `frame=` is the number of frames the
 * encoder was given after the filters, so it checks the segment without an ffprobe.
 */
export const ENCODER_REPORT_ARGS = ['-progress', 'pipe:1', '-stats_period', '3600'] as const;

/** Only the last blocks matter; a runaway stdout is cut to this. */
const KEEP_CHARS = 16_384;

/**
 * The frame count of ffmpeg's final `-progress` block (the one that ends `progress=end`),
 * or undefined when the text holds no final block (ffmpeg died or was killed first).
 */
export function parseEncodedFrames(progress: string): number | undefined {
  const end = progress.lastIndexOf('progress=end');
  if (end < 0) return undefined;
  const start = progress.lastIndexOf('progress=', end - 1);
  const block = progress.slice(start < 0 ? 0 : start, end);
  const frames = [...block.matchAll(/^frame=(\d+)\s*$/gm)].at(-1)?.[1];
  return frames === undefined ? undefined : Number(frames);
}

/**
 * Reads an encoder's stdout (started with {@link ENCODER_REPORT_ARGS}) to its end and
 * resolves to the frames its final report counts; undefined when there was none.
 * Never rejects: a broken pipe just means no report.
 */
export async function readEncodedFrames(stdout: Readable): Promise<number | undefined> {
  let text = '';
  try {
    for await (const chunk of stdout as AsyncIterable<Buffer>) {
      text += chunk.toString('latin1');
      if (text.length > 2 * KEEP_CHARS) text = text.slice(-KEEP_CHARS);
    }
  } catch {
    // The process was killed: whatever arrived is all there is.
  }
  return parseEncodedFrames(text);
}
