export type { Config, Role } from './config.js';
export { ConfigError, loadConfig, requireRedisUrl } from './config.js';
export {
  ADMIN_TENANT,
  firstPlainApiKey,
  generateApiKey,
  hashApiKey,
  isKeyDigest,
  keyDigest,
  parseAdminKeys,
  parseApiKeys,
} from './api-keys.js';
export type { Logger } from './logger.js';
export { createLogger } from './logger.js';
export { CONFIG_ERROR_EXIT_CODE, exitOnConfigError } from './config-error-exit.js';
export {
  localModelDirs,
  pulledModelsDir,
  registerModelDir,
  registeredModelDirs,
  registeredModelsFile,
  unregisterModelDir,
} from './local-models.js';
