/**
 * Why a raw frame pipe broke mid-stream. Usually the ffmpeg on the other end failed, and its
 * `ProcessError` says why; a retry may succeed.
 * - `FRAMES_TRUNCATED`: the decoder's output ended inside a frame;
 * - `FRAME_SINK_CLOSED`: the encoder's input closed while frames were still being written.
 */
export type FrameStreamErrorCode = 'FRAMES_TRUNCATED' | 'FRAME_SINK_CLOSED';

/** A raw frame stream broke; see {@link FrameStreamErrorCode}. */
export class FrameStreamError extends Error {
  override readonly name = 'FrameStreamError';
  readonly code: FrameStreamErrorCode;

  constructor(code: FrameStreamErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
