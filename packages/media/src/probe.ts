import type { MediaErrorCode } from './media-error.js';
import { MediaError } from './media-error.js';
import { parseProbeOutput } from './parse-probe-output.js';
import type { SourceInfo } from './parse-probe-output.js';
import { ProcessError } from './process-error.js';
import { runProcess } from './run-process.js';

/** Options for {@link probeMedia} and `countVideoFrames`. */
export interface ProbeOptions {
  readonly signal?: AbortSignal;
  /** Kills ffprobe after this long; counting packets reads the whole input. */
  readonly timeoutMs?: number;
  /** ffprobe executable; default `ffprobe` on PATH. */
  readonly ffprobePath?: string;
}

/**
 * ffprobe arguments for {@link probeMedia}. `-count_packets` demuxes the whole input (no
 * decoding) to give an exact frame count; for a remote URL that means reading all of it.
 */
export function buildProbeArgs(url: string): string[] {
  return [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    '-count_packets',
    url,
  ];
}

/**
 * Probes a file or URL with ffprobe. Rejects with MediaError `INPUT_UNREADABLE` when ffprobe
 * fails on it (not media, corrupt, unreachable), `INPUT_NOT_VIDEO` or `INPUT_EMPTY`; a
 * missing ffprobe, a timeout or an abort stay as they are (not the input's fault).
 */
export async function probeMedia(url: string, options: ProbeOptions = {}): Promise<SourceInfo> {
  const { signal, timeoutMs, ffprobePath = 'ffprobe' } = options;
  let stdout: Buffer;
  try {
    ({ stdout } = await runProcess({
      command: ffprobePath,
      args: buildProbeArgs(url),
      signal,
      timeoutMs,
    }));
  } catch (error) {
    if (!(error instanceof ProcessError) || error.code !== 'PROCESS_FAILED') throw error;
    const stderr = redactUrl(error.stderrTail, url);
    throw new MediaError(classifyProbeFailure(stderr), describeProbeFailure(stderr), {
      cause: error,
    });
  }
  return parseProbeOutput(stdout.toString('utf8'));
}

/** ffprobe echoes the URL; drop its query so a signed URL's signature stays out of messages. */
function redactUrl(text: string, url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? text : text.split(url).join(`${url.slice(0, query)}?…`);
}

/** Tells a missing input and an unreachable server from a file that is not media. */
export function classifyProbeFailure(stderr: string): MediaErrorCode {
  if (/Server returned 40[134]|HTTP error 40[134]|No such file or directory/i.test(stderr))
    return 'INPUT_NOT_FOUND';
  if (
    /Connection refused|timed out|Server returned 5\d\d|HTTP error 5\d\d|Failed to resolve|Name or service not known|Network is unreachable|Connection reset/i.test(
      stderr,
    )
  ) {
    return 'INPUT_UNREACHABLE';
  }
  return 'INPUT_UNREADABLE';
}

function describeProbeFailure(stderr: string): string {
  const advice: Record<MediaErrorCode, string> = {
    INPUT_NOT_FOUND:
      'input not found or not accessible (no such file, or HTTP 401/403/404); check the URL',
    INPUT_UNREACHABLE: 'input server could not be reached; check the URL and that the server is up',
    INPUT_UNREADABLE: 'input could not be read as media (not a video, or corrupt); check the file',
    INPUT_NOT_VIDEO: '',
    INPUT_EMPTY: '',
  };
  return `${advice[classifyProbeFailure(stderr)]}: ${stderr.trim()}`;
}
