/** An error answer of the API: `{ error: { code, message } }` with its HTTP status. */
export class RemasterApiError extends Error {
  override readonly name = 'RemasterApiError';

  constructor(
    /** HTTP status, e.g. 404 or 409. */
    readonly status: number,
    /** Stable machine-readable code, e.g. `NOT_FOUND` or `JOB_FINISHED`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** Reads the error body of a failed response; non-JSON bodies get code `HTTP_<status>`. */
  static async fromResponse(response: Response): Promise<RemasterApiError> {
    const text = await response.text().catch(() => '');
    try {
      const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
      const { code, message } = body.error ?? {};
      if (typeof code === 'string' && typeof message === 'string')
        return new RemasterApiError(response.status, code, message);
    } catch {
      // not JSON: fall through
    }
    const detail = text.trim().slice(0, 200) || response.statusText;
    return new RemasterApiError(
      response.status,
      `HTTP_${response.status}`,
      `${response.url} answered ${response.status}${detail ? `: ${detail}` : ''}`,
    );
  }
}

/** The API could not be reached at all (refused, DNS, TLS, reset). */
export class RemasterConnectionError extends Error {
  override readonly name = 'RemasterConnectionError';

  constructor(
    readonly url: string,
    options: { cause: unknown },
  ) {
    super(`cannot reach ${url}: ${describeCause(options.cause)}`, options);
  }
}

function describeCause(cause: unknown): string {
  // fetch wraps the socket error: "fetch failed" with the real reason in `cause`.
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code;
    return typeof code === 'string' && !inner.message.includes(code)
      ? `${code} ${inner.message}`
      : inner.message;
  }
  return String(inner);
}
