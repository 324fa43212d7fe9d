import type { Job, JobReport, Model, Quote } from '@remaster/sdk';
import { previewLine, restoreLines } from './format-restore.js';

/** A few lines a person reads: status, source, output or error. */
export function formatJob(job: Job): string {
  const lines = [`${job.id}  ${job.status}  ${Math.floor(job.progress.percent)}%`];
  lines.push(`  input    ${job.input.url}`, ...previewLine(job));
  const { source, output, error } = job;
  if (source)
    lines.push(
      `  source   ${source.width}x${source.height}  ${source.fps} fps  ${source.frames} frames  ${source.durationSeconds.toFixed(2)} s${depth(source.bitDepth)}${source.hasAudio ? '  audio' : ''}${source.repeatedFrames ? `  ${source.repeatedFrames.count} repeated` : ''}${source.emptyIndexEntries ? `  ${source.emptyIndexEntries} empty index entries (held)` : ''}`,
    );
  lines.push(...restoreLines(job.plan?.restore));
  const models = modelLine(job);
  if (models) lines.push(`  models   ${models}`);
  const { framesDone, framesTotal, chunksDone, chunksTotal } = job.progress;
  if (framesTotal !== undefined)
    lines.push(
      `  progress frames ${framesDone}/${framesTotal}  chunks ${chunksDone}/${chunksTotal ?? '?'}`,
    );
  if (output) {
    lines.push(
      `  output   ${output.width}x${output.height}  ${output.fps} fps  ${output.frames} frames${depth(output.bitDepth)}  ${output.container}  ${bytes(output.sizeBytes)}`,
    );
    lines.push(`  url      ${output.url}`, `           (expires ${output.urlExpiresAt})`);
  }
  if (error) lines.push(`  error    ${error.code}: ${error.message}`);
  if (job.report) lines.push(...reportLines(job.report));
  const stills = job.comparison?.stills.length;
  if (stills) lines.push(`  stills   ${stills} before/after pairs (--json for their URLs)`);
  return lines.join('\n');
}

/** The restoration report: what ran where, what was made, how long each phase took. */
function reportLines(report: JobReport): string[] {
  const lines: string[] = [];
  const { copied, interpolated } = report.frames;
  if (copied + interpolated > 0)
    lines.push(
      `  frames   ${copied} copied  ${interpolated} interpolated${report.framesVerified > 0 ? `  ${report.framesVerified} source frames verified` : ''}`,
    );
  if (report.models.length > 0)
    lines.push(
      `  ran      ${report.models.map((m) => `${m.id} (${m.kind}) on ${m.provider}`).join(', ')}`,
    );
  const cuts = report.sceneCuts;
  if (cuts.length > 0)
    lines.push(`  cuts     ${cuts.map((c) => `${c.seconds.toFixed(2)} s`).join(', ')}`);
  const { planSeconds, renderSeconds, stitchSeconds } = report.phases;
  const phases = [
    planSeconds !== undefined && `plan ${planSeconds.toFixed(2)} s`,
    renderSeconds !== undefined && `render ${renderSeconds.toFixed(2)} s`,
    stitchSeconds !== undefined && `stitch ${stitchSeconds.toFixed(2)} s`,
    report.renderFps !== undefined && `${report.renderFps} fps`,
  ].filter(Boolean);
  if (phases.length > 0) lines.push(`  time     ${phases.join('  ')}`);
  return lines;
}

/** `upscale realesr-x4 (default)  interpolate mci (built-in)`; empty before planning. */
function modelLine(job: Job): string {
  const why = { request: '', default: ' (default)', builtin: ' (built-in)' } as const;
  return (['upscale', 'interpolate'] as const)
    .flatMap((operation) => {
      const chosen = job.models?.[operation];
      return chosen ? [`${operation} ${chosen.id}${why[chosen.chosenBy]}`] : [];
    })
    .join('  ');
}

/** `  10-bit` for video deeper than 8 bits; nothing for 8-bit (the usual case) or unknown. */
function depth(bitDepth: number | undefined): string {
  return bitDepth !== undefined && bitDepth > 8 ? `  ${bitDepth}-bit` : '';
}

/** One row per job, newest first. */
export function formatJobTable(jobs: readonly Job[]): string {
  if (jobs.length === 0) return 'no jobs';
  return table(
    ['ID', 'STATUS', 'DONE', 'CREATED', 'INPUT'],
    jobs.map((job) => [
      job.id,
      job.status,
      `${Math.floor(job.progress.percent)}%`,
      job.createdAt,
      job.input.url,
    ]),
  );
}

export function formatModelTable(models: readonly Model[]): string {
  return table(
    ['ID', 'KIND', 'SCALE', 'SOURCE', 'DEFAULT', 'DESCRIPTION'],
    models.map((m) => [
      m.id,
      m.kind,
      String(m.scale),
      m.source,
      m.default ? 'yes' : '',
      m.description ?? '',
    ]),
  );
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 ** 2) return `${(size / 1024).toFixed(1)} kB`;
  if (size < 1024 ** 3) return `${(size / 1024 ** 2).toFixed(1)} MB`;
  return `${(size / 1024 ** 3).toFixed(2)} GB`;
}

/** A quote in a few lines: what the job would make, and what it would take. */
export function formatQuote(quote: Quote): string {
  const { throughput } = quote;
  const wall =
    quote.wallSeconds === null
      ? 'no worker is live'
      : `${quote.wallSeconds.toFixed(1)} s on ${quote.workerSlots} worker slot(s)`;
  return [
    `output   ${quote.width}x${quote.height}  ${quote.fps} fps  ${quote.frames} frames  ${quote.chunks} chunks  ~${bytes(quote.outputBytes)}`,
    `time     ${wall}; ${quote.gpuSeconds.toFixed(1)} GPU-seconds`,
    `speed    ${(throughput.outputPixelsPerSecond / 1e6).toFixed(2)} Mpx/s for ${throughput.pipeline} (${throughput.basis})`,
  ].join('\n');
}
