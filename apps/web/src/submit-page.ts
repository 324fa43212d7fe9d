// New job: a local file (streamed to POST /v1/uploads with a progress bar) or a URL, and
// the options of POST /v1/jobs. The settings are checked by the API (POST /v1/jobs/check)
// before anything is uploaded; its own message is what the form shows. Preview submits the
// same settings for a span of the source only.
import type { Job, Model } from '@remaster/sdk/api-types';
import { api, uploadFile } from './api.js';
import { h, replace } from './dom.js';
import { describeChosenModels, formatBytes } from './format.js';
import type { ChosenModels } from './format.js';
import { buildJobBody } from './job-form.js';
import { jobFormFields, readJobForm, sourceKind } from './job-form-fields.js';
import type { PreviewFormValues } from './restore-form.js';
import { previewFields, readPreviewForm } from './restore-form-fields.js';
import type { JobSchema } from './job-schema.js';
import { UNKNOWN_SCHEMA, readJobSchema } from './job-schema.js';
import { errorMessage } from './widgets.js';

/** The answer of POST /v1/jobs/check: the settings pass, and the models the job would get. */
interface CheckAnswer {
  ok: true;
  models: ChosenModels;
}

export function showSubmitPage(main: HTMLElement, signal: AbortSignal): void {
  document.title = 'New job · Remaster';
  const loading = h('p', { role: 'status' }, 'Loading the options…');
  replace(main, h('h1', {}, 'New job'), loading);
  void Promise.all([loadSchema(signal), loadModels(signal)]).then(([schema, models]) => {
    if (signal.aborted) return;
    const problems = [schema.problem, models.problem].filter(Boolean).map(errorMessage);
    replace(main, h('h1', {}, 'New job'), ...problems, submitForm(schema.schema, models.models));
  });
}

function submitForm(schema: JobSchema, models: readonly Model[]): HTMLFormElement {
  const form = h('form', { id: 'job-form', class: 'card', novalidate: true });
  const status = h('div', { id: 'submit-status', 'aria-live': 'polite' });
  const uploadBar = h('progress', { id: 'upload-progress', max: 100, value: 0, hidden: true });
  const uploadLabel = h('label', { for: 'upload-progress', hidden: true }, 'Upload');
  const checkButton = h(
    'button',
    { type: 'button', id: 'check', class: 'secondary' },
    'Check settings',
  );
  const submitButton = h('button', { type: 'submit', id: 'submit' }, 'Submit job');
  const previewButton = h(
    'button',
    { type: 'button', id: 'preview', class: 'secondary', 'aria-describedby': 'preview-hint' },
    'Preview',
  );
  const buttons = [submitButton, previewButton, checkButton];
  form.append(
    ...jobFormFields(schema, models),
    previewFields(schema),
    h('div', { class: 'actions' }, submitButton, previewButton, checkButton),
    status,
    h('div', { class: 'upload' }, uploadLabel, uploadBar),
  );

  /** Runs `step` with the buttons off; its error, the API's own, is shown by the buttons. */
  const busy = async (step: () => Promise<void>) => {
    for (const button of buttons) button.disabled = true;
    replace(status);
    try {
      await step();
    } catch (error) {
      replace(status, errorMessage(error));
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  };
  const onUpload = (loaded: number, total: number) => {
    uploadBar.hidden = uploadLabel.hidden = false;
    uploadBar.value = total ? Math.round((100 * loaded) / total) : 0;
    uploadLabel.textContent = `Upload ${formatBytes(loaded)} of ${formatBytes(total)}`;
  };
  /** Checks, uploads and submits the job; with `preview`, for that span only. */
  const send = (preview?: PreviewFormValues) =>
    busy(async () => {
      const source = chosenSource(form);
      // Nothing is uploaded for settings the API would refuse.
      await check(form, status, preview);
      const url = 'url' in source ? source.url : (await uploadFile(source.file, onUpload)).url;
      const body = buildJobBody(readJobForm(form), url, preview);
      const job = await api<Job>('/v1/jobs', { method: 'POST', body });
      location.hash = `#/jobs/${job.id}`;
    });
  checkButton.addEventListener('click', () => void busy(() => check(form, status)));
  previewButton.addEventListener('click', () => void send(readPreviewForm(form)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  return form;
}

/** The pasted URL or the chosen file; with neither, an error that says what to do. */
function chosenSource(form: HTMLFormElement): { url: string } | { file: File } {
  if (sourceKind(form) === 'url') {
    const url = form.querySelector<HTMLInputElement>('#input-url')!.value.trim();
    if (!url) throw new Error('paste the URL of the source video, or upload a file instead');
    return { url };
  }
  const file = form.querySelector<HTMLInputElement>('#file')!.files?.[0];
  if (!file) throw new Error('choose a file to upload, or paste a URL instead');
  return { file };
}

/**
 * POST /v1/jobs/check with the settings (and a pasted URL; a file is not uploaded yet):
 * throws the API's refusal, or shows the models the job would get.
 */
async function check(
  form: HTMLFormElement,
  status: HTMLElement,
  preview?: PreviewFormValues,
): Promise<void> {
  const source = sourceKind(form) === 'url' ? chosenSource(form) : undefined;
  const url = source && 'url' in source ? source.url : undefined;
  const body = buildJobBody(readJobForm(form), url, preview);
  const answer = await api<CheckAnswer>('/v1/jobs/check', { method: 'POST', body });
  replace(
    status,
    h(
      'p',
      { class: 'ok', role: 'status', id: 'check-result' },
      describeChosenModels(answer.models, body),
    ),
  );
}

/** The job body's rules from the API's OpenAPI document; without it the API's defaults. */
async function loadSchema(signal: AbortSignal): Promise<{ schema: JobSchema; problem?: Error }> {
  try {
    return { schema: readJobSchema(await api<unknown>('/docs/json', { signal })) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const problem = new Error(
      `Could not read the API's job options (${reason}); the fields left empty get its defaults.`,
    );
    return { schema: UNKNOWN_SCHEMA, problem };
  }
}

/** GET /v1/models: every model a job may name, with its kind and scale. */
async function loadModels(signal: AbortSignal): Promise<{ models: Model[]; problem?: unknown }> {
  try {
    return { models: (await api<{ items: Model[] }>('/v1/models', { signal })).items };
  } catch (error) {
    return { models: [], problem: error };
  }
}
