import type { RawPixelFormat } from './pixel-format.js';
import { rawFrameBytes } from './pixel-format.js';

/** Options for {@link applyGain}. */
export interface GainOptions {
  readonly format: Extract<RawPixelFormat, 'rgb24' | 'rgb48le' | 'yuv420p' | 'yuv420p10le'>;
  readonly width: number;
  readonly height: number;
  /** Brightness factor, e.g. 1.1 for 10 % brighter; ≥ 0. */
  readonly gain: number;
  /** YUV only: limited range scales luma around black at 16 (64 at 10 bits), full range around 0. */
  readonly range: 'tv' | 'pc';
}

/**
 * A raw frame made `gain` times brighter, as deflicker applies its planned per-frame gains
 * on the pipes: RGB samples are multiplied; in YUV, luma is scaled around black and chroma
 * around its midpoint by the same factor, which is what multiplying R, G and B does (the
 * matrices are linear). Samples are rounded and clamped to the format's code range. One
 * lookup table per plane kind per call; returns a new buffer.
 */
export function applyGain(frame: Buffer, options: GainOptions): Buffer {
  const { format, width, height, gain } = options;
  const bytes = rawFrameBytes(format, width, height);
  if (frame.length !== bytes) {
    throw new RangeError(
      `a ${width}x${height} ${format} frame has ${bytes} bytes, got ${frame.length}`,
    );
  }
  if (!(Number.isFinite(gain) && gain >= 0)) throw new RangeError(`gain must be ≥ 0, got ${gain}`);
  const bits = format === 'rgb24' || format === 'yuv420p' ? 8 : format === 'rgb48le' ? 16 : 10;
  const max = 2 ** bits - 1;
  if (format === 'rgb24' || format === 'rgb48le')
    return mapSamples(frame, bits, table(max, 0, gain), 0, frame.length);
  const black = options.range === 'tv' ? 16 << (bits - 8) : 0;
  const lumaBytes = (bytes * 2) / 3;
  const out = mapSamples(frame, bits, table(max, black, gain), 0, lumaBytes);
  mapSamples(frame, bits, table(max, 1 << (bits - 1), gain), lumaBytes, bytes, out);
  return out;
}

/** Output of every code value 0 … max: origin + (v − origin)·gain, rounded, clamped. */
function table(max: number, origin: number, gain: number): Uint16Array {
  const lut = new Uint16Array(max + 1);
  for (let v = 0; v <= max; v += 1) {
    lut[v] = Math.min(max, Math.max(0, Math.round(origin + (v - origin) * gain)));
  }
  return lut;
}

function mapSamples(
  frame: Buffer,
  bits: number,
  lut: Uint16Array,
  from: number,
  to: number,
  out: Buffer = Buffer.allocUnsafe(frame.length),
): Buffer {
  if (bits === 8) {
    for (let i = from; i < to; i += 1) out[i] = lut[frame[i]!]!;
    return out;
  }
  // Little-endian 16-bit words; 10-bit samples above 1023 are clamped to it first.
  const top = lut.length - 1;
  for (let i = from; i < to; i += 2) {
    const value = lut[Math.min(top, frame[i]! | (frame[i + 1]! << 8))]!;
    out[i] = value & 0xff;
    out[i + 1] = value >> 8;
  }
  return out;
}
