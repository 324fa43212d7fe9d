// Barcode clips for the restoration filters: a 50p barcode woven into 25i, and a 23.976p
// barcode telecined 3:2 to 29.97. Both lossless, so every bar survives.
import { runProcess } from '@remaster/media';

/** Bars per barcode, as makeClip paints them. */
const BARS = 16;

/** Bar b is white when bit b of the number the frame shows is set (makeClip's barcode). */
function barcodeSource(size: string, rate: string, frames: number): string {
  const bit = `if(bitand(N,pow(2,floor(X*${BARS}/W))),235,16)`;
  return `color=c=black:s=${size}:r=${rate},format=yuv420p,geq=lum='${bit}':cb=128:cr=128,trim=end_frame=${frames}`;
}

function checkClip(width: number, height: number, frames: number, what: string): void {
  const even = [width, height].every((n) => Number.isInteger(n) && n >= 2 && n % 2 === 0);
  if (!even || width < 4 * BARS)
    throw new RangeError(`a barcode clip needs an even size, width ≥ ${4 * BARS}`);
  if (!Number.isInteger(frames) || frames < 2 || frames >= 2 ** BARS)
    throw new RangeError(`${what} must be an integer from 2 to ${2 ** BARS - 1}`);
}

/** x264 lossless (qp 0), 4:2:0. */
const LOSSLESS = ['-c:v', 'libx264', '-preset', 'veryfast', '-qp', '0', '-pix_fmt', 'yuv420p'];

/** Options for {@link makeInterlacedBarcodeClip}. */
export interface InterlacedBarcodeClipOptions {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  /** Fields, an even number: field k shows the number k. */
  readonly fields: number;
  /** Fields per second; the clip has half as many frames per second. */
  readonly fieldRate?: number;
}

/**
 * A 50p barcode (frame k shows k) woven into 25i TFF: frame j's top field (even lines) is
 * barcode 2j, its bottom field barcode 2j + 1, encoded interlaced (x264 `+ildct+ilme`,
 * top field first, lossless) so ffmpeg reads `field_order=tt` and `interlaced_frame=1`.
 * bwdif in field mode then gives back field k as output frame k; read it with
 * {@link readFieldBarcode}: bwdif keeps the field's own lines, and fills the others from
 * the neighbouring fields where they agree, which a barcode's bit 0 (it flips every field,
 * so the fields of one parity all agree) turns into the other field's bar.
 */
export async function makeInterlacedBarcodeClip(
  options: InterlacedBarcodeClipOptions,
): Promise<void> {
  const { path, width, height, fields, fieldRate = 50 } = options;
  checkClip(width, height, fields, 'fields');
  if (fields % 2 !== 0)
    throw new RangeError(`an interlaced clip has an even number of fields, got ${fields}`);
  const woven = `${barcodeSource(`${width}x${height}`, String(fieldRate), fields)},interlace=scan=tff:lowpass=off,setfield=tff`;
  await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', woven],
      ...LOSSLESS,
      ...['-flags', '+ildct+ilme', '-top', '1', '-field_order', 'tt', '-y', path],
    ],
  });
}

/**
 * The number shown by one field of a decoded rgb24 frame: like readBarcode, but from the
 * rows of that field only (top: even rows, bottom: odd rows), in the middle half.
 */
export function readFieldBarcode(
  frame: Uint8Array,
  width: number,
  height: number,
  field: 'top' | 'bottom',
): number {
  if (frame.length !== width * height * 3)
    throw new RangeError(`expected ${width}x${height} rgb24`);
  const rows: number[] = [];
  for (let y = Math.floor(height / 4); y < Math.ceil((3 * height) / 4); y += 1) {
    if (y % 2 === (field === 'top' ? 0 : 1)) rows.push(y);
  }
  let value = 0;
  for (let bar = 0; bar < BARS; bar += 1) {
    const x = Math.floor(((bar + 0.5) * width) / BARS);
    const sum = rows.reduce((total, y) => {
      const at = (y * width + x) * 3;
      return total + frame[at]! + frame[at + 1]! + frame[at + 2]!;
    }, 0);
    if (sum / (3 * rows.length) >= 128) value += 2 ** bar;
  }
  return value;
}

/** Options for {@link makeTelecinedBarcodeClip}. */
export interface TelecinedBarcodeClipOptions {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  /** Film frames at 24000/1001: frame k shows k. */
  readonly frames: number;
}

/**
 * A 24000/1001 barcode (frame k shows k) telecined 3:2 (ffmpeg `telecine`, top field
 * first, pattern 23) to 30000/1001, lossless: every 4 film frames become 5 video frames,
 * 2 of them woven from two film frames. fieldmatch rebuilds the film frames, one of each
 * 5 twice; dropping those gives back frames 0 … frames − 1. `frames` % 4 must not be 3:
 * telecine would end on a frame woven from the last film frame's first field alone.
 */
export async function makeTelecinedBarcodeClip(
  options: TelecinedBarcodeClipOptions,
): Promise<void> {
  const { path, width, height, frames } = options;
  checkClip(width, height, frames, 'frames');
  if (frames % 4 === 3)
    throw new RangeError(`telecine cuts the last of ${frames} film frames to one field`);
  const telecined = `${barcodeSource(`${width}x${height}`, '24000/1001', frames)},telecine=first_field=top:pattern=23`;
  await runProcess({
    command: 'ffmpeg',
    args: ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', telecined, ...LOSSLESS, '-y', path],
  });
}
