/**
 * Stable codes for an input the pipeline cannot use. Retrying will not help, except for
 * INPUT_UNREACHABLE (the network or the server may come back).
 */
export type MediaErrorCode =
  | 'INPUT_NOT_VIDEO'
  | 'INPUT_EMPTY'
  | 'INPUT_UNREADABLE'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREACHABLE'
  | 'INPUT_TRUNCATED'
  | 'INPUT_CORRUPT'
  | 'INPUT_CODEC_UNSUPPORTED';

/** The input is unusable; `code` is stable and the message says what to do. */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  readonly code: MediaErrorCode;

  constructor(code: MediaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
