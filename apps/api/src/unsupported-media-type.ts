import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How a body must be sent to this route, as a 415 tells it; JSON when absent. */
    readonly sendBodyAs?: (request: FastifyRequest) => string;
  }
}

const SEND_JSON = 'send the body as JSON with Content-Type: application/json';

/**
 * The 415 for a body of a type the route does not read (a form, text, none at all):
 * `UNSUPPORTED_MEDIA_TYPE`, with the route's own way to send it (`sendBodyAs`).
 */
export function unsupportedMediaType(request: FastifyRequest): ApiError {
  const type = request.headers['content-type']?.split(';')[0]?.trim();
  const how = request.routeOptions.config.sendBodyAs?.(request) ?? SEND_JSON;
  return new ApiError(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    `${type ? `Content-Type ${type}` : 'a body without a Content-Type'} is not read here: ${how}`,
  );
}
