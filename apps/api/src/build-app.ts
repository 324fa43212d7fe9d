import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyBaseLogger } from 'fastify';
import Fastify from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { JobService } from './job-service.js';
import { authPlugin } from './plugins/auth.js';
import { errorsPlugin } from './plugins/errors.js';
import type { ReadinessCheck } from './routes/health.js';
import { healthRoutes } from './routes/health.js';
import { jobRoutes } from './routes/jobs.js';
import { uploadRoutes } from './routes/uploads.js';
import type { UploadService } from './upload-service.js';

export interface AppOptions {
  readonly jobs: JobService;
  readonly uploads: UploadService;
  readonly apiKeys: ReadonlyMap<string, string>;
  readonly readiness: readonly ReadinessCheck[];
  readonly logger?: FastifyBaseLogger | boolean;
}

/** The API as a Fastify instance; `main.ts` only listens. */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    loggerInstance: typeof options.logger === 'object' ? options.logger : undefined,
    logger: typeof options.logger === 'boolean' ? options.logger : undefined,
    bodyLimit: 64 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Remaster API',
        version: '1.0.0',
        description: 'AI video restoration jobs: frame interpolation and super-resolution.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { apiKeys: options.apiKeys });
  await app.register(healthRoutes, { checks: options.readiness });
  await app.register(jobRoutes, { jobs: options.jobs });
  await app.register(uploadRoutes, { uploads: options.uploads });
  return app;
}
