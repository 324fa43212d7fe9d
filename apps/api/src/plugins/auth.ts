import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../api-error.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant of the API key that authenticated the request. */
    tenant: string;
  }
}

export interface AuthOptions {
  /** key → tenant */
  readonly apiKeys: ReadonlyMap<string, string>;
}

/** Bearer-key auth for every route under /v1. */
export const authPlugin = fp<AuthOptions>(
  (app, options, done) => {
    app.decorateRequest('tenant', '');
    app.addHook('onRequest', (request, _reply, next) => {
      if (!request.url.startsWith('/v1/')) return next();
      request.tenant = tenantOf(request, options.apiKeys);
      next();
    });
    done();
  },
  { name: 'remaster-auth' },
);

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
