import { isIP } from 'node:net';
import { ApiError } from './api-error.js';

export interface InputUrlPolicy {
  readonly bucket: string;
  readonly allowPrivateUrls: boolean;
}

/**
 * Checks what can be known about an input URL at submit time: its scheme, its bucket
 * for s3:// URLs, and literal loopback or private hosts. (Names resolving to private
 * addresses are refused at connect time by the SSRF guard, a later step.)
 */
export function checkInputUrl(text: string, policy: InputUrlPolicy): void {
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
  if (!policy.allowPrivateUrls && isPrivateHost(url.hostname)) {
    throw new ApiError(
      400,
      'INPUT_URL_PRIVATE',
      `input.url points at a loopback or private address (${url.hostname}); set ALLOW_PRIVATE_URLS=true on the server for local use`,
    );
  }
}

/** A webhook URL: http(s) only, and no literal loopback or private host unless allowed. */
export function checkWebhookUrl(
  text: string,
  policy: Pick<InputUrlPolicy, 'allowPrivateUrls'>,
): void {
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
  if (!policy.allowPrivateUrls && isPrivateHost(url.hostname)) {
    throw new ApiError(
      400,
      'WEBHOOK_URL_PRIVATE',
      `webhook.url points at a loopback or private address (${url.hostname}); set ALLOW_PRIVATE_URLS=true on the server for local use`,
    );
  }
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

/** Literal loopback, private, link-local and unspecified addresses, and localhost names. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  if (family === 4) return isPrivateV4(host);
  if (family === 6) return isPrivateV6(host);
  return false;
}

function isPrivateV4(host: string): boolean {
  const [a = 0, b = 0] = host.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}

function isPrivateV6(host: string): boolean {
  if (host === '::' || host === '::1') return true;
  if (host.startsWith('::ffff:')) return isPrivateHost(host.slice(7));
  return /^(fc|fd|fe8|fe9|fea|feb)/.test(host);
}
