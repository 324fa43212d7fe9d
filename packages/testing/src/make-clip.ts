import { runProcess } from '@remaster/media';
import type { Rational } from '@remaster/media';

/** Options for {@link makeClip}. */
export interface MakeClipOptions {
  /** Output file; the container follows the extension (`.mp4` for H.264 + AAC). */
  readonly path: string;
  /** Even sizes (yuv420p); at least 64 wide for a barcode. */
  readonly width: number;
  readonly height: number;
  /** Frame rate, e.g. 25 or `{ num: 30000, den: 1001 }`. */
  readonly fps: Rational | number;
  /** Exact number of video frames. */
  readonly frames: number;
  /** Adds a 440 Hz AAC tone as long as the video. */
  readonly audio?: boolean;
  /** Paints each frame's number as a barcode (see {@link readBarcode}) instead of testsrc2. */
  readonly barcode?: boolean;
  /** With `barcode`: frames from this index on are drawn inverted, a hard scene cut. */
  readonly cutAt?: number;
  /**
   * With `barcode`: frame k shows the number `sequence[k]` instead of k (length `frames`), e.g.
   * `[0, 1, 1, 2, …]` for a clip whose frame 2 repeats frame 1.
   */
  readonly sequence?: readonly number[];
}

/** Bars per barcode frame: frame numbers 0 … 65535. */
const BARS = 16;

/**
 * Makes a small H.264 (yuv420p) test clip with ffmpeg's lavfi sources: testsrc2, or a
 * barcode of the frame number so tests can tell which source frame they got back.
 */
export async function makeClip(options: MakeClipOptions): Promise<void> {
  await runProcess({ command: 'ffmpeg', args: clipArgs(options) });
}

function clipArgs(options: MakeClipOptions): string[] {
  const { path, width, height, fps, frames, audio = false, barcode = false, cutAt } = options;
  checkSize({ width, height, frames, barcode });
  const { sequence } = options;
  if (sequence && (sequence.length !== frames || sequence.some((n) => !(n >= 0 && n < 2 ** BARS))))
    throw new RangeError(`a sequence lists one number (0 … ${2 ** BARS - 1}) per frame`);
  const rate = typeof fps === 'number' ? String(fps) : `${fps.num}/${fps.den}`;
  const seconds = (typeof fps === 'number' ? frames / fps : (frames * fps.den) / fps.num).toFixed(
    6,
  );
  const size = `${width}x${height}`;
  // Bar b (from the left) is white when bit b of the frame number N (or sequence[N]) is set.
  const shown = sequence ? sequence.map((n, k) => `eq(N,${k})*${n}`).join('+') : 'N';
  const bit = `if(bitand(${shown},pow(2,floor(X*${BARS}/W))),235,16)`;
  const level = cutAt === undefined ? bit : `if(gte(N,${cutAt}),251-${bit},${bit})`;
  const bars = `geq=lum='${level}':cb=128:cr=128`;
  const source = barcode
    ? `color=c=black:s=${size}:r=${rate},format=yuv420p,${bars}`
    : `testsrc2=s=${size}:r=${rate}`;
  // trim, not -frames:v: with -frames:v ffmpeg 5.1 also cuts the audio short.
  const video = ['-f', 'lavfi', '-i', `${source},trim=end_frame=${frames}`];
  const tone = ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:d=${seconds}`];
  return [
    ...['-nostdin', '-v', 'error', ...video, ...(audio ? tone : []), '-map', '0:v'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '12', '-pix_fmt', 'yuv420p'],
    ...(audio ? ['-map', '1:a', '-c:a', 'aac', '-b:a', '96k'] : []),
    ...['-y', path],
  ];
}

function checkSize(clip: { width: number; height: number; frames: number; barcode: boolean }) {
  const even = [clip.width, clip.height].every((n) => Number.isInteger(n) && n >= 2 && n % 2 === 0);
  if (!even) throw new RangeError(`clip size must be even, got ${clip.width}x${clip.height}`);
  if (!Number.isInteger(clip.frames) || clip.frames < 1 || clip.frames >= 2 ** BARS) {
    throw new RangeError(`clip frames must be an integer from 1 to ${2 ** BARS - 1}`);
  }
  if (clip.barcode && clip.width < 4 * BARS) {
    throw new RangeError(`a barcode clip needs width ≥ ${4 * BARS} so bars survive compression`);
  }
}

/**
 * Reads the frame number from a decoded rgb24 frame of a barcode clip: the middle column of
 * each bar, averaged over the middle half of the rows, is a set bit when ≥ 128.
 */
export function readBarcode(frame: Uint8Array, width: number, height: number): number {
  if (frame.length !== width * height * 3) {
    throw new RangeError(
      `expected ${width}x${height} rgb24 (${width * height * 3} bytes), got ${frame.length}`,
    );
  }
  const [top, bottom] = [Math.floor(height / 4), Math.max(Math.ceil((3 * height) / 4), 1)];
  let value = 0;
  for (let bar = 0; bar < BARS; bar += 1) {
    const x = Math.floor(((bar + 0.5) * width) / BARS);
    let sum = 0;
    for (let y = top; y < bottom; y += 1) {
      const at = (y * width + x) * 3;
      sum += (frame[at] ?? 0) + (frame[at + 1] ?? 0) + (frame[at + 2] ?? 0);
    }
    if (sum / (3 * (bottom - top)) >= 128) value += 2 ** bar;
  }
  return value;
}

/**
 * The brightness of each bar of a decoded rgb24 barcode frame, 0 (black) to 1 (white),
 * read like {@link readBarcode}. A frame blended from two barcodes at timestep t shows
 * levels between: bar b of a blend of frames i and k is bit_b(i)·(1 − t) + bit_b(k)·t.
 */
export function readBarLevels(frame: Uint8Array, width: number, height: number): number[] {
  const [top, bottom] = [Math.floor(height / 4), Math.max(Math.ceil((3 * height) / 4), 1)];
  const levels: number[] = [];
  for (let bar = 0; bar < BARS; bar += 1) {
    const x = Math.floor(((bar + 0.5) * width) / BARS);
    let sum = 0;
    for (let y = top; y < bottom; y += 1) {
      const at = (y * width + x) * 3;
      sum += (frame[at] ?? 0) + (frame[at + 1] ?? 0) + (frame[at + 2] ?? 0);
    }
    levels.push(sum / (3 * (bottom - top)) / 255);
  }
  return levels;
}

/** The bar levels {@link makeClip} paints for frame `n`, given its `cutAt`. */
export function barLevelsOf(n: number, cutAt?: number): number[] {
  const inverted = cutAt !== undefined && n >= cutAt;
  return Array.from({ length: BARS }, (_, bar) => ((((n >> bar) & 1) === 1) !== inverted ? 1 : 0));
}
