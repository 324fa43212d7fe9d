import type { Rational } from './rational.js';
import type { Repeats } from './repeats.js';
import { repeatLookup, repeatsNear } from './repeats.js';
import type { FrameOp, Retiming } from './retime.js';
import { createRetiming, frameOp, lowestSource, outputRange } from './retime.js';

/** One chunk of work: a source frame range and the output frames it renders. */
export interface PlannedChunk {
  readonly index: number;
  /** Source frames owned: [sourceStart, sourceEnd). */
  readonly sourceStart: number;
  readonly sourceEnd: number;
  /**
   * Source frames decoded: [decodeStart, decodeEnd). decodeEnd = sourceEnd + 1 when look-ahead
   * is needed; with repeated frames the chunk may read further ahead (the next distinct frame)
   * and behind (decodeStart < sourceStart: the distinct frame a run of repeats holds).
   */
  readonly decodeStart: number;
  readonly decodeEnd: number;
  /** Output frames rendered: [outputStart, outputEnd). */
  readonly outputStart: number;
  readonly outputEnd: number;
}

export interface ChunkPlan {
  readonly retiming: Retiming;
  readonly chunkFrames: number;
  readonly chunks: readonly PlannedChunk[];
}

export interface PlanChunksInput {
  readonly sourceFrames: number;
  readonly sourceFps: Rational;
  /** Equal to sourceFps when the job does not change the rate. */
  readonly targetFps: Rational;
  /** Requested source frames per chunk. */
  readonly chunkFrames: number;
  /** Upper bound on the chunk count; chunks grow to respect it. */
  readonly maxChunks: number;
  /** Source frame indices i with a scene cut between i and i + 1. */
  readonly cutsAfter?: readonly number[];
  /** Source frames that repeat the frame before (`interpolate.dedupe`); treated as missing. */
  readonly repeats?: readonly number[];
  /**
   * Plan only the outputs of source frames [start, end) (a preview); the whole source by
   * default. The frames keep their indices and recipes: a preview is a span of the full plan.
   */
  readonly range?: { readonly start: number; readonly end: number };
}

/**
 * Splits the source into frame-range chunks following DESIGN §2. Concatenating the
 * chunks' outputs yields output frames 0 … M−1 once each, in order. Chunks that own
 * no output frame (possible when lowering the rate) are left out.
 */
export function planChunks(input: PlanChunksInput): ChunkPlan {
  const retiming = createRetiming(input.sourceFrames, input.sourceFps, input.targetFps);
  let chunkFrames = effectiveChunkFrames(input);
  for (;;) {
    const chunks = splitChunks(retiming, chunkFrames, input);
    if (chunks.length <= input.maxChunks) return { retiming, chunkFrames, chunks };
    // Joins moved onto scene cuts can shorten chunks by up to a quarter: grow them and
    // split again (strictly larger each time, so this ends at one chunk at the latest).
    chunkFrames = Math.ceil((chunkFrames * chunks.length) / input.maxChunks);
  }
}

function splitChunks(
  retiming: Retiming,
  chunkFrames: number,
  input: PlanChunksInput,
): PlannedChunk[] {
  const cutAfter = cutLookup(input.cutsAfter ?? []);
  const repeats = repeatLookup(input.repeats ?? []);
  const chunks: PlannedChunk[] = [];
  const range = input.range ?? { start: 0, end: input.sourceFrames };
  for (let start = range.start, end = 0; start < range.end; start = end) {
    end = chunkEnd(start, chunkFrames, input);
    const output = outputRange(retiming, start, end);
    if (output.end <= output.start) continue;
    const used = sourcesUsed(retiming, output, cutAfter, repeats);
    chunks.push({
      index: chunks.length,
      sourceStart: start,
      sourceEnd: end,
      decodeStart: Math.min(used.lowest, start),
      decodeEnd: Math.max(used.highest + 1, end),
      outputStart: output.start,
      outputEnd: output.end,
    });
  }
  return chunks;
}

/**
 * The end of the chunk starting at `start`: `start + chunkFrames`, moved onto a scene
 * cut when one lies within a quarter chunk of it, so joins fall where no frame is
 * interpolated anyway.
 */
function chunkEnd(start: number, chunkFrames: number, input: PlanChunksInput): number {
  const nominal = start + chunkFrames;
  const last = input.range?.end ?? input.sourceFrames;
  if (nominal >= last) return last;
  const reach = Math.floor(chunkFrames / 4);
  let best = nominal;
  let bestDistance = Infinity;
  for (const cut of input.cutsAfter ?? []) {
    const boundary = cut + 1;
    const distance = Math.abs(boundary - nominal);
    if (boundary > start && boundary < last && distance <= reach && distance < bestDistance) {
      best = boundary;
      bestDistance = distance;
    }
  }
  return best;
}

function effectiveChunkFrames(input: PlanChunksInput): number {
  if (!Number.isInteger(input.chunkFrames) || input.chunkFrames < 1) {
    throw new RangeError(`chunk size must be a positive integer, got ${input.chunkFrames}`);
  }
  if (!Number.isInteger(input.maxChunks) || input.maxChunks < 1) {
    throw new RangeError(`maximum chunk count must be a positive integer, got ${input.maxChunks}`);
  }
  const range = input.range ?? { start: 0, end: input.sourceFrames };
  if (!(
    Number.isInteger(range.start) &&
    range.start >= 0 &&
    range.end > range.start &&
    range.end <= input.sourceFrames
  ))
    throw new RangeError(
      `the planned range must lie in 0 … ${input.sourceFrames}, got ${range.start} … ${range.end}`,
    );
  return Math.max(input.chunkFrames, Math.ceil((range.end - range.start) / input.maxChunks));
}

/** A predicate over a set of frame indices, shared by planner and worker. */
export function cutLookup(cutsAfter: readonly number[]): (i: number) => boolean {
  const cuts = new Set(cutsAfter);
  return (i) => cuts.has(i);
}

function sourcesUsed(
  retiming: Retiming,
  output: { start: number; end: number },
  cutAfter: (i: number) => boolean,
  repeats: Repeats,
): { lowest: number; highest: number } {
  let [lowest, highest] = [Infinity, 0];
  for (let j = output.start; j < output.end; j += 1) {
    const op = frameOp(retiming, j, cutAfter, repeats);
    lowest = Math.min(lowest, lowestSource(op));
    highest = Math.max(highest, highestSource(op));
  }
  return { lowest, highest };
}

/** The highest source index an output frame reads. */
export function highestSource(op: FrameOp): number {
  switch (op.kind) {
    case 'copy':
      return op.source;
    case 'interpolate':
      return op.b;
  }
}

/**
 * The recipe of every output frame of one chunk, in order. `repeats` needs only the runs
 * near the chunk (`repeatsNear` of its decode range), `cutsAfter` only the cuts inside it.
 */
export function chunkFrameOps(
  retiming: Retiming,
  chunk: Pick<PlannedChunk, 'outputStart' | 'outputEnd'>,
  cutsAfter: readonly number[] = [],
  repeats: readonly number[] = [],
): FrameOp[] {
  const cutAfter = cutLookup(cutsAfter);
  const lookup = repeatLookup(repeats);
  const ops: FrameOp[] = [];
  for (let j = chunk.outputStart; j < chunk.outputEnd; j += 1)
    ops.push(frameOp(retiming, j, cutAfter, lookup));
  return ops;
}

/**
 * The scene cuts and repeats one chunk needs to compute its frame recipes exactly as the
 * whole-source plan does (they travel in its payload): those from the distinct frame its
 * first decoded frame shows to the first distinct frame after its decode range (a recipe
 * looks across the whole gap for a cut).
 */
export function chunkContext(
  chunk: Pick<PlannedChunk, 'decodeStart' | 'decodeEnd'>,
  source: Pick<PlanChunksInput, 'sourceFrames' | 'cutsAfter' | 'repeats'>,
): { cutsAfter: number[]; repeats: number[] } {
  const repeats = source.repeats ?? [];
  const lookup = repeatLookup(repeats);
  const from = lookup.keyAtOrBefore(chunk.decodeStart);
  const reach = lookup.keyAfter(chunk.decodeEnd - 1, source.sourceFrames) ?? source.sourceFrames;
  return {
    cutsAfter: (source.cutsAfter ?? []).filter((cut) => cut >= from && cut < reach),
    repeats: repeatsNear(repeats, chunk.decodeStart, reach),
  };
}
