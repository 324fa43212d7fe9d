// The restoration and preview parts of the API's requests and answers (written by hand,
// like api-types.ts; `apps/e2e/src/sdk-openapi-contract.test.ts` checks their field names).

/**
 * The `restore` block of a job body: what repairs the source before it is upscaled and
 * retimed, in this order. Every part is optional and has a default.
 */
export interface RestoreSettings {
  /** `auto` (default): when idet finds the source interlaced, one frame per field; `frame`: one per frame; `field`: one per field (25i → 50p); `off`. */
  deinterlace?: 'auto' | 'off' | 'frame' | 'field';
  /** `auto` (default): telecined film (3:2 pulldown) gets its progressive frames back (29.97 → 23.976); `off`. */
  ivtc?: 'auto' | 'off';
  /** Even out frame-to-frame brightness; `off` by default, `auto` is strength 0.8. */
  deflicker?: 'auto' | 'off' | { strength: number };
  /** Remove grain: a learned 1x model (`model`, or the configured default) or ffmpeg nlmeans; `strength` is σ 0–50 (estimated when absent); `off` by default. */
  denoise?: 'auto' | 'off' | { model?: string; strength?: number };
  /** Remove compression blocking: a learned model or ffmpeg deblock; `off` by default. */
  deblock?: 'off' | { model?: string };
}

/** The `preview` of a job body: render only this span of the source, with the whole source's plan. */
export interface PreviewSpan {
  /** Seconds of the source where it starts. */
  start: number;
  /** How long, in seconds (at most 300). */
  seconds: number;
}

/** A preview as a job shows it: the span, and once planned the restored frames it renders. */
export interface JobPreview extends PreviewSpan {
  /** Restored frames [start, end). */
  frames?: { start: number; end: number };
}

/** A model a restoration step runs, and whether the job named it or a default did. */
export interface RestoreModel {
  id: string;
  chosenBy: 'request' | 'default' | 'builtin';
}

/** What the planner found in the source and decided to repair (`job.plan.restore`). */
export interface RestoreSummary {
  fields: {
    /** What ffmpeg idet found over the source. */
    detected: 'progressive' | 'interlaced' | 'telecined' | 'not checked';
    order?: 'tff' | 'bff';
    /** idet's multi-frame counts and repeated fields. */
    idet?: {
      tff: number;
      bff: number;
      progressive: number;
      undetermined: number;
      repeatedTop: number;
      repeatedBottom: number;
    };
    action: 'none' | 'deinterlace frame' | 'deinterlace field' | 'ivtc';
    /** Why, in words. */
    reason: string;
    /** With ivtc: source frames dropped (the repeat of each 3:2 cycle). */
    droppedFrames?: number;
  };
  /** Frames after restoration (what is retimed and upscaled), and their rate. */
  frames: number;
  fps: string;
  /** Per-frame brightness gains planned over the whole source. */
  deflicker?: { strength: number; gainMin: number; gainMax: number };
  denoise?: {
    method: 'model' | 'nlmeans';
    model?: RestoreModel;
    /** Noise σ (0–255 scale) the denoiser is set to (absent before it is estimated), and the estimate. */
    sigma?: number;
    estimatedSigma?: number;
  };
  deblock?: { method: 'model' | 'spp'; model?: RestoreModel };
  /** Anything asked for and not done, and why. */
  notes?: string[];
}

/** Once planned: what the planner decided. */
export interface JobPlan {
  restore?: RestoreSummary;
}

/** One restoration decision of the plan, in words (`report.restoration`). */
export interface RestorationStep {
  step: 'fields' | 'frames' | 'deflicker' | 'denoise' | 'deblock' | 'note';
  decision: string;
}

/** `report.preview`: the span rendered and a note such as "preview of 12.0–17.0 s: not the whole film". */
export interface ReportPreview extends JobPreview {
  note: string;
}
