// New job: a local file (streamed to POST /v1/uploads with a progress bar) or a URL, and
// the options of POST /v1/jobs. The API decides what is valid; its message is shown.
import { api, uploadFile } from './api.js';
import { h, replace } from './dom.js';
import { formatBytes } from './format.js';
import type { JobFormValues } from './job-form.js';
import { buildJobBody } from './job-form.js';
import type { Job, Model } from './types.js';
import { errorMessage } from './widgets.js';

export function showSubmitPage(main: HTMLElement, signal: AbortSignal): void {
  document.title = 'New job · Remaster';
  const form = h('form', { id: 'job-form', class: 'card', novalidate: true });
  const status = h('div', { id: 'submit-status', 'aria-live': 'polite' });
  const uploadBar = h('progress', { id: 'upload-progress', max: 100, value: 0, hidden: true });
  const uploadLabel = h('label', { for: 'upload-progress', hidden: true }, 'Upload');
  replace(main, h('h1', {}, 'New job'), form);
  form.append(
    sourceFields(),
    interpolateFields(),
    upscaleFields(),
    outputFields(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'submit' }, 'Submit job')),
    h('div', { class: 'upload' }, uploadLabel, uploadBar),
    status,
  );
  void loadModels(form, signal, status);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });

  async function submit(): Promise<void> {
    const button = form.querySelector<HTMLButtonElement>('#submit')!;
    button.disabled = true;
    replace(status);
    try {
      const values = readForm(form);
      const file = form.querySelector<HTMLInputElement>('#file')!.files?.[0];
      if (sourceKind(form) === 'file') {
        if (!file) throw new Error('choose a file to upload, or paste a URL instead');
        uploadBar.hidden = uploadLabel.hidden = false;
        const uploaded = await uploadFile(file, (loaded, total) => {
          uploadBar.value = total ? Math.round((100 * loaded) / total) : 0;
          uploadLabel.textContent = `Upload ${formatBytes(loaded)} of ${formatBytes(total)}`;
        });
        values.inputUrl = uploaded.url;
      }
      const job = await api<Job>('/v1/jobs', { method: 'POST', body: buildJobBody(values) });
      location.hash = `#/jobs/${job.id}`;
    } catch (error) {
      replace(status, errorMessage(error));
    } finally {
      button.disabled = false;
    }
  }
}

function sourceKind(form: HTMLFormElement): 'file' | 'url' {
  return form.querySelector<HTMLInputElement>('input[name=source]:checked')?.value === 'url'
    ? 'url'
    : 'file';
}

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint && h('small', { id: `${id}-hint`, class: 'hint' }, hint),
  );
}

function radio(name: string, value: string, label: string, checked = false): HTMLElement {
  const id = `${name}-${value}`;
  return h(
    'span',
    { class: 'radio' },
    h('input', { type: 'radio', name, id, value, checked }),
    h('label', { for: id }, label),
  );
}

function select(id: string, options: [string, string][]): HTMLSelectElement {
  return h('select', { id, name: id }, ...options.map(([v, t]) => h('option', { value: v }, t)));
}

function sourceFields(): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, 'Source video'),
    radio('source', 'file', 'Upload a file', true),
    radio('source', 'url', 'Paste a URL'),
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
      'Used when "Paste a URL" is chosen.',
    ),
  );
}

function interpolateFields(): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, 'Frame interpolation'),
    h(
      'span',
      { class: 'check' },
      h('input', { type: 'checkbox', id: 'interpolate', checked: true }),
      h('label', { for: 'interpolate' }, 'Interpolate frames'),
    ),
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
      h('input', { type: 'text', id: 'interpolate-value', value: '60' }),
      'e.g. 60, 59.94, 60000/1001 or a factor such as 2',
    ),
    field('interpolate-model', 'Model', select('interpolate-model', [['', 'default']])),
    field(
      'scene-threshold',
      'Scene-cut threshold',
      h('input', { type: 'number', id: 'scene-threshold', min: 0, max: 100, placeholder: '10' }),
      '0–100; frames across a cut are never blended; 0 turns detection off',
    ),
  );
}

function upscaleFields(): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, 'Super-resolution'),
    h(
      'span',
      { class: 'check' },
      h('input', { type: 'checkbox', id: 'upscale' }),
      h('label', { for: 'upscale' }, 'Upscale'),
    ),
    field(
      'upscale-mode',
      'By',
      select('upscale-mode', [
        ['factor', 'factor'],
        ['height', 'output height'],
      ]),
    ),
    field(
      'upscale-value',
      'Factor or height',
      h('input', { type: 'number', id: 'upscale-value', value: 2, min: 2 }),
      'factor 2 or 4, or an even height such as 2160',
    ),
    field('upscale-model', 'Model', select('upscale-model', [['', 'default']])),
  );
}

function outputFields(): HTMLElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, 'Output'),
    field(
      'codec',
      'Codec',
      select('codec', [
        ['h264', 'H.264'],
        ['hevc', 'HEVC'],
        ['av1', 'AV1'],
      ]),
    ),
    field(
      'crf',
      'CRF',
      h('input', { type: 'number', id: 'crf', min: 0, max: 63 }),
      'quality; empty: the codec default',
    ),
    field(
      'container',
      'Container',
      select('container', [
        ['mp4', 'mp4'],
        ['mkv', 'mkv'],
        ['webm', 'webm'],
      ]),
    ),
    field(
      'bit-depth',
      'Bit depth',
      select('bit-depth', [
        ['', 'as the source'],
        ['8', '8-bit'],
        ['10', '10-bit'],
      ]),
    ),
    field(
      'chunk-frames',
      'Chunk size (source frames)',
      h('input', { type: 'number', id: 'chunk-frames', min: 1 }),
      'empty: the service default',
    ),
  );
}

/** Fills the model pickers from GET /v1/models, showing each one's kind and scale. */
async function loadModels(
  form: HTMLFormElement,
  signal: AbortSignal,
  status: Element,
): Promise<void> {
  try {
    const { items: models } = await api<{ items: Model[] }>('/v1/models', { signal });
    for (const [id, kind] of [
      ['interpolate-model', 'vfi'],
      ['upscale-model', 'sr'],
    ] as const) {
      const picker = form.querySelector<HTMLSelectElement>(`#${id}`)!;
      for (const model of models.filter((m) => m.kind === kind)) {
        const label = `${model.id} (${kind === 'sr' ? `super-resolution ×${model.scale}` : 'interpolation'})`;
        picker.append(h('option', { value: model.id }, label));
      }
    }
  } catch (error) {
    if (!signal.aborted) status.append(errorMessage(error));
  }
}

function readForm(form: HTMLFormElement): JobFormValues {
  const value = (id: string) =>
    form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!.value;
  const checked = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)!.checked;
  return {
    inputUrl: value('input-url'),
    interpolate: checked('interpolate'),
    interpolateMode: value('interpolate-mode') as 'fps' | 'factor',
    interpolateValue: value('interpolate-value'),
    interpolateModel: value('interpolate-model'),
    sceneThreshold: value('scene-threshold'),
    upscale: checked('upscale'),
    upscaleMode: value('upscale-mode') as 'factor' | 'height',
    upscaleValue: value('upscale-value'),
    upscaleModel: value('upscale-model'),
    codec: value('codec'),
    crf: value('crf'),
    container: value('container'),
    bitDepth: value('bit-depth'),
    chunkFrames: value('chunk-frames'),
  };
}
