/** A URL the service read a source by (a presigned GET, a copy in the bucket) and its name for the user. */
export interface UrlName {
  readonly internal: string;
  /** What messages say instead: the URL the user gave. */
  readonly shown: string;
}

/** A query that carries an S3 signature (its values are percent-encoded: no `:`, which ends it). */
const SIGNED_QUERY = /\?[^\s'":]*X-Amz-[^\s'":]*/g;

/**
 * The message with every internal URL replaced by the URL the user gave: in full, with its
 * query cut to `?…` (how @remaster/media redacts ffprobe's echo) or without its query. Any
 * other signed query is dropped, so a presigned signature never reaches a job's error.
 */
export function nameUrls(message: string, names: readonly UrlName[]): string {
  // Longest first, so a URL that another one starts with is not replaced inside it.
  const byLength = [...names].sort((a, b) => b.internal.length - a.internal.length);
  let text = message;
  for (const { internal, shown } of byLength) {
    const base = internal.split('?')[0]!;
    for (const form of [internal, `${base}?…`, base]) text = text.split(form).join(shown);
  }
  return text.replace(SIGNED_QUERY, '');
}

/**
 * {@link nameUrls} on a thrown error's message, in place: its class (terminal or retryable,
 * what BullMQ and the failure record read) and its code are kept.
 */
export function nameUrlsIn(error: unknown, names: readonly UrlName[]): unknown {
  if (error instanceof Error) error.message = nameUrls(error.message, names);
  return error;
}
