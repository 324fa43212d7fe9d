import type { Resolver } from '@remaster/egress';
import { EgressError, checkHost } from '@remaster/egress';
import { ApiError } from './api-error.js';

export interface InputUrlPolicy {
  readonly bucket: string;
  readonly allowPrivateUrls: boolean;
  /** DNS for the submit-time check; the system resolver by default. */
  readonly resolve?: Resolver;
  /** Longest wait for DNS at submit (default 2 s); past it the connect-time check decides. */
  readonly dnsTimeoutMs?: number;
}

/**
 * Checks what can be known about an input URL at submit time: its scheme, its bucket
 * for s3:// URLs, and for http(s) a host that is or resolves to a loopback, private,
 * link-local, CGNAT or metadata address, or does not resolve. (The planner checks
 * again when it connects, so a name that changes its answer later is still refused.)
 */
export async function checkInputUrl(text: string, policy: InputUrlPolicy): Promise<void> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ApiError(
      400,
      'INPUT_URL_INVALID',
      `input.url "${text.slice(0, 100)}" is not a URL: use s3://bucket/key or https://…`,
    );
  }
  if (url.protocol === 's3:') return checkBucket(url, policy);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError(
      400,
      'INPUT_URL_SCHEME',
      `input.url scheme ${url.protocol} is not supported: use s3://, https:// or http://`,
    );
  }
  await checkUrlHost(url, policy, 'input.url', 'INPUT_URL');
}

/** A webhook URL: http(s) only, and no host that is or resolves to a blocked address unless allowed. */
export async function checkWebhookUrl(
  text: string,
  policy: Omit<InputUrlPolicy, 'bucket'>,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ApiError(
      400,
      'WEBHOOK_URL_INVALID',
      `webhook.url "${text.slice(0, 100)}" is not a URL: use https://…`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError(
      400,
      'WEBHOOK_URL_SCHEME',
      `webhook.url scheme ${url.protocol} is not supported: use https:// or http://`,
    );
  }
  await checkUrlHost(url, policy, 'webhook.url', 'WEBHOOK_URL');
}

function checkBucket(url: URL, policy: InputUrlPolicy): void {
  if (url.hostname !== policy.bucket || url.pathname.length <= 1) {
    throw new ApiError(
      400,
      'INPUT_URL_BUCKET',
      `input.url must be s3://${policy.bucket}/<key> (the service's bucket); upload the file there first`,
    );
  }
}

/** The SSRF check of the host, as a 400 with `<prefix>_PRIVATE` or `<prefix>_UNRESOLVABLE`. */
async function checkUrlHost(
  url: URL,
  policy: Omit<InputUrlPolicy, 'bucket'>,
  field: string,
  prefix: 'INPUT_URL' | 'WEBHOOK_URL',
): Promise<void> {
  try {
    await checkHost(url.hostname, {
      allowPrivate: policy.allowPrivateUrls,
      timeoutMs: policy.dnsTimeoutMs ?? 2000,
      ...(policy.resolve ? { resolve: policy.resolve } : {}),
    });
  } catch (error) {
    if (!(error instanceof EgressError)) throw error;
    if (error.code === 'URL_UNRESOLVABLE')
      throw new ApiError(
        400,
        `${prefix}_UNRESOLVABLE`,
        `${field} host ${url.hostname} does not resolve in DNS; check the name`,
      );
    throw new ApiError(
      400,
      `${prefix}_PRIVATE`,
      `${field} points at a loopback, private or metadata address (${error.message}); only public addresses are fetched unless the server sets ALLOW_PRIVATE_URLS=true`,
    );
  }
}
