import type { FastifyError, FastifySchemaValidationError } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError } from '../api-error.js';
import { unsupportedMediaType } from '../unsupported-media-type.js';

/** The one place that maps errors to HTTP answers: `{ error: { code, message } }`, 5xx details hidden. */
export const errorsPlugin = fp(
  (app, _options, done) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const known = error instanceof ApiError ? error : fromFastify(error, request);
      if (known) {
        return reply
          .code(known.statusCode)
          .send({ error: { code: known.code, message: known.message } });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const issues = error.validation.map((issue) =>
          describeIssue(error.validationContext, issue),
        );
        return reply
          .code(400)
          .send({ error: { code: 'INVALID_REQUEST', message: [...new Set(issues)].join('; ') } });
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        // Fastify's own FST_* codes are not part of the API: the code says the request is wrong.
        const code = !error.code || error.code.startsWith('FST_') ? 'INVALID_REQUEST' : error.code;
        return reply.code(status).send({ error: { code, message: error.message } });
      }
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({
        error: { code: 'INTERNAL', message: 'internal error; the request id is ' + request.id },
      });
    });
    app.setNotFoundHandler((request, reply) => {
      void reply.code(404).send({
        error: {
          code: 'NOT_FOUND',
          message: `no route ${request.method} ${request.url.split('?')[0]}; see /docs`,
        },
      });
    });
    done();
  },
  { name: 'remaster-errors' },
);

/** Fastify's body errors that have an API code of their own. */
function fromFastify(
  error: FastifyError,
  request: Parameters<typeof unsupportedMediaType>[0],
): ApiError | undefined {
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return unsupportedMediaType(request);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new ApiError(
      413,
      'BODY_TOO_LARGE',
      `the body is over ${request.routeOptions.bodyLimit ?? 'the'} bytes: a job body is a few hundred; send files with POST /v1/uploads`,
    );
  return undefined;
}

function describeIssue(context: string | undefined, issue: FastifySchemaValidationError): string {
  const where = [context ?? 'body', ...issue.instancePath.split('/').filter(Boolean)].join('.');
  const keys = issue.keyword === 'unrecognized_keys' ? issue.params.keys : undefined;
  if (Array.isArray(keys) && keys.length > 0) {
    const names = keys.map((key) => `"${String(key)}"`).join(', ');
    return `${where}: unknown field ${names}: remove it (the fields are listed at /docs)`;
  }
  return `${where}: ${issue.message ?? 'invalid'}`;
}
