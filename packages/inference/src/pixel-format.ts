// The packed RGB frames ffmpeg reads and writes: `rgb24` (8 bits a sample)
// for 8-bit video, `rgb48le` (16 bits, little-endian) for 10-bit and deeper,
// so a 10-bit source keeps its precision through the models (DESIGN.md §4).
import { endianness } from 'node:os';

/** ffmpeg's name for the frames' layout: RGB interleaved, 8 or 16 bits a sample. */
export type PixelFormat = 'rgb24' | 'rgb48le';

/** The samples of a packed RGB frame: bytes (rgb24) or 16-bit values (rgb48le). */
export type PackedSamples = Uint8Array | Uint16Array;

/** What each format is made of. */
export const PIXEL_FORMATS = {
  rgb24: { bytesPerSample: 1, maxSample: 255, onnxType: 'uint8' },
  rgb48le: { bytesPerSample: 2, maxSample: 65535, onnxType: 'uint16' },
} as const satisfies Record<
  PixelFormat,
  { bytesPerSample: 1 | 2; maxSample: number; onnxType: 'uint8' | 'uint16' }
>;

/** Bytes of one pixel: 3 for rgb24, 6 for rgb48le. */
export function pixelBytes(format: PixelFormat): number {
  return 3 * PIXEL_FORMATS[format].bytesPerSample;
}

/** Bytes of one width×height frame. */
export function frameBytes(format: PixelFormat, width: number, height: number): number {
  return pixelBytes(format) * width * height;
}

/** @throws RangeError when `frame` is not one width×height frame of `format`. */
export function checkFrameSize(
  frame: Uint8Array,
  format: PixelFormat,
  width: number,
  height: number,
): void {
  const expected = frameBytes(format, width, height);
  if (frame.length !== expected) {
    throw new RangeError(
      `${format} frame has ${frame.length} bytes, ${width}x${height} needs ${expected}`,
    );
  }
}

/**
 * The samples of a frame's bytes: the bytes themselves for rgb24, a Uint16Array
 * view for rgb48le (copied first when the bytes start at an odd offset).
 */
export function frameSamples(bytes: Uint8Array, format: PixelFormat): PackedSamples {
  if (format === 'rgb24') return bytes;
  if (endianness() !== 'LE') {
    throw new Error(
      'rgb48le frames are read as native 16-bit samples: that needs a little-endian CPU',
    );
  }
  if (bytes.byteLength % 2 !== 0) {
    throw new RangeError(`an rgb48le frame has an even number of bytes, got ${bytes.byteLength}`);
  }
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
}

/** A Buffer over the same memory as `samples` (no copy). */
export function sampleBytes(samples: PackedSamples): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}
