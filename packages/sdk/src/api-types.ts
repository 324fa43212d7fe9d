// Shapes of the Remaster API's requests and answers. Written by hand to stay readable;
// `apps/e2e/src/sdk-openapi-contract.test.ts` checks their field names against the served OpenAPI document.

import type {
  JobPlan,
  JobPreview,
  PreviewSpan,
  ReportPreview,
  RestorationStep,
  RestoreSettings,
  RestoreSummary,
} from './restore-types.js';

export type {
  JobPlan,
  JobPreview,
  PreviewSpan,
  ReportPreview,
  RestorationStep,
  RestoreModel,
  RestoreSettings,
  RestoreSummary,
} from './restore-types.js';

export type JobStatus =
  'queued' | 'planning' | 'processing' | 'stitching' | 'completed' | 'failed' | 'canceled';

/** Statuses a job never leaves. */
export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'canceled'];

/** True when the job will not change any more. */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** A frame rate or factor: `60`, `2.5` or a fraction such as `"30000/1001"`. */
export type Rate = number | string;

export type WebhookEventType = 'job.completed' | 'job.failed' | 'job.canceled' | 'job.progress';

/**
 * The body of `POST /v1/jobs`. At least one of `upscale`, `interpolate` and a `restore`
 * that asks for work (deinterlace `frame` or `field`, deflicker, denoise or deblock).
 */
export interface JobRequest {
  input: { url: string };
  /** Exactly one of `factor` and `height`. */
  upscale?: { factor?: 2 | 4; height?: number; model?: string };
  /** Exactly one of `fps` and `factor`. */
  interpolate?: {
    fps?: Rate;
    factor?: Rate;
    model?: string;
    sceneThreshold?: number;
    /** Treat repeated source frames (old film padding) as missing; false by default. */
    dedupe?: boolean;
    /** With dedupe: the largest difference to the previous frame (scdet mafd, %) that repeats it; 0.06. */
    dedupeThreshold?: number;
  };
  output?: {
    codec?: 'h264' | 'hevc' | 'av1';
    crf?: number;
    container?: 'mp4' | 'mkv' | 'webm';
    /** 10 by default for sources above 8 bits, else 8. */
    bitDepth?: 8 | 10;
  };
  /** Repair the source before it is upscaled and retimed. */
  restore?: RestoreSettings;
  /** Render only this span, to check the settings in seconds. */
  preview?: PreviewSpan;
  chunk?: { frames: number };
  webhook?: { url: string; events?: WebhookEventType[] };
}

/** The body of `POST /v1/jobs/check`: a job body whose input may be left out (not uploaded yet). */
export type JobCheckRequest = Omit<JobRequest, 'input'> & { input?: JobRequest['input'] };

/**
 * The answer of `POST /v1/jobs/check` when a submit would be accepted: the models the job
 * would run (an `upscale.height` with no model is left out: the factor depends on the
 * source). Anything a submit would refuse is thrown as the same error.
 */
export interface JobCheck {
  ok: true;
  models: JobModels;
}

export interface JobProgress {
  /** 0–100; rendering counts for 95, stitching for the rest. */
  percent: number;
  framesDone: number;
  framesTotal?: number;
  chunksDone: number;
  chunksTotal?: number;
  /** Output frames per second, measured by the server. */
  fps?: number;
  /** Seconds until the job completes: the plan's prediction less the time spent, weighed against the measured rate as frames are done. */
  etaSeconds?: number;
  /** Every chunk of the plan and its state. */
  chunks?: ChunkProgress[];
}

export interface ChunkProgress {
  index: number;
  state: 'pending' | 'rendering' | 'done';
  framesDone: number;
}

export interface JobSource {
  width: number;
  height: number;
  fps: string;
  frames: number;
  durationSeconds: number;
  hasAudio: boolean;
  /** ffprobe's pix_fmt, e.g. `yuv420p10le`. */
  pixelFormat?: string;
  /** Bits per sample of the source. */
  bitDepth?: number;
  normalised?: { reason: string; fps: string };
  sceneCuts?: number[];
  /** With `interpolate.dedupe`: how many frames repeat the one before, and the first 1000. */
  repeatedFrames?: { count: number; first: number[] };
  /** Index entries or timestamp slots of a whole file that hold no frame (AVI drop chunks, gaps). */
  emptyIndexEntries?: number;
  /** What the decoder said while the planner decoded the source from its start. */
  decoderMessages?: { count: number; first: string[] };
}

export interface JobOutput {
  /** Presigned GET URL: download it with no further auth before it expires. */
  url: string;
  urlExpiresAt: string;
  container: string;
  width: number;
  height: number;
  fps: string;
  frames: number;
  durationSeconds: number;
  sizeBytes: number;
  /** As probed in the output, e.g. yuv420p10le. */
  pixelFormat?: string;
  /** Bits per sample of the output video: 8 or 10. */
  bitDepth?: number;
}

/** A model the plan runs: the job's own (`request`), a configured default, or the built-in. */
export interface ChosenModel {
  id: string;
  chosenBy: 'request' | 'default' | 'builtin';
}

export interface JobModels {
  upscale?: ChosenModel;
  interpolate?: ChosenModel;
}

export interface ErrorBody {
  code: string;
  message: string;
}

/** A job as the API answers it. */
export interface Job {
  id: string;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  input: { url: string };
  upscale?: { factor?: number; height?: number; model?: string };
  interpolate?: { fps?: Rate; factor?: Rate; model?: string; dedupe?: boolean };
  /** The restoration settings, every default filled in (absent on jobs from before restoration). */
  restore?: Required<RestoreSettings>;
  /** Set on a preview: only this span is rendered; the output is not the whole film. */
  preview?: JobPreview;
  source?: JobSource;
  /** Once planned: the model each operation runs, and why that one. */
  models?: JobModels;
  /** Once planned: what the planner decided (`plan.restore`: what restoration runs, and why). */
  plan?: JobPlan;
  progress: JobProgress;
  output?: JobOutput;
  error?: ErrorBody;
  /** Set while the job waits for a role no process runs (e.g. no worker): start one. */
  waitingFor?: { role: string; queue: string; message: string };
  webhook?: { url: string; events?: WebhookEventType[] };
  /** What the service found and did, once the job is planned. */
  report?: JobReport;
  /** Before/after stills and the source, once the job completed. */
  comparison?: JobComparison;
}

/** A model that ran and the execution provider it actually ran on, as the worker recorded it. */
export interface ModelRun {
  id: string;
  kind: 'sr' | 'vfi';
  /** e.g. `cpu`, `cuda`, `tensorrt`. */
  provider: string;
}

/** The restoration report of a job (totals over the chunks done so far). */
export interface JobReport {
  /** Set on a preview: the span rendered. */
  preview?: ReportPreview;
  /** The plan's restoration decisions in words; empty without restoration. */
  restoration: RestorationStep[];
  /** First source frame of each new scene and its time in seconds. */
  sceneCuts: { frame: number; seconds: number }[];
  frames: { copied: number; interpolated: number };
  /** Source frames the workers checked against the planner's sequential decode. */
  framesVerified: number;
  /** Each model and provider that ran, and in how many chunks. */
  models: (ModelRun & { chunks: number })[];
  /** Output frames per second over the render phase, once it ended. */
  renderFps?: number;
  /** Wall time of each phase that has ended. */
  phases: { planSeconds?: number; renderSeconds?: number; stitchSeconds?: number };
  chunks: ChunkReport[];
}

/** What one chunk ran (the last attempt of a retried chunk). */
export interface ChunkReport {
  index: number;
  framesCopied: number;
  framesInterpolated: number;
  renderSeconds: number;
  models: ModelRun[];
  /** Source frames checked against the planner's sequential decode. */
  framesVerified?: number;
  /** Set when a decode from the chunk's start was not clean: where the accepted one began. */
  redecoded?: { from: number; attempts: number };
}

/** Stills of the source and the output at the same instants, and the source video. */
export interface JobComparison {
  /** The source for a side-by-side player: an http(s) input as given, or your own upload presigned. */
  sourceUrl?: string;
  stills: Still[];
}

export interface Still {
  /** Time of the output frame. */
  seconds: number;
  outputFrame: number;
  /** The source frame copied, or the nearer of the two blended. */
  sourceFrame: number;
  kind: 'copied' | 'interpolated';
  /** Source frames a → b and the timestep t that made an interpolated frame. */
  interpolatedFrom?: { a: number; b: number; t: number };
  /** Presigned JPEGs. */
  sourceUrl: string;
  outputUrl: string;
  /** With restoration: the restored frame shown (what the models were given) and its JPEG. */
  restoredFrame?: number;
  restoredUrl?: string;
}

export interface ListQuery {
  status?: JobStatus;
  /** 1–100, 20 by default. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface JobList {
  items: Job[];
  /** Absent on the last page. */
  nextCursor?: string;
}

export interface UploadResult {
  /** `s3://` URL to use as `input.url`. */
  url: string;
  sizeBytes: number;
}

/** A model a job may name in `upscale.model` or `interpolate.model`. */
export interface Model {
  id: string;
  /** `sr`: super-resolution; `vfi`: frame interpolation; `restoration`: 1x denoise or deblock. */
  kind: 'sr' | 'vfi' | 'restoration';
  /** Upscale factor; 1 for interpolation and restoration. */
  scale: number;
  source: 'builtin' | 'file' | 'url';
  sha256?: string;
  padMultiple: number;
  dtype: 'float32' | 'float16' | 'uint8';
  licence: string;
  layout: 'nchw' | 'rgb24';
  description?: string;
  /** A restoration model's task: what a job naming no model gets it for. */
  task?: 'denoise' | 'deblock';
  /** A restoration model's strength input (FFDNet's `sigma`), fed from `restore.denoise.strength`. */
  strengthInput?: string;
  /** Jobs that name no model of this kind (and scale, or task) get this one. */
  default?: boolean;
}

/** The tenant's signing secret; after a rotation the old one also signs until it expires. */
export interface WebhookSecret {
  /** `whsec_…`: pass it to `verifyWebhook`. */
  secret: string;
  previousSecret?: string;
  previousExpiresAt?: string;
}

/** One delivery attempt of a webhook event. */
export interface WebhookDelivery {
  /** `webhook-id`: the same on every retry of one event. */
  id: string;
  event: WebhookEventType;
  attempt: number;
  at: string;
  url: string;
  statusCode?: number;
  durationMs: number;
  error?: string;
  willRetry?: boolean;
}

/** The answer of `POST /v1/quotes`: what a job would produce and take, before it runs. */
export interface Quote {
  /** Output frames, width and height in pixels, and rate. */
  frames: number;
  width: number;
  height: number;
  fps: string;
  chunks: number;
  models: JobModels;
  /** The restoration as far as it is known before a decode (detections happen at plan time). */
  restore: RestoreSummary;
  /** Render seconds summed over all chunks, as one worker slot would spend them. */
  gpuSeconds: number;
  /** Submit to completed at the current fleet size; null while no worker is live. */
  wallSeconds: number | null;
  /** The parts of wallSeconds; `basis` of planning and stitching: fitted to recent jobs, or the defaults. */
  phases: {
    planSeconds: number;
    renderSeconds: number | null;
    stitchSeconds: number;
    basis: 'measured' | 'estimate';
  };
  workerSlots: number;
  /** Estimated output file size. */
  outputBytes: number;
  throughput: {
    pipeline: string;
    outputPixelsPerSecond: number;
    /**
     * `measured`: from live workers' chunks of this pipeline (kept across restarts);
     * `calibrated`: from what they measured at start-up; else the documented `estimate`.
     */
    basis: 'measured' | 'calibrated' | 'estimate';
  };
}
