import type {
  Interpolator,
  ModelKind,
  PixelFormat,
  PlanarYuvForm,
  Restorer,
  Upscaler,
  YuvConversion,
  YuvConverter,
  YuvFrameModel,
} from '@remaster/inference';

/** Converts the pipes' planar YUV frames to the models' packed RGB and back. */
export type FrameConverter = Pick<YuvConverter, 'conversion' | 'toRgb' | 'toYuv'>;

/** A model fused with the YUV conversion: the pipes' frames in and out. */
export type FusedModel = Pick<YuvFrameModel, 'upscale' | 'interpolate'>;

/**
 * What a chunk needs from the models, on frames of one pixel format (rgb24 for 8-bit
 * output, rgb48le for 10-bit), the converter between those and the pipes' YUV, and the
 * models fused with that conversion for whole frames: the onnxruntime ModelProvider in
 * production, the SimulatedModels of a scale benchmark.
 */
export interface FrameModels {
  upscaler(
    id: string,
    factor: number,
    format: PixelFormat,
  ): Promise<Pick<Upscaler, 'upscale' | 'fitsWhole'>>;
  interpolator(
    id: string,
    format: PixelFormat,
  ): Promise<Pick<Interpolator, 'interpolate' | 'fitsWhole'>>;
  /**
   * A 1x restoration model (denoise, deblock) on frames of `format`, fed `sigma` (0–255)
   * when it takes a strength (DESIGN §10).
   */
  restorer(
    id: string,
    format: PixelFormat,
    inputs?: { sigma?: number },
  ): Promise<Pick<Restorer, 'restore'>>;
  /** The execution provider a loaded model runs on (cpu, cuda, tensorrt; `simulated`). */
  providerOf(id: string): string;
  converter(conversion: YuvConversion): Promise<FrameConverter>;
  /**
   * Model `id` (of `kind`, ×`factor`) fused for planar YUV frames of `form`; runs frames
   * whole. Undefined when the model runs slower fused on this worker's providers.
   */
  fused(
    id: string,
    options: { kind: ModelKind; factor?: number; form: PlanarYuvForm },
  ): Promise<FusedModel | undefined>;
  close(): Promise<void>;
}
