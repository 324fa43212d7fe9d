// Conversions between ffmpeg's packed RGB frames (HWC: rgb24 as bytes,
// rgb48le as 16-bit samples) and the models' planar float tensors (CHW in
// [0,1]). They run once per pixel of every frame, so each is one pass with
// no allocation inside the loop.
import { PIXEL_FORMATS, type PackedSamples, type PixelFormat } from './pixel-format.js';

/** k/max as float32 for every sample value: a lookup beats a division per channel. */
const unitTables: Partial<Record<PixelFormat, Float32Array>> = {};

/** The format whose samples the array holds: bytes are rgb24, 16-bit values rgb48le. */
function formatOf(samples: PackedSamples): PixelFormat {
  return samples instanceof Uint16Array ? 'rgb48le' : 'rgb24';
}

/** The lookup table of a format, built the first time one of its frames comes. */
function unitTable(samples: PackedSamples): Float32Array {
  const format = formatOf(samples);
  const { maxSample } = PIXEL_FORMATS[format];
  return (unitTables[format] ??= Float32Array.from(
    { length: maxSample + 1 },
    (_, k) => k / maxSample,
  ));
}

/**
 * Converts a packed RGB frame to planar float32 RGB in [0,1] (sample / max,
 * correctly rounded), writing into `out` at `offset` (in elements) when
 * given, so the frames of a 7-channel interpolation input can be packed into
 * one buffer without copies.
 *
 * @returns `out` (or a new array of 3·width·height values).
 * @throws RangeError when the frame or `out` has the wrong size.
 */
export function packedToPlanar(
  frame: PackedSamples,
  width: number,
  height: number,
  out: Float32Array = new Float32Array(3 * width * height),
  offset = 0,
): Float32Array {
  const pixels = width * height;
  if (frame.length !== 3 * pixels) {
    throw new RangeError(
      `RGB frame has ${frame.length} samples, ${width}x${height} needs ${3 * pixels}`,
    );
  }
  if (offset < 0 || out.length < offset + 3 * pixels) {
    throw new RangeError(
      `tensor of ${out.length} values cannot hold 3x${width}x${height} at offset ${offset}`,
    );
  }
  const table = unitTable(frame);
  const green = offset + pixels;
  const blue = green + pixels;
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    out[offset + i] = table[frame[j]!]!;
    out[green + i] = table[frame[j + 1]!]!;
    out[blue + i] = table[frame[j + 2]!]!;
  }
  return out;
}

/**
 * Converts planar float RGB (the first 3·width·height values of `data`) to a
 * packed frame of `out`'s sample type: clamped to [0,1] (NaN → 0), then
 * ⌊v·max + 0.5⌋ (round half up), max being 255 for bytes, 65535 for 16 bits.
 *
 * @returns `out`.
 * @throws RangeError when `data` is too short or `out` has the wrong size.
 */
export function planarToPacked<T extends PackedSamples>(
  data: Float32Array,
  width: number,
  height: number,
  out: T,
): T {
  const pixels = width * height;
  if (data.length < 3 * pixels) {
    throw new RangeError(
      `tensor has ${data.length} values, 3x${width}x${height} needs ${3 * pixels}`,
    );
  }
  if (out.length !== 3 * pixels) {
    throw new RangeError(
      `output frame has ${out.length} samples, ${width}x${height} RGB needs ${3 * pixels}`,
    );
  }
  const max = PIXEL_FORMATS[formatOf(out)].maxSample;
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    out[j] = toSample(data[i]!, max);
    out[j + 1] = toSample(data[pixels + i]!, max);
    out[j + 2] = toSample(data[2 * pixels + i]!, max);
  }
  return out;
}

function toSample(value: number, max: number): number {
  // Written so NaN fails both comparisons and lands on 0.
  const clamped = value > 0 ? (value < 1 ? value : 1) : 0;
  return (clamped * max + 0.5) | 0;
}
