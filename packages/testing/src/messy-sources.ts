// The kinds of source real users bring that a seek does not decode exactly: open GOPs
// whose leading pictures reference the GOP before (a decode that starts at their keyframe
// drops them, and every later frame of the chunk shifts), and sparse keyframes. Each is
// made from a barcode clip so a test can tell which source frame it got back.
import { runProcess } from '@remaster/media';
import { decodeOutput } from './decode-frames.js';
import { readBarcode } from './make-clip.js';

/** ffmpeg video encoding arguments and file extension of one messy kind of source. */
export interface MessyKind {
  readonly ext: string;
  readonly args: readonly string[];
  /**
   * The frames where a seek (`ffmpeg -ss`) gives another first frame than a sequential
   * decode, in a 72-frame 25 fps barcode clip made with {@link makeClip} (measured with
   * ffmpeg 5.1): the chunk starts whose decode must be redone from earlier.
   */
  readonly seeksWrongAt: readonly number[];
}

// x264 and x265 choose P-frames only on barcodes; b-adapt=0 keeps the B-frames, and with
// them the leading pictures.
const x26x = (keyint: number) =>
  `keyint=${keyint}:min-keyint=${keyint}:open-gop=1:bframes=3:b-adapt=0:scenecut=0`;

/** Each kind, with where its seeks go wrong. */
export const MESSY_KINDS = {
  /** H.264 open GOP, a keyframe every 24 frames, 3 B-frames. */
  'open-gop-h264': {
    ext: 'mp4',
    args: ['-c:v', 'libx264', '-crf', '12', '-pix_fmt', 'yuv420p', '-x264-params', x26x(24)],
    seeksWrongAt: [22, 23, 46, 47],
  },
  /** HEVC with CRA keyframes and RASL leading pictures. */
  'hevc-cra': {
    ext: 'mp4',
    args: [
      ...['-c:v', 'libx265', '-crf', '12', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1'],
      ...['-x265-params', `${x26x(24)}:log-level=error`],
    ],
    seeksWrongAt: [22, 23, 46, 47],
  },
  /** MPEG-2 video, open GOPs of 12 (the encoder's default), 2 B-frames. */
  'mpeg2-open-gop': {
    ext: 'mp4',
    args: ['-c:v', 'mpeg2video', '-g', '12', '-bf', '2', '-q:v', '2'],
    seeksWrongAt: [11, 23, 35, 47, 59],
  },
  /** H.264 4:4:4, a keyframe every 60 frames, open GOP. */
  'h264-444-sparse': {
    ext: 'mp4',
    args: ['-c:v', 'libx264', '-crf', '12', '-pix_fmt', 'yuv444p', '-x264-params', x26x(60)],
    seeksWrongAt: [58, 59],
  },
} as const satisfies Record<string, MessyKind>;

export type MessyKindName = keyof typeof MESSY_KINDS;

/** Re-encodes the video of `input` into `output` with the given encoding arguments (no audio). */
export async function reencodeClip(
  input: string,
  output: string,
  args: readonly string[],
): Promise<void> {
  await runProcess({
    command: 'ffmpeg',
    args: ['-nostdin', '-v', 'error', '-i', input, '-map', '0:v:0', ...args, '-y', output],
  });
}

/** The frame number of every frame of a barcode video (file or URL), in decode order. */
export async function readBarcodes(url: string, width: number, height: number): Promise<number[]> {
  const frames = await decodeOutput(url, width, height);
  return frames.map((frame) => readBarcode(frame, width, height));
}

/** The frame number painted in a still image (a JPEG file or URL) of a barcode clip. */
export async function readStillBarcode(
  url: string,
  width: number,
  height: number,
): Promise<number> {
  const [frame] = await decodeOutput(url, width, height);
  if (!frame) throw new Error(`${url} holds no image`);
  return readBarcode(frame, width, height);
}
