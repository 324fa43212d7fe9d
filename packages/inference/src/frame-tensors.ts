// Conversions between ffmpeg `rgb24` frames (HWC, one byte per channel) and
// the models' planar float tensors (CHW in [0,1]). They run once per pixel of
// every frame, so each is one pass with no allocation inside the loop.

/** k/255 as float32 for every byte: a lookup beats a division per channel. */
const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, k) => k / 255);

/**
 * Converts an rgb24 frame to planar float32 RGB in [0,1], writing into `out`
 * at `offset` (in elements) when given, so the frames of a 7-channel
 * interpolation input can be packed into one buffer without copies.
 *
 * @returns `out` (or a new array of 3·width·height values).
 * @throws RangeError when the frame or `out` has the wrong size.
 */
export function rgb24ToPlanar(
  frame: Uint8Array,
  width: number,
  height: number,
  out: Float32Array = new Float32Array(3 * width * height),
  offset = 0,
): Float32Array {
  const pixels = width * height;
  if (frame.length !== 3 * pixels) {
    throw new RangeError(
      `rgb24 frame has ${frame.length} bytes, ${width}x${height} needs ${3 * pixels}`,
    );
  }
  if (offset < 0 || out.length < offset + 3 * pixels) {
    throw new RangeError(
      `tensor of ${out.length} values cannot hold 3x${width}x${height} at offset ${offset}`,
    );
  }
  const green = offset + pixels;
  const blue = green + pixels;
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    out[offset + i] = BYTE_TO_UNIT[frame[j]!]!;
    out[green + i] = BYTE_TO_UNIT[frame[j + 1]!]!;
    out[blue + i] = BYTE_TO_UNIT[frame[j + 2]!]!;
  }
  return out;
}

/**
 * Converts planar float RGB (the first 3·width·height values of `data`) to an
 * rgb24 frame: clamped to [0,1] (NaN → 0), then ⌊v·255 + 0.5⌋ (round half up).
 *
 * @returns `out` (or a new Buffer of 3·width·height bytes).
 * @throws RangeError when `data` is too short or `out` has the wrong size.
 */
export function planarToRgb24(
  data: Float32Array,
  width: number,
  height: number,
  out: Buffer = Buffer.allocUnsafe(3 * width * height),
): Buffer {
  const pixels = width * height;
  if (data.length < 3 * pixels) {
    throw new RangeError(
      `tensor has ${data.length} values, 3x${width}x${height} needs ${3 * pixels}`,
    );
  }
  if (out.length !== 3 * pixels) {
    throw new RangeError(
      `output buffer has ${out.length} bytes, ${width}x${height} rgb24 needs ${3 * pixels}`,
    );
  }
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    out[j] = toByte(data[i]!);
    out[j + 1] = toByte(data[pixels + i]!);
    out[j + 2] = toByte(data[2 * pixels + i]!);
  }
  return out;
}

function toByte(value: number): number {
  // Written so NaN fails both comparisons and lands on 0.
  const clamped = value > 0 ? (value < 1 ? value : 1) : 0;
  return (clamped * 255 + 0.5) | 0;
}
