import type { Config } from '@remaster/config';
import { ConfigError } from '@remaster/config';
import { ModelError } from './model-error.js';
import type { InferenceLogger } from './model-session.js';
import { ModelRegistry } from './model-registry.js';

/** What {@link loadModelRegistry} reads of a process's configuration. */
export type RegistryConfig = Pick<
  Config,
  | 'MODELS_DIR'
  | 'MODELS_MANIFEST'
  | 'MODELS_CACHE_DIR'
  | 'DEFAULT_SR_MODEL'
  | 'DEFAULT_VFI_MODEL'
  | 'DEFAULT_DENOISE_MODEL'
  | 'DEFAULT_DEBLOCK_MODEL'
>;

/**
 * The one way a role loads its models: the built-ins, MODELS_MANIFEST, every MODELS_DIR
 * folder, and the defaults checked against them. A manifest or a default that is wrong is
 * a configuration error (ConfigError: the process stops once with the message; the
 * launcher does not restart it), never a crash loop.
 */
export async function loadModelRegistry(
  config: RegistryConfig,
  logger?: InferenceLogger,
): Promise<ModelRegistry> {
  try {
    return await ModelRegistry.load({
      modelDirs: config.MODELS_DIR,
      ...(config.MODELS_MANIFEST ? { manifestPath: config.MODELS_MANIFEST } : {}),
      cacheDir: config.MODELS_CACHE_DIR,
      defaults: {
        sr: config.DEFAULT_SR_MODEL,
        vfi: config.DEFAULT_VFI_MODEL,
        ...(config.DEFAULT_DENOISE_MODEL && { denoise: config.DEFAULT_DENOISE_MODEL }),
        ...(config.DEFAULT_DEBLOCK_MODEL && { deblock: config.DEFAULT_DEBLOCK_MODEL }),
      },
      ...(logger ? { logger } : {}),
    });
  } catch (error) {
    if (
      error instanceof ModelError &&
      (error.code === 'MODEL_MANIFEST' || error.code === 'MODEL_DEFAULT')
    )
      throw new ConfigError(`invalid configuration:\n  ${error.code}: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
}
