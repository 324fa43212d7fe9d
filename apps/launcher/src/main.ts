import { fileURLToPath } from 'node:url';
import {
  CONFIG_ERROR_EXIT_CODE,
  createLogger,
  exitOnConfigError,
  firstPlainApiKey,
  loadConfig,
  localModelDirs,
} from '@remaster/config';
import { countGpus } from '@remaster/gpu';
import { ROLES } from '@remaster/roles';
import { startEmbeddedS3 } from '@remaster/storage';
import { join } from 'node:path';
import { localApiKeys } from './api-keys-file.js';
import { printBanner } from './banner.js';
import { chooseRedis } from './local-redis.js';
import { needsGpuCount, planRoleProcesses } from './role-plan.js';
import { RoleProcess } from './role-process.js';

exitOnConfigError('remaster');
const config = loadConfig();
const logger = createLogger('launcher', config);
// The AWS SDK's Node 20 notice is printed once by this process, not again by every role.
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: config.DATA_DIR,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

// Model folders are taken from where `npm start` runs (the repository root), whatever a
// role's cwd, with the ones `npm run models` registered on this machine.
const modelDirs = localModelDirs(config);
if (modelDirs.length > 0) env.MODELS_DIR = modelDirs.join(',');

const redis = await chooseRedis(config, logger);
env.REDIS_URL = redis.url;

const s3 = config.S3_ENDPOINT
  ? undefined
  : await startEmbeddedS3({
      port: config.EMBEDDED_S3_PORT,
      directory: join(config.DATA_DIR, 's3'),
      buckets: [config.S3_BUCKET],
    });
if (s3)
  Object.assign(env, {
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  });

const apiKeys = config.ROLES.includes('api')
  ? await localApiKeys(config.DATA_DIR, config.API_KEYS)
  : undefined;
if (apiKeys) env.API_KEYS = apiKeys.keys;

const fleet = {
  roles: config.ROLES,
  executionProviders: config.EXECUTION_PROVIDERS,
  gpuIds: config.GPU_IDS,
  cudaVisibleDevices: config.CUDA_VISIBLE_DEVICES,
  workerProcesses: config.WORKER_PROCESSES,
};
const gpuCount = needsGpuCount(fleet) ? await countGpus() : undefined;
if (gpuCount === 0)
  logger.warn('nvidia-smi lists no GPU (set GPU_IDS?); starting one worker on GPU_DEVICE_ID');
const launches = planRoleProcesses({ ...fleet, gpuCount: gpuCount ?? 0 });
const roles = launches.map(
  (launch) =>
    new RoleProcess(
      launch.name,
      fileURLToPath(import.meta.resolve(ROLES[launch.role].entry)),
      { ...env, ...launch.env },
      logger,
      (role) => void stopOnConfigError(role),
    ),
);
for (const role of roles) role.start();
logger.info(
  {
    roles: config.ROLES,
    processes: launches.map((launch) => launch.name),
    redis: redis.description,
    s3: s3 ? `embedded on ${s3.endpoint}` : config.S3_ENDPOINT,
  },
  'remaster started',
);
// Handlers before any further await: a SIGTERM that arrives while the banner waits
// must still stop the roles, or they outlive the launcher.
let stopping = false;
async function stop(exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('stopping roles');
  // Workers hand their chunks back after WORKER_SHUTDOWN_GRACE_MS; SIGKILL only after that.
  await Promise.all(roles.map((role) => role.stop(config.WORKER_SHUTDOWN_GRACE_MS + 15_000)));
  await s3?.close();
  redis.process?.kill('SIGTERM');
  process.exit(exitCode);
}
/** A role that cannot start with this configuration stops the whole system, once. */
async function stopOnConfigError(role: string): Promise<void> {
  if (stopping) return;
  console.error(
    `remaster: the ${role} role stopped on the configuration error above; fix it and run npm start again`,
  );
  await stop(CONFIG_ERROR_EXIT_CODE);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

if (apiKeys)
  await printBanner({
    config,
    apiKey: firstPlainApiKey(apiKeys.keys) ?? '<your key> (API_KEYS holds only hashed keys)',
    generated: apiKeys.generated,
    s3Endpoint: env.S3_ENDPOINT!,
    modelDirs,
  });
