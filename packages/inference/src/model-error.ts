/**
 * Stable codes for model problems. MODEL_NOT_FOUND, MODEL_CONTRACT and
 * MODEL_CHECKSUM are terminal (a retry gets the same answer); MODEL_DOWNLOAD
 * may pass on retry (the server or the network may come back).
 */
export type ModelErrorCode =
  | 'MODEL_NOT_FOUND'
  | 'MODEL_CONTRACT'
  | 'MODEL_CHECKSUM'
  | 'MODEL_DOWNLOAD'
  | 'MODEL_MANIFEST'
  | 'MODEL_DEFAULT';

/** A model cannot be found, fetched or used; `code` is stable and the message says what to do. */
export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
