// JPEG-degraded frames for the restore bench's deblock rows, made by ffmpeg's mjpeg
// encoder with the quantisation tables an IJG (libjpeg) encoder writes at a given quality.

/** The IJG base tables (JPEG standard, Annex K), natural (row-major) order. */
const LUMA_BASE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_BASE = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...Array<number>(32).fill(99),
];

/**
 * The luma and chroma quantisation tables of IJG quality `quality` (1–100), natural order:
 * the base tables scaled by 5000/q below 50 and 200 − 2q from 50, clamped to 1–255 (8-bit
 * tables), as libjpeg's `jpeg_set_quality` does.
 */
export function jpegQuantTables(quality: number): { luma: number[]; chroma: number[] } {
  if (!(Number.isInteger(quality) && quality >= 1 && quality <= 100))
    throw new RangeError(`JPEG quality must be a whole number from 1 to 100, got ${quality}`);
  const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - 2 * quality;
  const scaled = (base: number[]) =>
    base.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
  return { luma: scaled(LUMA_BASE), chroma: scaled(CHROMA_BASE) };
}

export interface JpegClipArgsOptions {
  readonly width: number;
  readonly height: number;
  /** IJG quality of the tables. */
  readonly quality: number;
  readonly outputPath: string;
}

/**
 * ffmpeg arguments that encode raw rgb24 frames from stdin to a Matroska clip of JPEG frames
 * (4:2:0, full range) quantised with {@link jpegQuantTables}. ffmpeg's mjpeg writes its
 * `intra_matrix` scaled by qscale/8, so `-q:v 8` writes the tables as given; its DC step
 * stays 8 (an IJG encoder's is 40 at q20), so the blocks' means are kept more finely.
 */
export function buildJpegClipArgs(options: JpegClipArgsOptions): string[] {
  const { luma, chroma } = jpegQuantTables(options.quality);
  return [
    ...['-nostdin', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24'],
    ...['-s', `${options.width}x${options.height}`, '-framerate', '25', '-i', 'pipe:0'],
    ...['-c:v', 'mjpeg', '-q:v', '8', '-pix_fmt', 'yuvj420p'],
    ...['-intra_matrix', luma.join(','), '-chroma_intra_matrix', chroma.join(',')],
    ...['-y', options.outputPath],
  ];
}
