import type { StartedS3 } from './start-s3.js';

export interface LocalEnvOptions {
  readonly port: number;
  readonly redisUrl: string;
  readonly s3: StartedS3;
  /** `tenant:key`, the one API key the roles accept. */
  readonly apiKeys: string;
  readonly dataDir: string;
  readonly tmpDir: string;
}

/**
 * The variables every role needs to run against a test Redis and S3 server on
 * loopback: where they are, one API key, private URLs allowed (inputs are served from
 * loopback) and rate limits off (tests and benchmarks poll fast). Callers add the rest.
 */
export function localEnv(options: LocalEnvOptions): Record<string, string> {
  return {
    PORT: String(options.port),
    REDIS_URL: options.redisUrl,
    S3_ENDPOINT: options.s3.endpoint,
    S3_BUCKET: options.s3.bucket,
    S3_ACCESS_KEY_ID: options.s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: options.s3.secretAccessKey,
    API_KEYS: options.apiKeys,
    DATA_DIR: options.dataDir,
    TMP_DIR: options.tmpDir,
    ALLOW_PRIVATE_URLS: 'true',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_SUBMIT_PER_MINUTE: '0',
  };
}
