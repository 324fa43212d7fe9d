/** Why an outbound request was refused or failed; stable, for mapping to API and job codes. */
export type EgressErrorCode =
  /** The host is, or resolves to, a loopback, private, link-local, metadata… address. */
  | 'URL_PRIVATE_ADDRESS'
  /** The name does not resolve at all. */
  | 'URL_UNRESOLVABLE'
  /** Not http(s), or a redirect to something that is not. */
  | 'URL_SCHEME'
  /** A redirect without a Location, or more redirects than allowed. */
  | 'URL_REDIRECT_REFUSED'
  /** A body over the size the caller allows (guardedRelay's `maxBytes`). */
  | 'URL_TOO_LARGE';

/** An outbound request refused by the SSRF guard (or a redirect it would not follow). */
export class EgressError extends Error {
  override readonly name = 'EgressError';

  constructor(
    readonly code: EgressErrorCode,
    message: string,
  ) {
    super(message);
  }
}
