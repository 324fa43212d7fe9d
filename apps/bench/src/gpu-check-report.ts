// The pure parts of `npm run gpu-check`: reading `ffmpeg -encoders`, deciding which stage
// bounds the worker, and the printed report. No process, GPU or file is touched here.

/** One timed path of one model at one frame size. */
export interface ModelRow {
  readonly model: string;
  /** e.g. `1280x720`. */
  readonly input: string;
  /** The path: bare onnxruntime, the Upscaler (rgb24) or the fused YUV session. */
  readonly path: 'bare onnxruntime' | 'Upscaler rgb24' | 'fused yuv420p';
  /** Frames per second; undefined when the path did not run (`note` says why). */
  readonly fps?: number;
  /** Frames per second of bare onnxruntime for the same model and input. */
  readonly bareFps?: number;
  /** The provider onnxruntime ran the model on, or why the path did not run. */
  readonly note: string;
}

/** Frames per second of each stage of a chunk measured alone, and of the job's chunks. */
export interface StageFps {
  readonly decode: number;
  readonly model: number;
  readonly encode: number;
}

export type Stage = keyof StageFps;

/** Which stage limits the worker, and how close the whole chunk comes to that stage alone. */
export interface Bound {
  readonly stage: Stage;
  /** The chunk's fps over the bounding stage's fps alone (1: the pipeline hides the rest). */
  readonly efficiency: number;
}

/** The H.264/HEVC/AV1 NVENC encoders `ffmpeg -hide_banner -encoders` lists. */
export function nvencEncoders(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /^\s*V\S*\s+(\w+_nvenc)\s/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/**
 * The stage whose fps alone is lowest bounds a pipelined worker (decode, models and encode
 * run at once, frames streaming through pipes). `chunkFps` is what the job's chunks
 * achieved: frames over their renderSeconds.
 */
export function decideBound(stages: StageFps, chunkFps: number): Bound {
  const order: Stage[] = ['decode', 'model', 'encode'];
  const stage = order.reduce((slowest, next) => (stages[next] < stages[slowest] ? next : slowest));
  return { stage, efficiency: chunkFps / stages[stage] };
}

/** What the GPU check found, for {@link formatGpuReport}. */
export interface GpuReport {
  readonly gpu: string;
  readonly onnxruntime: string;
  readonly provider: string;
  readonly nvenc: readonly string[];
  readonly models: readonly ModelRow[];
  readonly job?: {
    readonly description: string;
    readonly status: string;
    readonly frames: number;
    readonly chunkFps: number;
    readonly stages: StageFps;
    readonly encoder: string;
  };
  readonly seconds: number;
}

const fixed = (value: number | undefined, digits = 2) =>
  value === undefined ? '—' : value.toFixed(digits);

/** The report as printed: a header, the model table (markdown) and the job's bound. */
export function formatGpuReport(report: GpuReport): string {
  const encoders =
    report.nvenc.length > 0
      ? `NVENC present (${report.nvenc.join(', ')}); the worker encodes with libx264`
      : 'no NVENC encoder (an H100 has none): the worker and this check encode with libx264';
  const lines = [
    `GPU            ${report.gpu}`,
    `onnxruntime    ${report.onnxruntime}, ${report.provider}`,
    `encoders       ${encoders}`,
    '',
    '| model | input | path | frames/s | ratio to bare | ran on |',
    '|---|---|---|---:|---:|---|',
    ...report.models.map((row) => {
      const ratio = row.fps !== undefined && row.bareFps ? fixed(row.fps / row.bareFps) : '—';
      return `| ${row.model} | ${row.input} | ${row.path} | ${fixed(row.fps)} | ${ratio} | ${row.note} |`;
    }),
  ];
  const { job } = report;
  if (job) {
    const bound = decideBound(job.stages, job.chunkFps);
    const { decode, model, encode } = job.stages;
    lines.push(
      '',
      `job            ${job.description}: ${job.status}, ${job.frames} frames`,
      `stages alone   decode ${fixed(decode, 1)} fps, model ${fixed(model, 1)} fps, encode (${job.encoder}) ${fixed(encode, 1)} fps`,
      `chunks         ${fixed(job.chunkFps, 1)} fps (frames / renderSeconds of the chunk reports)`,
      `bound by       ${bound.stage} (chunks reach ${(100 * bound.efficiency).toFixed(0)} % of ${bound.stage} alone)`,
    );
  }
  lines.push('', `gpu-check took ${report.seconds.toFixed(0)} s`);
  return lines.join('\n');
}
