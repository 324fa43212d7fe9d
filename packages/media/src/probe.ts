import type { MediaErrorCode } from './media-error.js';
import { MediaError } from './media-error.js';
import { parseProbeOutput } from './parse-probe-output.js';
import type { SourceInfo } from './parse-probe-output.js';
import { ProcessError } from './process-error.js';
import { runProcess } from './run-process.js';
import { sourceInputArgs } from './source-formats.js';

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
    ...sourceInputArgs(),
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
  let stderr: string;
  try {
    ({ stdout, stderr } = await runProcess({
      command: ffprobePath,
      args: buildProbeArgs(url),
      signal,
      timeoutMs,
    }));
  } catch (error) {
    if (!(error instanceof ProcessError) || error.code !== 'PROCESS_FAILED') throw error;
    const tail = redactUrl(error.stderrTail, url);
    let code = classifyProbeFailure(tail);
    if (code === 'INPUT_TRUNCATED' && !(await hasMp4Header(url, options)))
      code = 'INPUT_UNREADABLE';
    throw new MediaError(code, describeProbeFailure(code, tail), { cause: error });
  }
  const info = parseProbeOutput(stdout.toString('utf8'));
  return !info.truncated && endsEarly(stderr) ? { ...info, truncated: true } : info;
}

/** What ffprobe prints while reading a file that stops before its index says it does. */
function endsEarly(stderr: string): boolean {
  return /partial file|ended prematurely/i.test(stderr);
}

/** ffprobe echoes the URL; drop its query so a signed URL's signature stays out of messages. */
function redactUrl(text: string, url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? text : text.split(url).join(`${url.slice(0, query)}?…`);
}

/**
 * Whether the input starts like an mp4 (an `ftyp` box): ffprobe says "moov atom not found"
 * both for an mp4 cut short and for any other file named `.mp4`; only its debug log tells.
 */
async function hasMp4Header(url: string, options: ProbeOptions): Promise<boolean> {
  const { signal, timeoutMs, ffprobePath = 'ffprobe' } = options;
  try {
    await runProcess({
      command: ffprobePath,
      // Only the mp4 demuxer, so this second look opens nothing the first refused.
      args: ['-v', 'debug', '-hide_banner', '-f', 'mov', ...sourceInputArgs(), url],
      signal,
      timeoutMs,
    });
    return false;
  } catch (error) {
    return error instanceof ProcessError && /File Type Major Brand/.test(error.stderrTail);
  }
}

/**
 * Tells a missing input and an unreachable server from a file that is not media;
 * `INPUT_TRUNCATED` means "moov atom not found", which {@link probeMedia} checks further.
 */
export function classifyProbeFailure(stderr: string): MediaErrorCode {
  if (/Server returned 40[134]|HTTP error 40[134]|No such file or directory/i.test(stderr))
    return 'INPUT_NOT_FOUND';
  // ffmpeg writes the mp4 index (moov) last unless told otherwise: a cut-off upload loses it.
  if (/moov atom not found/i.test(stderr)) return 'INPUT_TRUNCATED';
  if (
    /Connection refused|timed out|Server returned 5\d\d|HTTP error 5\d\d|Failed to resolve|Name or service not known|Network is unreachable|Connection reset/i.test(
      stderr,
    )
  ) {
    return 'INPUT_UNREACHABLE';
  }
  return 'INPUT_UNREADABLE';
}

function describeProbeFailure(code: MediaErrorCode, stderr: string): string {
  const advice: Record<MediaErrorCode, string> = {
    INPUT_NOT_FOUND:
      'input not found or not accessible (no such file, or HTTP 401/403/404); check the URL',
    INPUT_UNREACHABLE: 'input server could not be reached; check the URL and that the server is up',
    INPUT_UNREADABLE: 'input could not be read as media (not a video, or corrupt); check the file',
    INPUT_TRUNCATED:
      'input ends before its index (mp4 moov atom): the file was cut short; upload the whole file',
    INPUT_CORRUPT: 'input could not be decoded: the file is damaged; repair or re-encode it',
    INPUT_NOT_VIDEO: '',
    INPUT_EMPTY: '',
    INPUT_CODEC_UNSUPPORTED: '',
  };
  return `${advice[code]}: ${stderr.trim()}`;
}
