import type { QueueCoverage } from '@remaster/jobs';
import { IdempotencyKeys } from '@remaster/jobs';
import { inputObjectChecker } from '@remaster/planning';
import type { Runtime } from '@remaster/runtime';
import { JobService } from './job-service.js';
import type { ModelList } from './routes/models.js';

/**
 * The API's job service, from its runtime, with the model list it checks requests against
 * and the queue coverage that explains a stuck job.
 */
export function createJobService(
  runtime: Runtime,
  extra: { models?: ModelList; coverage?: Pick<QueueCoverage, 'waitingFor'> } = {},
): JobService {
  const { config } = runtime;
  return new JobService({
    ...extra,
    store: runtime.store,
    lifecycle: runtime.lifecycle,
    signer: runtime.objects,
    inputPolicy: { bucket: config.S3_BUCKET, allowPrivateUrls: config.ALLOW_PRIVATE_URLS },
    outputUrlTtlSeconds: config.OUTPUT_URL_TTL_SECONDS,
    idempotencyKeys: new IdempotencyKeys(runtime.redis, config.QUEUE_PREFIX),
    maxOutputFps: config.OUTPUT_MAX_FPS,
    inputObject: inputObjectChecker(runtime.objects, { maxBytes: config.INPUT_MAX_BYTES }),
  });
}
