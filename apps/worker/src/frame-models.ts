import type { Interpolator, PixelFormat, Upscaler } from '@remaster/inference';

/**
 * What a chunk needs from the models, on frames of one pixel format (rgb24 for 8-bit
 * output, rgb48le for 10-bit): the onnxruntime ModelProvider in production, the
 * SimulatedModels of a scale benchmark.
 */
export interface FrameModels {
  upscaler(id: string, factor: number, format: PixelFormat): Promise<Pick<Upscaler, 'upscale'>>;
  interpolator(id: string, format: PixelFormat): Promise<Pick<Interpolator, 'interpolate'>>;
  /** The execution provider a loaded model runs on (cpu, cuda, tensorrt; `simulated`). */
  providerOf(id: string): string;
  close(): Promise<void>;
}
