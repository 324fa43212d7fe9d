/** Side of the square blocks the noise is measured in. */
const BLOCK = 16;

/** Share of the blocks, flattest first, whose noise is measured: texture and edges are left out. */
const FLAT_SHARE = 0.3;

/** A luma plane of 16-bit samples (ffmpeg `gray16le`: an 8-bit value v is v·256, a 10-bit one v·64). */
export interface LumaPlane {
  readonly data: Uint16Array;
  readonly width: number;
  readonly height: number;
}

/**
 * The standard deviation of the luma noise (0–255 scale) of a few frames of a source, by
 * Immerkær's fast noise estimation ("Fast Noise Variance Estimation", 1996): the 3×3
 * operator [1 −2 1; −2 4 −2; 1 −2 1] cancels smooth image structure, and for Gaussian
 * noise of σ its mean absolute response is 6σ·√(2/π). Edges and texture answer it too, so
 * it is measured in 16×16 blocks and only the flattest share of the blocks counts (by
 * their mean gradient), their median giving σ. Blocks that touch clipped black or white,
 * or that are exactly flat (digital black bars, titles), hold no noise to measure.
 */
export function estimateNoiseSigma(planes: readonly LumaPlane[]): number {
  const blocks: BlockStat[] = planes.flatMap(blockStats);
  if (blocks.length === 0) return 0;
  blocks.sort((a, b) => a.gradient - b.gradient);
  const flat = blocks.slice(0, Math.max(1, Math.round(blocks.length * FLAT_SHARE)));
  const sigmas = flat.map((block) => block.sigma).sort((a, b) => a - b);
  return sigmas[Math.floor(sigmas.length / 2)]!;
}

interface BlockStat {
  readonly sigma: number;
  readonly gradient: number;
}

const SIGMA_OF_MEAN_RESPONSE = Math.sqrt(Math.PI / 2) / 6 / 256;

function blockStats({ data, width, height }: LumaPlane): BlockStat[] {
  if (data.length !== width * height)
    throw new RangeError(
      `a ${width}x${height} plane has ${width * height} samples, got ${data.length}`,
    );
  const stats: BlockStat[] = [];
  for (let by = 1; by + BLOCK < height; by += BLOCK) {
    for (let bx = 1; bx + BLOCK < width; bx += BLOCK) {
      const stat = blockStat(data, width, bx, by);
      if (stat) stats.push(stat);
    }
  }
  return stats;
}

/** Clipped samples (8-bit 0–1 and 254–255, on the 16-bit scale) hide the noise. */
const [LOW_CLIP, HIGH_CLIP] = [2 * 256, 254 * 256];

function blockStat(
  data: Uint16Array,
  width: number,
  x0: number,
  y0: number,
): BlockStat | undefined {
  let response = 0;
  let gradient = 0;
  for (let y = y0; y < y0 + BLOCK; y += 1) {
    for (let x = x0; x < x0 + BLOCK; x += 1) {
      const at = y * width + x;
      const c = data[at]!;
      if (c < LOW_CLIP || c >= HIGH_CLIP) return undefined;
      const [n, s, w, e] = [data[at - width]!, data[at + width]!, data[at - 1]!, data[at + 1]!];
      const diagonals =
        data[at - width - 1]! +
        data[at - width + 1]! +
        data[at + width - 1]! +
        data[at + width + 1]!;
      response += Math.abs(4 * c - 2 * (n + s + w + e) + diagonals);
      gradient += Math.abs(e - w) + Math.abs(s - n);
    }
  }
  if (response === 0) return undefined;
  const samples = BLOCK * BLOCK;
  return { sigma: (response / samples) * SIGMA_OF_MEAN_RESPONSE, gradient: gradient / samples };
}
