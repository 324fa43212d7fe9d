export type WebhookVerificationErrorCode =
  | 'MISSING_HEADER'
  | 'INVALID_SECRET'
  | 'INVALID_TIMESTAMP'
  | 'TIMESTAMP_OUT_OF_TOLERANCE'
  | 'NO_MATCHING_SIGNATURE'
  | 'INVALID_PAYLOAD';

/** A webhook request that must be refused (answer it with 400 or 401). */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';

  constructor(
    readonly code: WebhookVerificationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
