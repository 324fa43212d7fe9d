// The parts of the API's answers the dashboard reads (the full shapes are in /docs/json
// and @remaster/sdk; the web app does not depend on the SDK to keep the build graph acyclic).

export type JobStatus =
  'queued' | 'planning' | 'processing' | 'stitching' | 'completed' | 'failed' | 'canceled';

export const JOB_STATUSES: readonly JobStatus[] = [
  'queued',
  'planning',
  'processing',
  'stitching',
  'completed',
  'failed',
  'canceled',
];

export function isTerminal(status: JobStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'canceled';
}

export interface ChunkProgress {
  index: number;
  state: 'pending' | 'rendering' | 'done';
  framesDone: number;
}

export interface ReportModel {
  id: string;
  kind: 'sr' | 'vfi';
  provider: string;
  chunks: number;
}

export interface JobReport {
  sceneCuts: { frame: number; seconds: number }[];
  frames: { copied: number; interpolated: number };
  models: ReportModel[];
  renderFps?: number;
  phases: { planSeconds?: number; renderSeconds?: number; stitchSeconds?: number };
}

export interface Still {
  seconds: number;
  outputFrame: number;
  sourceFrame: number;
  kind: 'copied' | 'interpolated';
  interpolatedFrom?: { a: number; b: number; t: number };
  sourceUrl: string;
  outputUrl: string;
}

export interface Job {
  id: string;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  input: { url: string };
  upscale?: { factor?: number; height?: number; model?: string };
  interpolate?: {
    fps?: number | string;
    factor?: number | string;
    model?: string;
    dedupe?: boolean;
  };
  source?: { width: number; height: number; fps: string; frames: number; durationSeconds: number };
  progress: {
    percent: number;
    framesDone: number;
    framesTotal?: number;
    chunksDone: number;
    chunksTotal?: number;
    fps?: number;
    etaSeconds?: number;
    chunks?: ChunkProgress[];
  };
  output?: {
    url: string;
    container: string;
    width: number;
    height: number;
    fps: string;
    frames: number;
    sizeBytes: number;
  };
  error?: { code: string; message: string };
  /** Set while the job waits for a role no process runs (e.g. no worker). */
  waitingFor?: { role: string; queue: string; message: string };
  report?: JobReport;
  comparison?: { sourceUrl?: string; stills: Still[] };
}

export interface Model {
  id: string;
  kind: 'sr' | 'vfi';
  scale: number;
  description?: string;
  /** The one jobs get when they name no model of this kind (and scale). */
  default?: boolean;
}

export interface WebhookDelivery {
  id: string;
  event: string;
  attempt: number;
  at: string;
  url: string;
  statusCode?: number;
  durationMs: number;
  error?: string;
  willRetry?: boolean;
}
