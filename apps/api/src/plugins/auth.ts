import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ADMIN_TENANT } from '@remaster/config';
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
  /** key → tenant */
  readonly apiKeys: ReadonlyMap<string, string>;
  /** Keys that may call admin routes; they authenticate as tenant `admin`. */
  readonly adminKeys?: ReadonlySet<string>;
}

/** Bearer-key auth for every route under /v1. */
export const authPlugin = fp<AuthOptions>(
  (app, options, done) => {
    const keys = new Map(options.apiKeys);
    for (const key of options.adminKeys ?? []) keys.set(key, ADMIN_TENANT);
    app.decorateRequest('tenant', '');
    app.decorateRequest('isAdmin', false);
    app.addHook('onRequest', (request, _reply, next) => {
      if (!request.url.startsWith('/v1/')) return next();
      request.tenant = tenantOf(request, keys);
      request.isAdmin = request.tenant === ADMIN_TENANT;
      next();
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

function tenantOf(request: FastifyRequest, apiKeys: ReadonlyMap<string, string>): string {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match)
    throw new ApiError(401, 'UNAUTHORIZED', 'send your API key as "Authorization: Bearer <key>"');
  const tenant = findKey(apiKeys, match[1]!);
  if (!tenant) throw new ApiError(401, 'UNAUTHORIZED', 'the API key is not valid');
  return tenant;
}

/** Compares against every key in constant time per key so timing does not leak a prefix. */
function findKey(apiKeys: ReadonlyMap<string, string>, presented: string): string | undefined {
  const given = Buffer.from(presented);
  let found: string | undefined;
  for (const [key, tenant] of apiKeys) {
    const expected = Buffer.from(key);
    if (expected.length === given.length && timingSafeEqual(expected, given)) found = tenant;
  }
  return found;
}
