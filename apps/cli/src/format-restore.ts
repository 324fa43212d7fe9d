import type { Job, RestoreModel, RestoreSummary } from '@remaster/sdk';

/** `  preview  12.0–17.0 s (restored frames 600–849): not the whole film`; nothing otherwise. */
export function previewLine(job: Job): string[] {
  const preview = job.preview;
  if (!preview) return [];
  const end = preview.start + preview.seconds;
  const frames = preview.frames
    ? ` (restored frames ${preview.frames.start}–${preview.frames.end - 1})`
    : '';
  return [
    `  preview  ${preview.start.toFixed(1)}–${end.toFixed(1)} s${frames}: not the whole film`,
  ];
}

/** What the plan found and repairs: fields, frames and rate after it, deflicker, denoise, deblock. */
export function restoreLines(summary: RestoreSummary | undefined): string[] {
  if (!summary) return [];
  const { fields, deflicker, denoise, deblock } = summary;
  const order = fields.order ? ` ${fields.order}` : '';
  const dropped = fields.droppedFrames ? `, ${fields.droppedFrames} frames dropped` : '';
  const action = fields.action === 'none' ? 'no change' : fields.action;
  const lines = [
    `  fields   ${fields.detected}${order} → ${action}${dropped}: ${fields.reason}`,
    `  restored ${summary.frames} frames at ${summary.fps} fps`,
  ];
  if (deflicker)
    lines.push(
      `  deflicker strength ${deflicker.strength}, gains ${deflicker.gainMin.toFixed(3)}–${deflicker.gainMax.toFixed(3)}`,
    );
  if (denoise) {
    const by = denoise.method === 'model' ? model(denoise.model) : 'nlmeans';
    const estimated =
      denoise.estimatedSigma === undefined ? '' : ` (estimated ${denoise.estimatedSigma})`;
    const sigma = denoise.sigma === undefined ? 'σ estimated at plan time' : `σ ${denoise.sigma}`;
    lines.push(`  denoise  ${by}  ${sigma}${estimated}`);
  }
  if (deblock)
    lines.push(
      `  deblock  ${deblock.method === 'model' ? model(deblock.model) : `ffmpeg ${deblock.method}`}`,
    );
  for (const note of summary.notes ?? []) lines.push(`  note     ${note}`);
  return lines;
}

function model(chosen: RestoreModel | undefined): string {
  if (!chosen) return 'model';
  const why = { request: '', default: ' (default)', builtin: ' (built-in)' } as const;
  return `model ${chosen.id}${why[chosen.chosenBy]}`;
}
