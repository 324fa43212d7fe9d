import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { MediaError } from './media-error.js';
import { ProcessError } from './process-error.js';
import { spawnPiped } from './spawn-piped.js';
import type { FrameScan } from './scene-cuts.js';
import { buildSceneDetectOutput, parseFrameScan } from './scene-cuts.js';
import { sourceInputArgs } from './source-formats.js';

/**
 * Output options that write, to fd 3, one line per frame with the checksum (ffmpeg's
 * `framecrc`: Adler-32) of the decoded frame exactly as the decoder made it (no filter,
 * no conversion), flushed frame by frame so a reader can check each frame as it comes.
 * The planner's sequential decode and the workers' seeking decodes both add it, so a
 * frame a worker decodes is the source's own frame exactly when the two checksums agree.
 */
export function frameDigestOutput(frames?: number): string[] {
  return [
    ...['-map', '0:v:0', ...(frames === undefined ? [] : ['-frames:v', String(frames)])],
    ...['-fps_mode', 'passthrough', '-an', '-sn', '-dn'],
    ...['-flush_packets', '1', '-f', 'framecrc', 'pipe:3'],
  ];
}

/** The checksum of one `framecrc` line (`0, dts, pts, duration, size, 0x1234abcd`), or undefined. */
export function parseDigestLine(line: string): string | undefined {
  if (line.startsWith('#')) return undefined;
  return /,\s*0x([0-9a-f]{8})\s*$/.exec(line)?.[1];
}

/** Every checksum of a `framecrc` output, in frame order. */
export function parseDigests(text: string): string[] {
  return text.split('\n').flatMap((line) => parseDigestLine(line) ?? []);
}

/** Reads the checksums of {@link frameDigestOutput} from a pipe as they come. */
export async function* readDigests(stream: Readable): AsyncGenerator<string> {
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    const digest = parseDigestLine(line);
    if (digest !== undefined) yield digest;
  }
}

/**
 * ffmpeg arguments for the planner's one sequential decode of the source: the digest of
 * every frame on fd 3 and, when `scan` is set, scdet's per-frame scores on stdout (the
 * scene-cut and repeated-frame pass, from the same decode).
 */
export function buildFrameIndexArgs(url: string, options: { scan: boolean }): string[] {
  return [
    ...['-nostdin', '-v', 'error', ...sourceInputArgs(), '-i', url],
    ...(options.scan ? buildSceneDetectOutput() : []),
    ...frameDigestOutput(),
  ];
}

/** What the sequential decode found: the truth every chunk's frames are checked against. */
export interface FrameIndex {
  /** Checksum of each decoded frame, by frame index. */
  readonly digests: readonly string[];
  /** scdet's scores, when asked for. */
  readonly scan?: FrameScan;
  /** Decoder messages (frames it could not decode: usually before the first keyframe). */
  readonly decoderMessages: readonly string[];
}

/**
 * Decodes the whole video once from its start, as a player does, and records every
 * frame's digest. Rejects with MediaError `INPUT_CORRUPT` when the decoder gives up.
 */
export async function indexFrames(
  url: string,
  options: { scan: boolean; signal?: AbortSignal },
): Promise<FrameIndex> {
  // The digests are parsed as they come: a two-hour film has 170,000 lines, and keeping
  // ffmpeg's whole output before parsing it held over 100 MB in the planner.
  const child = spawnPiped({
    command: 'ffmpeg',
    args: buildFrameIndexArgs(url, options),
    signal: options.signal,
    sidePipe: true,
  });
  child.stdin.end();
  const digests: string[] = [];
  const scanChunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => scanChunks.push(chunk));
  try {
    await Promise.all([
      child.done,
      (async () => {
        for await (const digest of readDigests(child.side!)) digests.push(digest);
      })(),
      new Promise<void>((resolve) => child.stdout.once('close', resolve)),
    ]);
    return {
      digests,
      ...(options.scan && { scan: parseFrameScan(Buffer.concat(scanChunks).toString('utf8')) }),
      decoderMessages: child
        .stderr()
        .split('\n')
        .filter((line) => line.trim() !== ''),
    };
  } catch (error) {
    if (!(error instanceof ProcessError) || error.code !== 'PROCESS_FAILED') throw error;
    throw new MediaError(
      'INPUT_CORRUPT',
      `the source cannot be decoded to its end (the decoder stopped: ${error.stderrTail.trim()}); repair or re-encode it`,
      { cause: error },
    );
  } finally {
    child.kill();
  }
}
