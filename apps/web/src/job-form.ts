// The submit form's values → the body of POST /v1/jobs (and of POST /v1/jobs/check).
// Pure; the API validates the rest and its own message is what the page shows.
import type { PreviewFormValues, RestoreFormValues } from './restore-form.js';
import { buildPreviewBody, buildRestoreBody } from './restore-form.js';

/** The form as plain strings and flags (what the inputs hold). */
export interface JobFormValues {
  interpolate: boolean;
  interpolateMode: 'fps' | 'factor';
  interpolateValue: string;
  interpolateModel: string;
  sceneThreshold: string;
  /** Repeated source frames count as missing ones (`interpolate.dedupe`). */
  dedupe: boolean;
  dedupeThreshold: string;
  upscale: boolean;
  upscaleMode: 'factor' | 'height';
  upscaleFactor: string;
  upscaleHeight: string;
  upscaleModel: string;
  codec: string;
  crf: string;
  container: string;
  bitDepth: string;
  chunkFrames: string;
  webhookUrl: string;
  /** Ticked webhook events; none: the API's default three. */
  webhookEvents: string[];
  /** The restoration controls (applied before interpolation and upscaling). */
  restore: RestoreFormValues;
}

export type JobBody = Record<string, unknown>;

/** A rate stays a string when it is a fraction (`30000/1001`), else becomes a number. */
function rate(value: string): number | string {
  const trimmed = value.trim();
  const number = Number(trimmed);
  return trimmed !== '' && Number.isFinite(number) ? number : trimmed;
}

/** A number field: empty is "not set"; anything else goes as typed, for the API to judge. */
function number(value: string): number | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** `{ [key]: value }` when the value is set, else nothing: for spreading into a body. */
function set(key: string, value: unknown): JobBody {
  return value === undefined || value === '' ? {} : { [key]: value };
}

/**
 * Only what the user set: empty fields are left to the API's defaults. Without
 * `inputUrl` the body has no `input` (what POST /v1/jobs/check takes before an upload);
 * with `preview` (the Preview button) it renders only that span.
 */
export function buildJobBody(
  values: JobFormValues,
  inputUrl?: string,
  preview?: PreviewFormValues,
): JobBody {
  const frames = number(values.chunkFrames);
  const output = {
    ...set('codec', values.codec),
    ...set('container', values.container),
    ...set('crf', number(values.crf)),
    ...set('bitDepth', number(values.bitDepth)),
  };
  return {
    ...(inputUrl === undefined ? {} : { input: { url: inputUrl.trim() } }),
    ...(values.interpolate ? { interpolate: interpolateBody(values) } : {}),
    ...(values.upscale ? { upscale: upscaleBody(values) } : {}),
    ...set('restore', buildRestoreBody(values.restore)),
    ...(preview ? { preview: buildPreviewBody(preview) } : {}),
    ...(Object.keys(output).length ? { output } : {}),
    ...(frames === undefined ? {} : { chunk: { frames } }),
    ...set('webhook', webhookBody(values)),
  };
}

function interpolateBody(values: JobFormValues): JobBody {
  return {
    [values.interpolateMode]: rate(values.interpolateValue),
    ...set('model', values.interpolateModel),
    ...set('sceneThreshold', number(values.sceneThreshold)),
    ...(values.dedupe
      ? { dedupe: true, ...set('dedupeThreshold', number(values.dedupeThreshold)) }
      : {}),
  };
}

function upscaleBody(values: JobFormValues): JobBody {
  return {
    ...(values.upscaleMode === 'factor'
      ? { factor: number(values.upscaleFactor) }
      : { height: number(values.upscaleHeight) }),
    ...set('model', values.upscaleModel),
  };
}

function webhookBody(values: JobFormValues): JobBody | undefined {
  const url = values.webhookUrl.trim();
  if (!url) return undefined;
  return { url, ...(values.webhookEvents.length ? { events: values.webhookEvents } : {}) };
}
