// The submit form's controls. Choices, ranges, defaults and the longer hints come from
// the API's schema (job-schema.ts); models from GET /v1/models. The common case (a source,
// its restoration, a rate, maybe an upscale) is on top; the rest is folded into "Advanced
// options".
import type { Model } from '@remaster/sdk/api-types';
import { h } from './dom.js';
import { check, choice, field, numberInput, radio, select } from './form-controls.js';
import type { JobFormValues } from './job-form.js';
import type { JobSchema } from './job-schema.js';
import { readRestoreForm, restoreFields } from './restore-form-fields.js';

/** The form's fields; `models` fills the model pickers (filtered by kind and scale). */
export function jobFormFields(schema: JobSchema, models: readonly Model[]): HTMLElement[] {
  return [
    sourceFields(schema),
    restoreFields(schema, models),
    interpolateFields(schema),
    upscaleFields(schema),
    advancedFields(schema),
  ].map((part) => wire(part, models));
}

/** Reads the controls `jobFormFields` made. */
export function readJobForm(form: HTMLFormElement): JobFormValues {
  const value = (id: string) =>
    form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)?.value ?? '';
  const checked = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)?.checked ?? false;
  return {
    interpolate: checked('interpolate'),
    interpolateMode: value('interpolate-mode') === 'factor' ? 'factor' : 'fps',
    interpolateValue: value('interpolate-value'),
    interpolateModel: value('interpolate-model'),
    sceneThreshold: value('scene-threshold'),
    dedupe: checked('dedupe'),
    dedupeThreshold: value('dedupe-threshold'),
    upscale: checked('upscale'),
    upscaleMode: value('upscale-mode') === 'height' ? 'height' : 'factor',
    upscaleFactor: value('upscale-factor'),
    upscaleHeight: value('upscale-height'),
    upscaleModel: value('upscale-model'),
    codec: value('codec'),
    crf: value('crf'),
    container: value('container'),
    bitDepth: value('bit-depth'),
    chunkFrames: value('chunk-frames'),
    webhookUrl: value('webhook-url'),
    webhookEvents: [
      ...form.querySelectorAll<HTMLInputElement>('input[name=webhook-event]:checked'),
    ].map((box) => box.value),
    restore: readRestoreForm(form),
  };
}

/** `file` or `url`: which source radio is chosen. */
export function sourceKind(form: HTMLFormElement): 'file' | 'url' {
  return form.querySelector<HTMLInputElement>('input[name=source]:checked')?.value === 'url'
    ? 'url'
    : 'file';
}

function sourceFields(schema: JobSchema): HTMLElement {
  return h(
    'fieldset',
    { 'data-section': 'source' },
    h('legend', {}, 'Source video'),
    h(
      'div',
      { class: 'radios wide' },
      radio('source', 'file', 'Upload a file', true),
      radio('source', 'url', 'Paste a URL'),
    ),
    field('file', 'File', h('input', { type: 'file', id: 'file', accept: 'video/*' })),
    field(
      'input-url',
      'URL',
      h('input', {
        type: 'text',
        id: 'input-url',
        inputmode: 'url',
        placeholder: 'https://… or s3://bucket/key',
      }),
      schema('input.url').description,
    ),
  );
}

function interpolateFields(schema: JobSchema): HTMLElement {
  return h(
    'fieldset',
    { 'data-section': 'interpolate' },
    h('legend', {}, 'Frame interpolation'),
    check('interpolate', 'Interpolate frames', true),
    field(
      'interpolate-mode',
      'Target',
      select('interpolate-mode', [
        ['fps', 'frame rate (fps)'],
        ['factor', 'factor of the source rate'],
      ]),
    ),
    field(
      'interpolate-value',
      'Rate or factor',
      h('input', { type: 'text', id: 'interpolate-value', value: '60', inputmode: 'decimal' }),
      'e.g. 60, 59.94, 60000/1001 or a factor such as 2',
    ),
    field('interpolate-model', 'Model', h('select', { id: 'interpolate-model' })),
    check(
      'dedupe',
      'Treat repeated frames as missing',
      schema('interpolate.dedupe').default === true,
      schema('interpolate.dedupe').description,
    ),
  );
}

function upscaleFields(schema: JobSchema): HTMLElement {
  const factor = schema('upscale.factor');
  return h(
    'fieldset',
    { 'data-section': 'upscale' },
    h('legend', {}, 'Super-resolution'),
    check('upscale', 'Upscale', false),
    field(
      'upscale-mode',
      'By',
      select('upscale-mode', [
        ['factor', 'factor'],
        ['height', 'output height'],
      ]),
    ),
    field(
      'upscale-factor',
      'Factor',
      choice('upscale-factor', factor, undefined, (v) => `×${v}`),
    ),
    field(
      'upscale-height',
      'Output height',
      numberInput('upscale-height', schema('upscale.height'), { placeholder: '2160', step: '2' }),
      'even, in pixels; the width keeps the aspect',
    ),
    field('upscale-model', 'Model', h('select', { id: 'upscale-model' })),
  );
}

function advancedFields(schema: JobSchema): HTMLElement {
  const rule = (path: string) => schema(path);
  return h(
    'details',
    { id: 'advanced' },
    h('summary', {}, 'Advanced options'),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Processing'),
      field(
        'scene-threshold',
        'Scene-cut threshold',
        numberInput('scene-threshold', rule('interpolate.sceneThreshold')),
        rule('interpolate.sceneThreshold').description,
      ),
      field(
        'dedupe-threshold',
        'Repeated-frame threshold',
        numberInput('dedupe-threshold', rule('interpolate.dedupeThreshold')),
        rule('interpolate.dedupeThreshold').description,
      ),
      field(
        'chunk-frames',
        'Chunk size (source frames)',
        numberInput('chunk-frames', rule('chunk.frames')),
        rule('chunk.frames').description,
        'empty: the service default',
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Output'),
      field('codec', 'Codec', choice('codec', rule('output.codec'))),
      field(
        'crf',
        'CRF',
        numberInput('crf', rule('output.crf')),
        rule('output.crf').description,
        'empty: the codec default',
      ),
      field('container', 'Container', choice('container', rule('output.container'))),
      field(
        'bit-depth',
        'Bit depth',
        choice('bit-depth', rule('output.bitDepth'), 'as the source', (v) => `${v}-bit`),
        rule('output.bitDepth').description,
      ),
    ),
    webhookFields(schema),
  );
}

function webhookFields(schema: JobSchema): HTMLElement {
  const events = schema('webhook.events');
  return h(
    'fieldset',
    {},
    h('legend', {}, 'Webhook'),
    field(
      'webhook-url',
      'Webhook URL',
      h('input', { type: 'url', id: 'webhook-url', placeholder: 'https://…', inputmode: 'url' }),
      schema('webhook.url').description,
      'empty: no webhook',
    ),
    h(
      'fieldset',
      { class: 'wide events', 'aria-describedby': 'webhook-events-hint' },
      h('legend', {}, 'Events'),
      ...events.values.map((event) => {
        const id = `webhook-event-${String(event).replace(/\W/g, '-')}`;
        return h(
          'span',
          { class: 'check' },
          h('input', { type: 'checkbox', id, name: 'webhook-event', value: String(event) }),
          h('label', { for: id }, String(event)),
        );
      }),
      h('small', { id: 'webhook-events-hint', class: 'hint' }, events.description ?? ''),
    ),
  );
}

/** Behaviour: a section's controls follow its checkbox; models follow kind and scale. */
function wire(part: HTMLElement, models: readonly Model[]): HTMLElement {
  const section = part.getAttribute('data-section');
  if (section === 'source') return wireSource(part);
  if (section !== 'interpolate' && section !== 'upscale') return part;
  const toggle = part.querySelector<HTMLInputElement>(`#${section}`)!;
  const update = () => {
    for (const control of part.querySelectorAll<HTMLInputElement>('input, select'))
      if (control !== toggle) control.disabled = !toggle.checked;
    if (section === 'interpolate') return fillModels(part, 'interpolate-model', models, 'vfi');
    const byHeight = part.querySelector<HTMLSelectElement>('#upscale-mode')!.value === 'height';
    part.querySelector('#upscale-factor-field')!.toggleAttribute('hidden', byHeight);
    part.querySelector('#upscale-height-field')!.toggleAttribute('hidden', !byHeight);
    const factor = Number(part.querySelector<HTMLSelectElement>('#upscale-factor')!.value);
    fillModels(part, 'upscale-model', models, 'sr', byHeight ? undefined : factor);
  };
  part.addEventListener('change', update);
  update();
  return part;
}

/** Only the chosen source's field is shown: the file picker or the URL. */
function wireSource(part: HTMLElement): HTMLElement {
  const update = () => {
    const byUrl = part.querySelector<HTMLInputElement>('#source-url')!.checked;
    part.querySelector('#file-field')!.toggleAttribute('hidden', byUrl);
    part.querySelector('#input-url-field')!.toggleAttribute('hidden', !byUrl);
  };
  part.addEventListener('change', update);
  update();
  return part;
}

/** The models of a kind (and scale, for a factor), labelled; keeps the choice if it still fits. */
function fillModels(
  part: HTMLElement,
  id: string,
  models: readonly Model[],
  kind: Model['kind'],
  scale?: number,
): void {
  const picker = part.querySelector<HTMLSelectElement>(`#${id}`)!;
  const kept = picker.value;
  const fitting = models.filter(
    (m) => m.kind === kind && (scale === undefined || m.scale === scale),
  );
  picker.replaceChildren(
    h('option', { value: '' }, 'default (the service picks)'),
    ...fitting.map((model) => {
      const what = kind === 'sr' ? `super-resolution ×${model.scale}` : 'interpolation';
      const label = `${model.id} (${what}${model.default ? ', default' : ''})`;
      return h('option', { value: model.id, title: model.description }, label);
    }),
  );
  picker.value = fitting.some((m) => m.id === kept) ? kept : '';
}
