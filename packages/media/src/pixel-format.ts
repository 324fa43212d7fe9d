/** Packed RGB frames: 8 or 16 bits a sample. */
export type RgbPixelFormat = 'rgb24' | 'rgb48le';

/** Planar YUV frames as ffmpeg decodes them: no RGB conversion in swscale, half rgb24's bytes. */
export type YuvPipeFormat = 'yuv420p' | 'yuv420p10le' | 'yuv444p';

/** Raw frames on the pipes between ffmpeg and the models. */
export type RawPixelFormat = RgbPixelFormat | YuvPipeFormat;

/** Whether frames of `format` are planar YUV (they need no matrix in ffmpeg). */
export function isYuvFormat(format: RawPixelFormat): format is YuvPipeFormat {
  return format.startsWith('yuv');
}

/** Bytes of one width×height raw frame (4:2:0 needs even sides). */
export function rawFrameBytes(format: RawPixelFormat, width: number, height: number): number {
  const pixels = width * height;
  switch (format) {
    case 'rgb24':
      return 3 * pixels;
    case 'rgb48le':
      return 6 * pixels;
    case 'yuv420p':
      return pixels + 2 * (pixels / 4);
    case 'yuv420p10le':
      return 2 * (pixels + 2 * (pixels / 4));
    case 'yuv444p':
      return 3 * pixels;
  }
}

/** Bits per sample of an encoded output: 10 is yuv420p10le. */
export type OutputBitDepth = 8 | 10;

/** The depth a source keeps by default: 10 for anything above 8 bits (12-bit comes out 10), else 8. */
export function sourceOutputBitDepth(sourceBitDepth: number): OutputBitDepth {
  return sourceBitDepth > 8 ? 10 : 8;
}

/** The raw frame format that carries a given output depth without losing precision. */
export function rawPixelFormat(bitDepth: OutputBitDepth): RgbPixelFormat {
  return bitDepth === 10 ? 'rgb48le' : 'rgb24';
}

/** The 4:2:0 pixel format encoders get for an output depth: yuv420p or yuv420p10le. */
export function yuvPixelFormat(bitDepth: OutputBitDepth): 'yuv420p' | 'yuv420p10le' {
  return bitDepth === 10 ? 'yuv420p10le' : 'yuv420p';
}

/** Bytes per pixel of a packed RGB frame: three samples of one or two bytes. */
export function bytesPerPixel(format: RgbPixelFormat): 3 | 6 {
  return format === 'rgb48le' ? 6 : 3;
}

/** Packed formats whose names do not end in their depth. */
const PACKED_DEPTHS: Readonly<Record<string, number>> = {
  v210: 10,
  y210: 10,
  y212: 12,
  y216: 16,
  xv30: 10,
  xv36: 12,
  xv48: 16,
  v30x: 10,
  nv20: 10,
  xyz12: 12,
  rgb48: 16,
  bgr48: 16,
  rgba64: 16,
  bgra64: 16,
  ayuv64: 16,
};

/**
 * Bits per sample of an ffprobe `pix_fmt` name: `yuv420p` 8, `yuv420p10le` 10, `p016le` 16,
 * `rgb48le` 16. Formats of 8 bits or fewer and unknown names give 8. The pix_fmt is the
 * source of truth: ffprobe's `bits_per_raw_sample` is missing for many decoders.
 */
export function bitDepthOf(pixFmt: string): number {
  const name = pixFmt.replace(/(?:le|be)$/, '');
  const packed = PACKED_DEPTHS[name];
  if (packed !== undefined) return packed;
  // Semi-planar p010, p016, p210, p416, …: the last two digits.
  const semiPlanar = /^p[024](\d\d)$/.exec(name);
  // Planar and grey formats end in their depth (yuv420p10, gbrap12, gray16, ya16, grayf32).
  const suffix = semiPlanar ?? /(?:p|gray|ya|x2rgb|x2bgr|f)(\d+)$/.exec(name);
  const depth = suffix ? Number(suffix[1]) : 8;
  return Math.max(8, depth);
}
