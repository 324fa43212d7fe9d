import type { Config, Logger } from '@remaster/config';
import type { ModelProvider } from './model-provider.js';
import { createModelProvider } from './model-provider.js';
import { SimulatedGpu, SimulatedModels } from './simulated-gpu.js';

/** The worker's models: onnxruntime, or the simulated GPU when SIMULATED_GPU_MS_PER_FRAME asks for it. */
export async function createFrameModels(
  config: Config,
  logger: Logger,
): Promise<ModelProvider | SimulatedModels> {
  const ms = config.SIMULATED_GPU_MS_PER_FRAME;
  if (ms <= 0) return createModelProvider(config, logger);
  logger.warn(
    { simulatedGpuMsPerFrame: ms },
    'SIMULATED GPU: no model runs and frames are NOT restored (benchmarks only); unset SIMULATED_GPU_MS_PER_FRAME for real work',
  );
  return new SimulatedModels(new SimulatedGpu(ms));
}
