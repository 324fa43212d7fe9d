// The job page's restoration: the settings asked for, and once planned what the planner
// found in the source and repairs (`plan.restore`), with its reasons.
import type { Job, RestoreModel, RestoreSettings, RestoreSummary } from '@remaster/sdk/api-types';
import { h, replace } from './dom.js';
import { formatRate } from './format.js';
import { facts } from './widgets.js';

const CHOSEN_BY: Record<RestoreModel['chosenBy'], string> = {
  request: 'as chosen',
  default: "this service's default",
  builtin: 'built-in',
};

export function showRestoration(section: HTMLElement, job: Job): void {
  const summary = job.plan?.restore;
  if (!summary && !job.restore) return replace(section);
  replace(
    section,
    h('h2', { id: 'restoration-title' }, 'Restoration'),
    job.restore && h('p', { id: 'restore-settings' }, `Settings: ${describeSettings(job.restore)}`),
    summary
      ? planned(summary)
      : h('p', { class: 'hint' }, 'What the source needs is decided when the job is planned.'),
  );
}

function planned(summary: RestoreSummary): HTMLElement {
  const { fields, deflicker, denoise, deblock } = summary;
  const idet = fields.idet;
  const list = facts([
    ['Fields found', `${fields.detected}${fields.order ? ` (${fields.order})` : ''}`],
    [
      'idet counts',
      idet &&
        `${idet.tff} tff, ${idet.bff} bff, ${idet.progressive} progressive, ${idet.undetermined} undetermined; repeated fields ${idet.repeatedTop} top, ${idet.repeatedBottom} bottom`,
    ],
    ['Fields action', fields.action === 'none' ? 'no change' : fields.action],
    ['Why', fields.reason],
    ['Frames dropped', fields.droppedFrames],
    ['After restoration', `${summary.frames} frames at ${formatRate(summary.fps)} fps`],
    [
      'Deflicker',
      deflicker &&
        `strength ${deflicker.strength}, gains ${deflicker.gainMin.toFixed(3)}–${deflicker.gainMax.toFixed(3)}`,
    ],
    ['Denoise', denoise && describeDenoise(denoise)],
    [
      'Deblock',
      deblock &&
        (deblock.method === 'model' ? modelText(deblock.model) : `ffmpeg ${deblock.method}`),
    ],
  ]);
  list.id = 'restore-plan';
  const notes = summary.notes ?? [];
  return h(
    'div',
    {},
    list,
    notes.length > 0 &&
      h('ul', { id: 'restore-notes', class: 'warning' }, ...notes.map((n) => h('li', {}, n))),
  );
}

function describeDenoise(denoise: NonNullable<RestoreSummary['denoise']>): string {
  const by = denoise.method === 'model' ? modelText(denoise.model) : 'ffmpeg nlmeans';
  const sigma = denoise.sigma === undefined ? 'σ estimated at plan time' : `σ ${denoise.sigma}`;
  const estimated =
    denoise.estimatedSigma === undefined ? '' : ` (estimated ${denoise.estimatedSigma})`;
  return `${by}, ${sigma}${estimated}`;
}

function modelText(model: RestoreModel | undefined): string {
  return model ? `model ${model.id} (${CHOSEN_BY[model.chosenBy]})` : 'a model';
}

/** `deinterlace auto · ivtc auto · deflicker strength 0.5 · denoise σ 12 · deblock off` */
export function describeSettings(restore: RestoreSettings): string {
  const part = (value: unknown, strengthIs = 'strength '): string => {
    if (typeof value === 'string') return value;
    if (typeof value !== 'object' || value === null) return 'default';
    const { strength, model } = value as { strength?: number; model?: string };
    const words = [strength !== undefined && `${strengthIs}${strength}`, model && `model ${model}`];
    return words.filter(Boolean).join(', ') || 'on';
  };
  return [
    `deinterlace ${part(restore.deinterlace)}`,
    `ivtc ${part(restore.ivtc)}`,
    `deflicker ${part(restore.deflicker)}`,
    `denoise ${part(restore.denoise, 'σ ')}`,
    `deblock ${part(restore.deblock)}`,
  ].join(' · ');
}
