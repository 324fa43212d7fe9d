// Per-pipeline throughput that workers measure on the chunks they render and publish in their
// heartbeats; quotes (POST /v1/quotes) predict render time from it.

/** A worker's measured speed on chunks of one pipeline (the models a chunk runs). */
export interface PipelineThroughput {
  /** {@link pipelineKey} of the chunk's models, e.g. `sr:bicubic-x2+vfi:blend`. */
  readonly pipeline: string;
  /** Output pixels (frames × width × height) per second of chunk wall time, a moving average. */
  readonly outputPixelsPerSecond: number;
  /** Chunks the average is made of. */
  readonly chunks: number;
}

/** The models a chunk runs, as one key: `sr:<id>`, `vfi:<id>`, both joined by `+`, or `copy`. */
export function pipelineKey(models: { upscale?: string; interpolate?: string }): string {
  const parts = [
    ...(models.upscale ? [`sr:${models.upscale}`] : []),
    ...(models.interpolate ? [`vfi:${models.interpolate}`] : []),
  ];
  return parts.length > 0 ? parts.join('+') : 'copy';
}

/**
 * One model's speed, measured by a worker at start-up on two small frame sizes: a run
 * takes `baseSeconds + secondsPerOutputPixel × output pixels` on one slot.
 */
export interface ModelSpeed {
  readonly id: string;
  readonly kind: 'sr' | 'vfi';
  readonly baseSeconds: number;
  readonly secondsPerOutputPixel: number;
}

/**
 * What a worker measures when it starts, before its first chunk: its default models on a
 * small frame, and ffmpeg's cost (a process start, and encoding per output pixel). Quotes
 * price a pipeline nobody has rendered yet from these.
 */
export interface WorkerCalibration {
  /** The source frame sizes the models ran on. */
  readonly frames: ReadonlyArray<{ readonly width: number; readonly height: number }>;
  readonly models: readonly ModelSpeed[];
  /** Output pixels per second ffmpeg decodes and encodes (libx264 at the default CRF). */
  readonly codecPixelsPerSecond: number;
  /** What a chunk costs whatever its size: two ffmpeg starts, the segment's upload. */
  readonly chunkOverheadSeconds: number;
}
