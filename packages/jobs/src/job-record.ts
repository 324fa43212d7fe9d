import type { JobRequest } from './job-request.js';
import type { JobStatus } from './job-status.js';
import type { ChosenModel } from './model-catalog.js';
import type { RestoreSummary } from './restore-summary.js';

/** What ffprobe said about the input. */
export interface SourceSummary {
  readonly width: number;
  readonly height: number;
  /** Rational as text, e.g. `30000/1001`. */
  readonly fps: string;
  readonly frames: number;
  readonly durationSeconds: number;
  readonly hasAudio: boolean;
  readonly videoCodec: string;
  /** ffprobe's pix_fmt, e.g. `yuv420p10le`; absent in records planned before it was kept. */
  readonly pixelFormat?: string;
  /** Bits per sample of the source, from its pixel format. */
  readonly bitDepth?: number;
  /** First frames of new scenes (when interpolating), at most the first 1000. */
  readonly sceneCuts?: readonly number[];
  /** Set when the source was turned into a constant-rate intermediate first, and why. */
  readonly normalised?: { readonly reason: string; readonly fps: string };
  /** With `interpolate.dedupe`: how many source frames repeat the one before, and the first 1000. */
  readonly repeatedFrames?: { readonly count: number; readonly first: readonly number[] };
  /**
   * Index entries or timeline slots that hold no frame in a whole file (AVI drop chunks,
   * timestamp gaps): the constant-rate intermediate holds the frame before. Absent: none.
   */
  readonly emptyIndexEntries?: number;
  /** What the decoder said during the planner's sequential decode (how many lines, the first 10). */
  readonly decoderMessages?: { readonly count: number; readonly first: readonly string[] };
}

/** What the planner decided. */
export interface PlanSummary {
  readonly chunksTotal: number;
  readonly framesTotal: number;
  readonly width: number;
  readonly height: number;
  readonly fps: string;
  /** Bits per sample of the encoded output; absent in records planned before it was kept (8). */
  readonly bitDepth?: 8 | 10;
  /** The models the plan runs, per operation, and whether the job named them or a default did. */
  readonly models?: PlanModels;
  /** What the source's restoration found and does; absent in records planned before it existed. */
  readonly restore?: RestoreSummary;
  /** Set on a preview: the span of the source rendered, in seconds, and its restored frames. */
  readonly preview?: {
    readonly start: number;
    readonly seconds: number;
    readonly frames: { readonly start: number; readonly end: number };
  };
  /**
   * What the quote of this plan predicted when it was made (the fleet's figures then):
   * the ETA leans on it until enough frames are rendered to measure. Absent with no worker.
   */
  readonly predicted?: {
    readonly renderSeconds: number;
    readonly stitchSeconds: number;
    readonly basis: 'measured' | 'calibrated' | 'estimate';
  };
}

/** The model chosen for each operation a job runs (absent: the operation does not run). */
export interface PlanModels {
  readonly upscale?: ChosenModel;
  readonly interpolate?: ChosenModel;
}

/** The finished output object. */
export interface OutputSummary {
  readonly key: string;
  readonly container: string;
  readonly width: number;
  readonly height: number;
  readonly fps: string;
  readonly frames: number;
  readonly durationSeconds: number;
  readonly sizeBytes: number;
  /** As probed in the stitched file, e.g. yuv420p10le; absent in records of older stitchers. */
  readonly pixelFormat?: string;
  readonly bitDepth?: number;
  /** Before/after stills taken by the stitcher; absent when none could be taken. */
  readonly stills?: readonly StillRecord[];
}

/** One still of the source and of the output at the same instant (jobs/<id>/stills/). */
export interface StillRecord {
  readonly outputFrame: number;
  /** The source frame shown beside it: the one copied, or the nearer of the two blended. */
  readonly sourceFrame: number;
  /** Time of the output frame, in seconds from the start. */
  readonly seconds: number;
  readonly kind: 'copied' | 'interpolated';
  /** For an interpolated frame: source frames a → b at timestep t (0 < t < 1). */
  readonly interpolatedFrom?: { readonly a: number; readonly b: number; readonly t: number };
  readonly sourceKey: string;
  readonly outputKey: string;
  /**
   * With restoration: the restored frame shown (what the models were given) and its JPEG,
   * written by the worker that rendered it, beside the raw source's.
   */
  readonly restoredFrame?: number;
  readonly restoredKey?: string;
}

/** What one chunk's worker did, recorded with the chunk's completion. */
export interface ChunkReport {
  readonly index: number;
  readonly framesCopied: number;
  readonly framesInterpolated: number;
  /** The models that ran and the execution provider each actually ran on. */
  readonly models: readonly ModelRun[];
  /** Wall time of the chunk's render (decode, models, encode, count check). */
  readonly renderSeconds: number;
  /** Source frames checked against the planner's digests (absent: payload without digests). */
  readonly framesVerified?: number;
  /**
   * Set when a decode from the chunk's own start was not clean: the frame the accepted
   * decode started from, and how many decodes it took.
   */
  readonly redecoded?: { readonly from: number; readonly attempts: number };
}

export interface ModelRun {
  readonly id: string;
  readonly kind: 'sr' | 'vfi';
  /** e.g. cpu, cuda, tensorrt (as onnxruntime reported it), or simulated. */
  readonly provider: string;
}

export interface JobError {
  readonly code: string;
  readonly message: string;
}

export interface JobRecord {
  readonly id: string;
  readonly tenant: string;
  readonly status: JobStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly request: JobRequest;
  readonly source?: SourceSummary;
  readonly plan?: PlanSummary;
  readonly output?: OutputSummary;
  readonly error?: JobError;
  /** When planning began (its last attempt). */
  readonly planningAt?: string;
  /** When rendering began (the plan was recorded). */
  readonly startedAt?: string;
  /** When stitching began (its last attempt). */
  readonly stitchingAt?: string;
  /** When the job completed, failed or was canceled. */
  readonly endedAt?: string;
  /** Per-chunk reports of the chunks done, by index. */
  readonly chunkReports?: readonly ChunkReport[];
  readonly progress: JobProgress;
}

/** A chunk that is rendering or done; chunks not listed are pending. */
export interface ChunkProgress {
  readonly index: number;
  readonly state: 'rendering' | 'done';
  readonly framesDone: number;
}

export interface JobProgress {
  readonly chunksDone: number;
  /** Output frames rendered, counting those of chunks still rendering. */
  readonly framesDone: number;
  readonly chunks: readonly ChunkProgress[];
}
