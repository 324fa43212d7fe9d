import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { MediaError } from './media-error.js';
import { estimateNoiseSigma } from './noise-estimate.js';
import { ProcessError } from './process-error.js';
import type {
  AnalysisLines,
  NoiseSampleRequest,
  RestoreAnalysis,
  RestoreAnalysisRequest,
} from './restore-analysis.js';
import {
  buildAnalysisOutput,
  buildNoiseSampleOutput,
  readAnalysisLines,
} from './restore-analysis.js';
import { spawnPiped } from './spawn-piped.js';
import type { FrameScan } from './scene-cuts.js';
import { buildSceneDetectOutput } from './scene-cuts.js';
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

/** Options for {@link buildFrameIndexArgs} and {@link indexFrames}. */
export interface FrameIndexOptions {
  /** scdet's per-frame scores (scene cuts, repeated frames). */
  readonly scan: boolean;
  /** The restoration analyses: idet, per-frame luma, the noise σ. */
  readonly restore?: RestoreAnalysisRequest;
}

/**
 * ffmpeg arguments for the planner's one sequential decode of the source: the digest of
 * every frame on fd 3; on stdout, when `scan` is set, scdet's per-frame scores (the
 * scene-cut and repeated-frame pass) and, when `restore` asks, idet's verdicts and each
 * frame's mean luma; the luma of the frames sampled for the noise estimate to
 * `noiseSamplePath`. Every output reads the same decoded frames: one decode.
 */
export function buildFrameIndexArgs(
  url: string,
  options: FrameIndexOptions & { readonly noiseSamplePath?: string },
): string[] {
  const { scan, restore = {} } = options;
  const text = restore.fields || restore.luma ? buildAnalysisOutput(scan, restore) : undefined;
  const noise = restore.noise;
  if (noise && options.noiseSamplePath === undefined)
    throw new RangeError('a noise estimate needs noiseSamplePath for the sampled frames');
  return [
    ...['-nostdin', '-v', 'error', ...sourceInputArgs(), '-i', url],
    ...(text ?? (scan ? buildSceneDetectOutput() : [])),
    ...(noise ? buildNoiseSampleOutput(noise, options.noiseSamplePath!) : []),
    ...frameDigestOutput(),
  ];
}

/** What the sequential decode found: the truth every chunk's frames are checked against. */
export interface FrameIndex {
  /** Checksum of each decoded frame, by frame index. */
  readonly digests: readonly string[];
  /** scdet's scores, when asked for. */
  readonly scan?: FrameScan;
  /** The restoration analyses asked for. */
  readonly restore?: RestoreAnalysis;
  /** Decoder messages (frames it could not decode: usually before the first keyframe). */
  readonly decoderMessages: readonly string[];
}

/**
 * Decodes the whole video once from its start, as a player does, and records every
 * frame's digest, and whatever `scan` and `restore` ask for from the same decode.
 * Rejects with MediaError `INPUT_CORRUPT` when the decoder gives up.
 */
export async function indexFrames(
  url: string,
  options: FrameIndexOptions & { readonly signal?: AbortSignal },
): Promise<FrameIndex> {
  const noise = options.restore?.noise;
  const dir = noise ? await mkdtemp(join(tmpdir(), 'remaster-index-')) : undefined;
  const noiseSamplePath = dir && join(dir, 'noise-luma.raw');
  try {
    const decoded = await decodeIndex(url, { ...options, noiseSamplePath });
    const restore = options.restore && {
      ...(options.restore.fields && { fields: decoded.lines.fields }),
      ...(options.restore.luma && { luma: decoded.lines.luma }),
      ...(noise && { noiseSigma: await noiseOf(noiseSamplePath!, noise) }),
    };
    return {
      digests: decoded.digests,
      ...(options.scan && { scan: decoded.lines.scan }),
      ...(restore && { restore }),
      decoderMessages: decoded.decoderMessages,
    };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

async function decodeIndex(
  url: string,
  options: FrameIndexOptions & { readonly signal?: AbortSignal; readonly noiseSamplePath?: string },
): Promise<{ digests: string[]; lines: AnalysisLines; decoderMessages: string[] }> {
  // The digests and the analysis lines are parsed as they come: a two-hour film has
  // 170,000 frames, and keeping ffmpeg's whole output before parsing it held over 100 MB.
  const child = spawnPiped({
    command: 'ffmpeg',
    args: buildFrameIndexArgs(url, options),
    signal: options.signal,
    sidePipe: true,
  });
  child.stdin.end();
  const digests: string[] = [];
  try {
    const [, lines] = await Promise.all([
      child.done,
      readAnalysisLines(child.stdout),
      (async () => {
        for await (const digest of readDigests(child.side!)) digests.push(digest);
      })(),
    ]);
    const decoderMessages = child
      .stderr()
      .split('\n')
      .filter((line) => line.trim() !== '');
    return { digests, lines, decoderMessages };
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

async function noiseOf(path: string, noise: NoiseSampleRequest): Promise<number> {
  const bytes = await readFile(path);
  const samples = noise.width * noise.height;
  const frames = Math.floor(bytes.length / (2 * samples));
  // A copy: the file's bytes need not be aligned for a Uint16Array view.
  const data = new Uint16Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + frames * 2 * samples),
  );
  const planes = Array.from({ length: frames }, (_, k) => ({
    data: data.subarray(k * samples, (k + 1) * samples),
    width: noise.width,
    height: noise.height,
  }));
  return estimateNoiseSigma(planes);
}
