import type { JobRecord, RestoreSummary } from '@remaster/jobs';
import { restoreSummarySchema } from '@remaster/jobs';
import { z } from 'zod';

/**
 * The restoration parts of a job as the API shows it (DESIGN §10): whether it is a preview
 * and of which span, what the planner decided to repair (`plan.restore`, the record's own
 * schema), and those decisions in words for the report.
 */

export const jobPreviewSchema = z
  .object({
    start: z.number().describe('Where the preview starts, in seconds of the source'),
    seconds: z.number().describe('How long it is, in seconds'),
    frames: z
      .object({ start: z.number(), end: z.number() })
      .optional()
      .describe('Once planned: the restored frames it renders, [start, end)'),
  })
  .describe(
    'Set on a preview: only this span is rendered, with the plan the whole source gets (the same restoration decisions, gains and models); the output is not the whole film',
  );

export const jobPlanSchema = z
  .object({
    restore: restoreSummarySchema
      .optional()
      .describe(
        'What the planner found in the source (interlacing, telecine, noise) and the restoration it runs, with the reasons',
      ),
  })
  .describe('Once planned: what the planner decided');

export const restorationStepSchema = z.object({
  step: z.enum(['fields', 'frames', 'deflicker', 'denoise', 'deblock', 'note']),
  decision: z.string().describe('What the plan does, and why, in words'),
});

export const reportPreviewSchema = jobPreviewSchema.extend({
  note: z.string().describe('e.g. "preview of 12.0–17.0 s: not the whole film"'),
});

type JobPreview = z.infer<typeof jobPreviewSchema>;
type JobPlan = z.infer<typeof jobPlanSchema>;
type RestorationStep = z.infer<typeof restorationStepSchema>;
type ReportPreview = z.infer<typeof reportPreviewSchema>;

/** The preview's span: the plan's once planned (with its frames), the request's before. */
export function toJobPreview(record: JobRecord): JobPreview | undefined {
  const planned = record.plan?.preview;
  if (planned)
    return {
      start: planned.start,
      seconds: planned.seconds,
      frames: { start: planned.frames.start, end: planned.frames.end },
    };
  const asked = record.request.preview;
  return asked && { start: asked.start, seconds: asked.seconds };
}

/** The plan's decisions as the response shows them; absent before planning. */
export function toJobPlan(record: JobRecord): JobPlan | undefined {
  if (!record.plan) return undefined;
  return record.plan.restore ? { restore: record.plan.restore } : {};
}

/** `preview of 12.0–17.0 s: not the whole film`, with the span. */
export function toReportPreview(record: JobRecord): ReportPreview | undefined {
  const preview = toJobPreview(record);
  if (!preview) return undefined;
  const end = preview.start + preview.seconds;
  const note = `preview of ${preview.start.toFixed(1)}–${end.toFixed(1)} s: not the whole film`;
  return { ...preview, note };
}

const WHY = { request: 'as asked', default: 'the default', builtin: 'built-in' } as const;

/** Each restoration decision of the plan in words; the steps that do not run are left out. */
export function restorationSteps(summary: RestoreSummary | undefined): RestorationStep[] {
  if (!summary) return [];
  const { fields, deflicker, denoise, deblock } = summary;
  const action = fields.action === 'none' ? 'no change' : fields.action;
  const dropped = fields.droppedFrames ? ` (${fields.droppedFrames} source frames dropped)` : '';
  const steps: RestorationStep[] = [
    { step: 'fields', decision: `${action}${dropped} — ${fields.reason}` },
    {
      step: 'frames',
      decision: `${summary.frames} frames at ${summary.fps} fps after restoration`,
    },
  ];
  if (deflicker)
    steps.push({
      step: 'deflicker',
      decision: `strength ${deflicker.strength}: gains ${deflicker.gainMin.toFixed(3)}–${deflicker.gainMax.toFixed(3)}`,
    });
  if (denoise) {
    const by = denoise.method === 'model' ? modelText(denoise.model) : 'ffmpeg nlmeans';
    const estimated =
      denoise.estimatedSigma === undefined ? '' : ` (estimated σ ${denoise.estimatedSigma})`;
    // A quote's plan has no σ before the source's noise is estimated.
    const sigma: number | undefined = denoise.sigma;
    const at = sigma === undefined ? ', σ estimated at plan time' : ` at σ ${sigma}`;
    steps.push({ step: 'denoise', decision: `${by}${at}${estimated}` });
  }
  if (deblock) {
    const by = deblock.method === 'model' ? modelText(deblock.model) : `ffmpeg ${deblock.method}`;
    steps.push({ step: 'deblock', decision: by });
  }
  for (const note of summary.notes ?? []) steps.push({ step: 'note', decision: note });
  return steps;
}

function modelText(model: { id: string; chosenBy: keyof typeof WHY } | undefined): string {
  return model ? `model ${model.id} (${WHY[model.chosenBy]})` : 'a model';
}
