import { Readable } from 'node:stream';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { errorResponseSchema } from '../job-response.js';
import type { UploadService } from '../upload-service.js';

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
      if (!(request.body instanceof Readable)) {
        throw new ApiError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'send the file as the raw body with Content-Type: application/octet-stream',
        );
      }
      const stored = await uploads.store(request.tenant, request.query.filename, request.body);
      return reply.code(201).send(stored);
    },
  });
  done();
};
