// The submit form's restoration controls (deinterlace, inverse telecine, deflicker, denoise,
// deblock: applied in that order, before interpolation and upscaling) and the preview span.
// Choices, ranges, defaults and hints come from the API's schema; models from GET /v1/models.
import type { Model } from '@remaster/sdk/api-types';
import { h } from './dom.js';
import { choice, field, numberInput, select } from './form-controls.js';
import type { FieldRule, JobSchema } from './job-schema.js';
import type { PreviewFormValues, RestoreFormValues } from './restore-form.js';

/** The restoration fieldset; models of kind `restoration` fill its model pickers. */
export function restoreFields(schema: JobSchema, models: readonly Model[]): HTMLElement {
  const rule = (path: string) => schema(`restore.${path}`);
  const part = h(
    'fieldset',
    { 'data-section': 'restore' },
    h('legend', {}, 'Restoration'),
    field(
      'deinterlace',
      'Deinterlace',
      choice('deinterlace', rule('deinterlace')),
      rule('deinterlace').description,
    ),
    field('ivtc', 'Inverse telecine', choice('ivtc', rule('ivtc')), rule('ivtc').description),
    field(
      'deflicker',
      'Deflicker',
      modeSelect('deflicker', rule('deflicker'), ['strength', 'strength…']),
      rule('deflicker').description,
    ),
    field(
      'deflicker-strength',
      'Deflicker strength',
      numberInput('deflicker-strength', rule('deflicker.strength'), { placeholder: '0.8' }),
      rule('deflicker.strength').description,
    ),
    field(
      'denoise',
      'Denoise',
      modeSelect('denoise', rule('denoise'), ['sigma', 'noise σ…']),
      rule('denoise').description,
    ),
    field(
      'denoise-sigma',
      'Noise σ',
      numberInput('denoise-sigma', rule('denoise.strength'), { placeholder: '10' }),
      rule('denoise.strength').description,
    ),
    field(
      'denoise-model',
      'Denoise model',
      modelPicker('denoise-model', models),
      'default: the configured denoise model, else ffmpeg nlmeans',
    ),
    field(
      'deblock',
      'Deblock',
      modeSelect('deblock', rule('deblock'), ['on', 'on']),
      rule('deblock').description,
    ),
    field(
      'deblock-model',
      'Deblock model',
      modelPicker('deblock-model', models),
      'default: the configured deblock model, else ffmpeg spp',
    ),
  );
  // Each setting's own inputs are shown only when they apply.
  const update = () => {
    const mode = (id: string) => part.querySelector<HTMLSelectElement>(`#${id}`)!.value;
    const show = (id: string, shown: boolean) =>
      part.querySelector(`#${id}-field`)!.toggleAttribute('hidden', !shown);
    show('deflicker-strength', mode('deflicker') === 'strength');
    show('denoise-sigma', mode('denoise') === 'sigma');
    show('denoise-model', mode('denoise') !== 'off');
    show('deblock-model', mode('deblock') === 'on');
  };
  part.addEventListener('change', update);
  update();
  return part;
}

/** Reads the controls `restoreFields` made. */
export function readRestoreForm(form: HTMLFormElement): RestoreFormValues {
  const value = (id: string) =>
    form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)?.value ?? '';
  return {
    deinterlace: value('deinterlace'),
    ivtc: value('ivtc'),
    deflicker: value('deflicker'),
    deflickerStrength: value('deflicker-strength'),
    denoise: value('denoise'),
    denoiseSigma: value('denoise-sigma'),
    denoiseModel: value('denoise-model'),
    deblock: value('deblock'),
    deblockModel: value('deblock-model'),
  };
}

/** Start and length of the span the Preview button renders (0 and 5 s to begin with). */
export function previewFields(schema: JobSchema): HTMLElement {
  const start = schema('preview.start');
  const seconds = schema('preview.seconds');
  return h(
    'fieldset',
    { 'data-section': 'preview' },
    h('legend', {}, 'Preview'),
    field(
      'preview-start',
      'Preview from (s)',
      numberInput('preview-start', start, { value: '0' }),
      start.description,
    ),
    field(
      'preview-seconds',
      'Preview length (s)',
      numberInput('preview-seconds', seconds, { value: '5' }),
      seconds.description,
    ),
    h(
      'p',
      { class: 'hint wide', id: 'preview-hint' },
      'Preview renders only this span with the same settings and the plan the whole film gets (the same restoration decisions), to check them in seconds.',
    ),
  );
}

export function readPreviewForm(form: HTMLFormElement): PreviewFormValues {
  const value = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '';
  return { start: value('preview-start'), seconds: value('preview-seconds') };
}

/**
 * The schema's values of a setting and one more choice (`[value, text]`) that opens its own
 * input (a strength, a σ) or turns it on; the schema's default is chosen. A schema the page
 * could not read offers the API's default first.
 */
function modeSelect(id: string, rule: FieldRule, extra: [string, string]): HTMLSelectElement {
  const values = rule.values.map(String);
  const options: [string, string][] = [
    ...(values.length === 0 ? [['', 'API default'] as [string, string]] : []),
    ...values.map((v): [string, string] => [v, v]),
    extra,
  ];
  return select(id, options, rule.default);
}

/** The 1x restoration models; the first choice leaves it to the service. */
function modelPicker(id: string, models: readonly Model[]): HTMLSelectElement {
  // `restoration` is the kind of registered 1x denoise/deblock models (GET /v1/models).
  const fitting = models.filter((m) => (m.kind as string) === 'restoration');
  return select(id, [
    ['', 'default (the service picks)'],
    ...fitting.map((m): [string, string] => [m.id, `${m.id}${m.default ? ' (default)' : ''}`]),
  ]);
}
