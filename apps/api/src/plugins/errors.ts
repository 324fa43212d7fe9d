import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError } from '../api-error.js';

/** The one place that maps errors to HTTP answers: `{ error: { code, message } }`, 5xx details hidden. */
export const errorsPlugin = fp(
  (app, _options, done) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof ApiError) {
        return reply
          .code(error.statusCode)
          .send({ error: { code: error.code, message: error.message } });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const issues = error.validation.map((issue) =>
          describeIssue(error.validationContext, issue.instancePath, issue.message),
        );
        return reply
          .code(400)
          .send({ error: { code: 'INVALID_REQUEST', message: issues.join('; ') } });
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return reply
          .code(status)
          .send({ error: { code: error.code ?? 'BAD_REQUEST', message: error.message } });
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

function describeIssue(
  context: string | undefined,
  path: string,
  message: string | undefined,
): string {
  const where = `${context ?? 'body'}${path.replace(/\//g, '.')}`;
  return `${where}: ${message ?? 'invalid'}`;
}
