import { loadConfig, parseApiKeys } from '@remaster/config';
import { IdempotencyKeys } from '@remaster/jobs';
import { createRuntime, runUntilSignal } from '@remaster/runtime';
import { buildApp } from './build-app.js';
import { JobService } from './job-service.js';
import { UploadService } from './upload-service.js';

const config = loadConfig();
const apiKeys = parseApiKeys(config.API_KEYS);
const runtime = createRuntime(config, 'api');
if (apiKeys.size === 0) {
  runtime.logger.fatal('API_KEYS is empty: set it to tenant:key[,tenant:key…]');
  process.exit(1);
}
const jobs = new JobService({
  store: runtime.store,
  pipeline: runtime.pipeline,
  signer: runtime.objects,
  inputPolicy: { bucket: config.S3_BUCKET, allowPrivateUrls: config.ALLOW_PRIVATE_URLS },
  outputUrlTtlSeconds: config.OUTPUT_URL_TTL_SECONDS,
  idempotencyKeys: new IdempotencyKeys(runtime.redis, config.QUEUE_PREFIX),
});
const uploads = new UploadService({ objects: runtime.objects, maxBytes: config.UPLOAD_MAX_BYTES });
const app = await buildApp({
  jobs,
  uploads,
  apiKeys,
  logger: runtime.logger,
  readiness: [
    { name: 'redis', check: () => runtime.redis.ping() },
    { name: 's3', check: () => runtime.objects.ping() },
  ],
});
await app.listen({ port: config.PORT, host: config.HOST });
runUntilSignal(runtime.logger, async () => {
  await app.close();
  await runtime.close();
});
