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
