import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ADMIN_TENANT, keyDigest } from '@remaster/config';
import { ApiError } from '../api-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant of the API key that authenticated the request (`admin` for an admin key). */
    tenant: string;
    /** True when the request came with one of ADMIN_API_KEYS. */
    isAdmin: boolean;
  }
}

export interface AuthOptions {
  /**
   * Key → tenant. Keys are held as `sha256:<hex>` digests (what parseApiKeys gives);
   * a plain key here is hashed at start and only its digest is kept.
   */
  readonly apiKeys: ReadonlyMap<string, string>;
  /** Keys (plain or `sha256:<hex>`) that may call admin routes; they authenticate as tenant `admin`. */
  readonly adminKeys?: Iterable<string>;
}

/** Paths that need a key: the API and the admin pages (queue dashboard). */
const PROTECTED = /^\/(v1|admin)(\/|\?|$)/;
/** Browsers ask for a password on these when sent a Basic challenge. */
const ADMIN_PAGES = /^\/admin(\/|\?|$)/;

/**
 * Key auth for every route under /v1 and /admin: `Authorization: Bearer <key>`, or for
 * browsers on /admin, HTTP Basic with the key as the password. Keys are compared by
 * SHA-256 digest, in constant time, against every known digest.
 */
export const authPlugin = fp<AuthOptions>(
  (app, options, done) => {
    const digests = new Map<Buffer, string>();
    for (const [key, tenant] of options.apiKeys) digests.set(rawDigest(keyDigest(key)), tenant);
    for (const key of options.adminKeys ?? []) digests.set(rawDigest(keyDigest(key)), ADMIN_TENANT);
    app.decorateRequest('tenant', '');
    app.decorateRequest('isAdmin', false);
    app.addHook('onRequest', async (request, reply) => {
      // The matched route, not the raw URL: the router decodes /%761/jobs to /v1/jobs.
      const path = request.routeOptions.url ?? request.url;
      if (!PROTECTED.test(path)) return;
      const tenant = tenantOf(request, digests);
      if (tenant instanceof ApiError) {
        // Answered here, not thrown: plugins such as the dashboard have their own error handlers.
        if (ADMIN_PAGES.test(path))
          void reply.header('www-authenticate', 'Basic realm="remaster admin", charset="UTF-8"');
        return reply
          .code(tenant.statusCode)
          .send({ error: { code: tenant.code, message: tenant.message } });
      }
      request.tenant = tenant;
      request.isAdmin = tenant === ADMIN_TENANT;
    });
    done();
  },
  { name: 'remaster-auth' },
);

/** A preHandler for admin-only routes: 403 ADMIN_ONLY for a tenant key. */
export function requireAdmin(request: FastifyRequest): Promise<void> {
  if (!request.isAdmin) {
    return Promise.reject(
      new ApiError(
        403,
        'ADMIN_ONLY',
        'this call needs an admin key (ADMIN_API_KEYS on the server)',
      ),
    );
  }
  return Promise.resolve();
}

/** The key's tenant, or the 401 to answer. */
function tenantOf(
  request: FastifyRequest,
  digests: ReadonlyMap<Buffer, string>,
): string | ApiError {
  const presented = presentedKey(request.headers.authorization ?? '');
  if (presented === undefined)
    return new ApiError(401, 'UNAUTHORIZED', 'send your API key as "Authorization: Bearer <key>"');
  return (
    findTenant(digests, presented) ?? new ApiError(401, 'UNAUTHORIZED', 'the API key is not valid')
  );
}

/** The key of a Bearer header, or the password of a Basic one (the user name is ignored). */
function presentedKey(header: string): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : undefined;
}

/**
 * Hashes the presented key and compares it with every digest (no early exit), so the
 * time taken says nothing about which key, or how much of one, matched.
 */
function findTenant(digests: ReadonlyMap<Buffer, string>, presented: string): string | undefined {
  const given = createHash('sha256').update(presented, 'utf8').digest();
  let found: string | undefined;
  for (const [digest, tenant] of digests) {
    if (timingSafeEqual(digest, given)) found = tenant;
  }
  return found;
}

function rawDigest(digest: string): Buffer {
  return Buffer.from(digest.slice('sha256:'.length), 'hex');
}
