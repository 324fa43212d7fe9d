// Where the tiles of a large frame go and how their outputs are blended.
// Pure arithmetic, so it is tested exactly and shared by every model.

/** One tile position along an axis, in input pixels. `start + size` may pass the frame's end: the excess is padding. */
export interface AxisSpan {
  start: number;
  size: number;
}

/** Tiles along both axes; every tile is `spansX[0].size` × `spansY[0].size`, so tiles batch. */
export interface TilePlan {
  spansX: AxisSpan[];
  spansY: AxisSpan[];
}

/** What {@link planTiles} needs. */
export interface TilePlanOptions {
  width: number;
  height: number;
  /** Largest tile side, in input pixels. */
  maxTile: number;
  /** Least overlap between neighbours, in input pixels. */
  overlap: number;
  /** Tile sides are multiples of this (the model's padding multiple; 1 for none). */
  multiple: number;
}

/**
 * Splits a frame into the fewest tiles of at most `maxTile` pixels a side
 * that overlap by at least `overlap`, sized evenly so no tile computes much
 * padding (a 640-wide frame with 512-pixel tiles gets two of 328, not 512).
 *
 * @throws RangeError when the options cannot give overlapping tiles.
 */
export function planTiles(options: TilePlanOptions): TilePlan {
  const { width, height, overlap, multiple } = options;
  const maxTile = Math.floor(options.maxTile / multiple) * multiple;
  if (!(maxTile > overlap) || overlap < 0 || !Number.isInteger(overlap)) {
    throw new RangeError(
      `tiles of ${options.maxTile} pixels (multiple of ${multiple}) cannot overlap by ${overlap}`,
    );
  }
  return {
    spansX: planAxis(width, maxTile, overlap, multiple),
    spansY: planAxis(height, maxTile, overlap, multiple),
  };
}

function planAxis(length: number, maxTile: number, overlap: number, multiple: number): AxisSpan[] {
  if (length <= maxTile) return [{ start: 0, size: roundUp(length, multiple) }];
  const count = Math.ceil((length - overlap) / (maxTile - overlap));
  const size = roundUp(Math.ceil((length + (count - 1) * overlap) / count), multiple);
  return Array.from({ length: count }, (_, index) => ({
    start: Math.round((index * (length - size)) / (count - 1)),
    size,
  }));
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/**
 * Blend weights along one axis, in output pixels (input × `scale`): for each
 * span, one weight per output pixel it covers inside the frame. In the
 * overlap of two spans the weight ramps linearly over the middle half: the
 * quarter nearest a tile's edge, where its model saw the least context,
 * counts for nothing. Weights are normalised so they sum to 1 at every pixel.
 */
export function axisWeights(
  spans: readonly AxisSpan[],
  length: number,
  scale: number,
): Float32Array[] {
  const outLength = length * scale;
  const raw = spans.map((span, index) => {
    const previous = spans[index - 1];
    const next = spans[index + 1];
    const begin = span.start * scale;
    const count = Math.min(span.size * scale, outLength - begin);
    return Float32Array.from({ length: count }, (_, offset) => {
      const position = begin + offset + 0.5;
      const up = previous ? ramp(position, begin, (previous.start + previous.size) * scale) : 1;
      const down = next ? 1 - ramp(position, next.start * scale, begin + span.size * scale) : 1;
      return up * down;
    });
  });
  const sums = new Float64Array(outLength);
  raw.forEach((weights, index) => {
    const begin = spans[index]!.start * scale;
    weights.forEach((weight, offset) => (sums[begin + offset]! += weight));
  });
  raw.forEach((weights, index) => {
    const begin = spans[index]!.start * scale;
    weights.forEach((weight, offset) => {
      const sum = sums[begin + offset]!;
      // Only tiles smaller than twice their overlap can leave a pixel with no weight: share it.
      weights[offset] = sum > 0 ? weight / sum : 1 / coverage(spans, (begin + offset) / scale);
    });
  });
  return raw;
}

function coverage(spans: readonly AxisSpan[], position: number): number {
  return spans.filter((span) => position >= span.start && position < span.start + span.size).length;
}

/** 0 before the middle half of [from, to), 1 after it, linear within. */
function ramp(position: number, from: number, to: number): number {
  const quarter = (to - from) / 4;
  const value = (position - from - quarter) / (2 * quarter);
  return value <= 0 ? 0 : value >= 1 ? 1 : value;
}
