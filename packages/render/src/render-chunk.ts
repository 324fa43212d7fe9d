import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChunkPayload } from '@remaster/jobs';
import { TerminalFailure } from '@remaster/jobs';
import {
  buildDecodeArgs,
  buildEncodeArgs,
  DecodeCheck,
  FrameDigestMismatch,
  FrameStreamError,
  FrameWriter,
  rawFrameBytes,
  readAhead,
  readEncodedFrames,
  readDigests,
  readFrames,
  spawnPiped,
} from '@remaster/media';
import type { FrameOp, Rational } from '@remaster/retiming';
import { chunkFrameOps, createRetiming, decodeEntries, lowestSource } from '@remaster/retiming';
import { FrameWindow } from './frame-window.js';
import type { FrameRenderer } from './frame-renderer.js';
import { restoredFrames } from './restored-frames.js';

export interface RenderChunkDeps {
  /** ffmpeg-readable URL of the source. */
  readonly sourceUrl: string;
  readonly renderer: FrameRenderer;
  readonly tmpDir: string;
  readonly signal?: AbortSignal;
  /**
   * Frames decoded ahead of the models and frames waiting for the encoder, each at most
   * this many (INFERENCE_QUEUE_DEPTH); 1 runs the three in lock step. Default 4.
   */
  readonly queueDepth?: number;
  /** Called with the number of output frames written so far, at most every `progressEvery` frames. */
  readonly onProgress?: (framesWritten: number) => void;
  /**
   * Called once every output frame has left the models (the encoder may still hold some):
   * what is left, the encoder's flush and its exit, needs no model.
   */
  readonly onFramesRendered?: () => void;
  /** Called when a decode gave a frame that is not the source's own; the chunk decodes again from earlier. */
  readonly onDecodeMismatch?: (mismatch: FrameDigestMismatch) => void;
  /**
   * Called with each restored frame the before/after shows (`restore.stills`), as the
   * pipes' raw frame (`renderer.pipeFormat`, source size), to be stored at `key`.
   */
  readonly onRestoredStill?: (still: { key: string; pixels: Buffer }) => Promise<void>;
}

export interface RenderedSegment {
  readonly path: string;
  readonly frames: number;
  /** Output frames that are copies of a source frame (no interpolation model ran). */
  readonly framesCopied: number;
  /** Output frames the interpolation model made. */
  readonly framesInterpolated: number;
  /** Source frames checked against the planner's digests; 0 for a payload without them. */
  readonly framesVerified: number;
  /** Set when the decode from the chunk's start was not clean: where the accepted one began. */
  readonly redecoded?: { readonly from: number; readonly attempts: number };
}

const PROGRESS_EVERY = 10;

/**
 * Renders one chunk into a local segment file: decode exactly the source frames the
 * chunk reads (seeking, not decoding from the start), make each output frame from its
 * recipe, encode. The three run at once: up to `queueDepth` frames are decoded ahead while
 * a frame is in the model, and as many wait for the encoder behind. The caller deletes the file.
 */
export async function renderChunk(
  chunk: ChunkPayload,
  deps: RenderChunkDeps,
): Promise<RenderedSegment> {
  // With repeated frames a chunk may read behind its own range (the frame a run holds);
  // with restoration it decodes the source frames its restored ones come from, and context.
  const decodeStart = sourceDecodeRange(chunk).start;
  const entries = chunk.frameDigests
    ? decodeEntries(decodeStart, chunk.entryFrames)
    : [decodeStart];
  let mismatch: FrameDigestMismatch | undefined;
  for (const [attempt, entry] of entries.entries()) {
    try {
      const segment = await renderFrom(chunk, deps, entry);
      return attempt === 0
        ? segment
        : { ...segment, redecoded: { from: entry, attempts: attempt + 1 } };
    } catch (error) {
      if (!(error instanceof FrameDigestMismatch)) throw error;
      mismatch = error;
      deps.onDecodeMismatch?.(error);
    }
  }
  throw new TerminalFailure(
    'INPUT_CORRUPT',
    `chunk ${chunk.index}: ${mismatch?.message ?? 'no clean decode'}, even decoding from the first frame (tried from ${entries.join(', ')}): the file decodes differently each time (damaged); repair or re-encode it`,
  );
}

/**
 * One try at the chunk, decoding from source frame `entry` (at most the chunk's first):
 * frames before the chunk's own are read and dropped, every frame it uses is checked
 * against the planner's digest, and a mismatch ends the try with FrameDigestMismatch
 * (before the segment is kept: a mismatch seen after the last frame still discards it).
 */
async function renderFrom(
  chunk: ChunkPayload,
  deps: RenderChunkDeps,
  entry: number,
): Promise<RenderedSegment> {
  const retiming = createRetiming(chunk.sourceFrames, chunk.sourceFps, chunk.targetFps);
  const ops = chunkFrameOps(retiming, chunk, chunk.cutsAfter, chunk.repeats);
  // Restored frames when the chunk restores (the timeline the ops count), else source frames.
  const decodeStart = chunk.decodeStart ?? chunk.sourceStart;
  const source = sourceDecodeRange(chunk);
  const restore = chunk.restore;
  const digests = chunk.frameDigests;
  const path = join(deps.tmpDir, `remaster-${chunk.jobId}-${chunk.index}-${process.pid}.mp4`);
  const { width, height } = deps.renderer.outputSize(chunk.sourceWidth, chunk.sourceHeight);
  const pixelFormat = deps.renderer.pipeFormat;
  const decoder = spawnPiped({
    command: 'ffmpeg',
    args: buildDecodeArgs({
      url: deps.sourceUrl,
      startFrame: entry,
      frameCount: source.end - entry,
      // The source's own rate: the restored one may differ (fields, a telecine's drops).
      fps: source.fps,
      ...(restore?.filter !== undefined && { restoreFilter: restore.filter }),
      outputsPerFrame: restore?.outputsPerFrame ?? 1,
      colour: chunk.colour,
      pixelFormat,
      digests: digests !== undefined,
    }),
    signal: deps.signal,
    sidePipe: digests !== undefined,
  });
  const encoder = spawnPiped({
    command: 'ffmpeg',
    args: buildEncodeArgs({
      width,
      height,
      fps: chunk.targetFps,
      outputPath: path,
      codec: chunk.output.codec,
      crf: chunk.output.crf,
      colour: chunk.colour,
      pixelFormat,
      bitDepth: chunk.output.bitDepth ?? 8,
      // The model's size differs from the output's when upscale.height asks for one.
      scaleTo:
        width === chunk.output.width && height === chunk.output.height ? undefined : chunk.output,
    }),
    signal: deps.signal,
  });
  const encodedFrames = readEncodedFrames(encoder.stdout);
  try {
    const frameSize = rawFrameBytes(pixelFormat, chunk.sourceWidth, chunk.sourceHeight);
    const depth = deps.queueDepth ?? 4;
    const decoded = readFrames(decoder.stdout, frameSize);
    const check =
      decoder.side && digests
        ? new DecodeCheck({
            digests: readDigests(decoder.side),
            entry,
            start: source.start,
            expected: digests,
          })
        : undefined;
    const checked = check?.frames(decoded, restore?.outputsPerFrame) ?? decoded;
    const restored = restore
      ? restoredFrames(checked, {
          restore,
          start: decodeStart,
          end: chunk.decodeEnd,
          restoreFrame: (frame, gain) => deps.renderer.restore(frame, gain),
          onStill: async ({ key, pixels }) => deps.onRestoredStill?.({ key, pixels }),
        })
      : checked;
    const frames = readAhead(restored[Symbol.asyncIterator](), depth);
    const window = new FrameWindow(frames, decodeStart);
    const writer = new FrameWriter(encoder.stdin, depth);
    await writeOutputFrames({ chunk, ops, window, deps, writer });
    deps.onFramesRendered?.();
    // The filters' context frames after the chunk's own are decoded and dropped.
    if (restore) await window.drain();
    await writer.flush();
    encoder.stdin.end();
    await Promise.all([encoder.done, decoder.done]);
    // The segment is kept only once every frame it was made from is proven the source's own
    // (with restoration, every frame its filters read).
    const used = restore ? source.end - source.start : window.decoded - decodeStart;
    const framesVerified = (await check?.verified(used)) ?? 0;
    checkFrameCount(await encodedFrames, ops.length, chunk);
    const framesInterpolated = ops.filter((op) => op.kind === 'interpolate').length;
    return {
      path,
      frames: ops.length,
      framesCopied: ops.length - framesInterpolated,
      framesInterpolated,
      framesVerified,
    };
  } catch (error) {
    await rm(path, { force: true });
    throw await rootCause(error, { encoderDone: encoder.done, decoderDone: decoder.done });
  } finally {
    decoder.kill();
    encoder.kill();
  }
}

/**
 * The source frames a chunk decodes, [start, end), and their rate: the restoration's span
 * (its restored frames' sources and the filters' context) or the chunk's own decode range.
 */
function sourceDecodeRange(chunk: ChunkPayload): { start: number; end: number; fps: Rational } {
  const restore = chunk.restore;
  if (!restore)
    return {
      start: chunk.decodeStart ?? chunk.sourceStart,
      end: chunk.decodeEnd,
      fps: chunk.sourceFps,
    };
  return { start: restore.sourceStart, end: restore.sourceEnd, fps: restore.sourceFps };
}

interface WriteContext {
  readonly chunk: ChunkPayload;
  readonly ops: readonly FrameOp[];
  readonly window: FrameWindow;
  readonly deps: RenderChunkDeps;
  readonly writer: FrameWriter;
}

async function writeOutputFrames({
  chunk,
  ops,
  window,
  deps,
  writer,
}: WriteContext): Promise<void> {
  let written = 0;
  for (const op of ops) {
    const frame = await deps.renderer.render(op, (index) => sourceFrame(window, index, chunk));
    await writer.write(frame);
    window.release(lowestSource(op));
    written += 1;
    if (written % PROGRESS_EVERY === 0 || written === ops.length) deps.onProgress?.(written);
  }
}

async function sourceFrame(
  window: FrameWindow,
  index: number,
  chunk: ChunkPayload,
): Promise<Buffer> {
  const frame = await window.get(index);
  if (frame) return frame;
  throw new TerminalFailure(
    'INPUT_CORRUPT',
    `source ended after frame ${window.decoded - 1} but chunk ${chunk.index} needs frame ${index} of ${chunk.sourceFrames}: the input decodes to fewer frames than ffprobe counted (damaged, or not constant-rate); re-encode it`,
  );
}

/**
 * The encoder's own final count (not the frames written to it: a filter or encoder that
 * drops or repeats one shows here), so no ffprobe process is needed per chunk.
 */
function checkFrameCount(actual: number | undefined, expected: number, chunk: ChunkPayload): void {
  if (actual !== expected) {
    throw new TerminalFailure(
      'FRAME_COUNT_MISMATCH',
      actual === undefined
        ? `chunk ${chunk.index}: the encoder exited without its final frame count, expected ${expected} frames`
        : `chunk ${chunk.index} encoded ${actual} frames, expected ${expected}`,
    );
  }
}

/**
 * A write into a dead encoder only says "input closed"; the encoder's own failure (its
 * stderr, e.g. a size the codec refuses) is the error worth reporting. Likewise frames that
 * stop early: a decoder that failed (a dropped connection, a damaged file) says why.
 */
async function rootCause(
  error: unknown,
  processes: { encoderDone: Promise<void>; decoderDone: Promise<void> },
): Promise<unknown> {
  const sinkClosed = error instanceof FrameStreamError && error.code === 'FRAME_SINK_CLOSED';
  const sourceShort =
    (error instanceof FrameStreamError && error.code === 'FRAMES_TRUNCATED') ||
    (error instanceof TerminalFailure && error.code === 'INPUT_CORRUPT');
  if (!sinkClosed && !sourceShort) return error;
  const processError = await failureOf(sinkClosed ? processes.encoderDone : processes.decoderDone);
  return processError ?? error;
}

/** The error a process ended with, if it ends within 2 s. */
async function failureOf(done: Promise<void>): Promise<Error | undefined> {
  const timeout = new Promise<'pending'>((resolve) =>
    setTimeout(() => resolve('pending'), 2000).unref(),
  );
  const result = await Promise.race([
    done.then(
      () => undefined,
      (e: unknown) => e,
    ),
    timeout,
  ]);
  return result instanceof Error ? result : undefined;
}
