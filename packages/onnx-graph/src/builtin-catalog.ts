// The built-in models as data: what the API, the planner and the job contracts need to
// know of them (id, kind, scale), with no ONNX code (and @remaster/onnx-graph never
// loads onnxruntime, so @remaster/jobs imports it from the package's index).
// builtin-models.ts pairs each entry with the code that writes its graph.

/** The id of a model the project writes itself. */
export type BuiltinModelId = 'bicubic-x2' | 'bicubic-x4' | 'blend' | 'mci';

/**
 * A built-in model: `sr` upscales by `scale`, `vfi` interpolates between two frames (scale 1).
 * `restoration` (1x denoise or deblock) is a kind registered models may have; no built-in is
 * one (the classical ffmpeg filters stand in when none is registered).
 */
export interface BuiltinModelInfo {
  readonly id: BuiltinModelId;
  readonly kind: 'sr' | 'vfi' | 'restoration';
  readonly scale: number;
  readonly description: string;
  /**
   * Working memory of one run per input pixel, in bytes, when it is far below the 1 KiB
   * assumed of learned models: with it a light model runs larger frames whole instead of
   * as tiles blended in JavaScript.
   */
  readonly bytesPerPixel?: number;
}

/** Every built-in model, in the order GET /v1/models lists them. */
export const BUILTIN_MODEL_INFO: readonly BuiltinModelInfo[] = [
  {
    id: 'bicubic-x2',
    kind: 'sr',
    scale: 2,
    description: 'Bicubic 2× upscale (no learned weights); a baseline and test model.',
    // float32 input and its packed-rgb wrap (15 B), 4 output pixels in float32 and uint8 (60 B), twice over
    bytesPerPixel: 128,
  },
  {
    id: 'bicubic-x4',
    kind: 'sr',
    scale: 4,
    description: 'Bicubic 4× upscale (no learned weights); a baseline and test model.',
    // the same for 16 output pixels (240 B), twice over
    bytesPerPixel: 512,
  },
  {
    id: 'blend',
    kind: 'vfi',
    scale: 1,
    description: 'Cross-fade A + (B − A)·t with no motion compensation; a baseline and test model.',
  },
  {
    id: 'mci',
    kind: 'vfi',
    scale: 1,
    description:
      'Motion-compensated interpolation: coarse-to-fine bilateral block matching, GridSample warping and occlusion-aware mixing.',
  },
];
