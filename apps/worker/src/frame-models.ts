import type {
  Interpolator,
  PixelFormat,
  Upscaler,
  YuvConversion,
  YuvConverter,
} from '@remaster/inference';

/** Converts the pipes' planar YUV frames to the models' packed RGB and back. */
export type FrameConverter = Pick<YuvConverter, 'conversion' | 'toRgb' | 'toYuv'>;

/**
 * What a chunk needs from the models, on frames of one pixel format (rgb24 for 8-bit
 * output, rgb48le for 10-bit), and the converter between those and the pipes' YUV: the
 * onnxruntime ModelProvider in production, the SimulatedModels of a scale benchmark.
 */
export interface FrameModels {
  upscaler(id: string, factor: number, format: PixelFormat): Promise<Pick<Upscaler, 'upscale'>>;
  interpolator(id: string, format: PixelFormat): Promise<Pick<Interpolator, 'interpolate'>>;
  /** The execution provider a loaded model runs on (cpu, cuda, tensorrt; `simulated`). */
  providerOf(id: string): string;
  converter(conversion: YuvConversion): Promise<FrameConverter>;
  close(): Promise<void>;
}
