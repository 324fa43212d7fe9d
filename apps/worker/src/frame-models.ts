import type { Interpolator, Upscaler } from '@remaster/inference';

/**
 * What a chunk needs from the models: the onnxruntime ModelProvider in production, the
 * SimulatedModels of a scale benchmark.
 */
export interface FrameModels {
  upscaler(id: string, factor: number): Promise<Pick<Upscaler, 'upscale'>>;
  interpolator(id: string): Promise<Pick<Interpolator, 'interpolate'>>;
  close(): Promise<void>;
}
