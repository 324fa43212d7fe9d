import fp from 'fastify-plugin';
import { ApiError } from '../api-error.js';

/**
 * The JSON body parser: an empty (or all-whitespace) body is no body, so a bodyless POST sent with
 * `Content-Type: application/json` (what `curl -H 'content-type: application/json' -X POST` and
 * many HTTP clients send) reaches its route; a malformed body is 400 INVALID_REQUEST. Parsing
 * itself stays Fastify's (prototype-poisoning checks included). Fastify's text/plain parser is
 * removed: a JSON body sent as text (`fetch` with a string body and no header) is answered
 * 415 with how to send it, like any other type a route does not read.
 */
export const jsonBodyPlugin = fp(
  (app, _options, done) => {
    const parse = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser(['application/json', 'text/plain']);
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, next) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') {
        next(null, undefined);
        return;
      }
      void parse(request, text, (error: Error | null, value?: unknown) => {
        if (error)
          next(
            new ApiError(
              400,
              'INVALID_REQUEST',
              `the request body is not valid JSON: ${error.message}`,
            ),
            undefined,
          );
        else next(null, value);
      });
    });
    done();
  },
  { name: 'remaster-json-body' },
);
