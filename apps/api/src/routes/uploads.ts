import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponseSchema } from '../error-response.js';
import { unsupportedMediaType } from '../unsupported-media-type.js';
import type { UploadService } from '../upload-service.js';

/** What a 415 of this route tells: the file as the raw body (a form is not read). */
const sendRawFile = (request: FastifyRequest) =>
  `send the file itself as the body with Content-Type: application/octet-stream, e.g. curl --data-binary @clip.mp4 -H 'Content-Type: application/octet-stream' '${request.protocol}://${request.host}/v1/uploads?filename=clip.mp4' (a multipart form, as curl -F sends, is not read)`;

export const uploadRoutes: FastifyPluginCallbackZod<{ uploads: UploadService }> = (
  app,
  { uploads },
  done,
) => {
  // The body reaches the handler as a stream; nothing is buffered in memory.
  app.addContentTypeParser('application/octet-stream', (_request, payload, next) =>
    next(null, payload),
  );
  app.post('/v1/uploads', {
    config: { sendBodyAs: sendRawFile },
    schema: {
      summary: 'Upload a source video; use the answered url as input.url',
      description: 'Send the file as the raw body with Content-Type: application/octet-stream.',
      tags: ['uploads'],
      security: [{ bearerAuth: [] }],
      querystring: z.strictObject({ filename: z.string().min(1).max(200).default('upload.mp4') }),
      response: {
        201: z.object({
          url: z.string().describe('s3:// URL to use as input.url'),
          sizeBytes: z.number(),
        }),
        400: errorResponseSchema,
        401: errorResponseSchema,
        413: errorResponseSchema,
        415: errorResponseSchema,
      },
    },
    handler: async (request, reply) => {
      if (!(request.body instanceof Readable)) throw unsupportedMediaType(request);
      const stored = await uploads.store(request.tenant, request.query.filename, request.body);
      return reply.code(201).send(stored);
    },
  });
  done();
};
