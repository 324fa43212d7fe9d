// The restoration and preview controls' values → the `restore` and `preview` blocks of the
// job body. Pure; the API judges the values and its own message is what the page shows.

/** The restoration controls as plain strings (what the selects and inputs hold). */
export interface RestoreFormValues {
  /** `auto`, `off`, `frame` or `field`; empty: the API's default. */
  deinterlace: string;
  /** `auto` or `off`; empty: the API's default. */
  ivtc: string;
  /** `off`, `auto` or `strength` (then `deflickerStrength`, 0–1). */
  deflicker: string;
  deflickerStrength: string;
  /** `off`, `auto` or `sigma` (then `denoiseSigma`, 0–50). */
  denoise: string;
  denoiseSigma: string;
  /** A 1x restoration model; empty: the configured default, else the ffmpeg filter. */
  denoiseModel: string;
  /** `off` or `on`. */
  deblock: string;
  deblockModel: string;
}

/** The preview span's inputs: start and length in seconds of the source. */
export interface PreviewFormValues {
  start: string;
  seconds: string;
}

type Body = Record<string, unknown>;

/** A number field: empty is "not set"; anything else goes as typed, for the API to judge. */
function number(value: string): number | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** The `restore` block: every part the controls set; none set (a page without the schema): undefined. */
export function buildRestoreBody(values: RestoreFormValues): Body | undefined {
  const parts: Body = {
    deinterlace: values.deinterlace || undefined,
    ivtc: values.ivtc || undefined,
    deflicker: deflicker(values),
    denoise: denoise(values),
    deblock: deblock(values),
  };
  const set = Object.entries(parts).filter(([, value]) => value !== undefined);
  return set.length > 0 ? Object.fromEntries(set) : undefined;
}

function deflicker(values: RestoreFormValues): unknown {
  if (values.deflicker !== 'strength') return values.deflicker || undefined;
  return { strength: number(values.deflickerStrength) };
}

function denoise(values: RestoreFormValues): unknown {
  const model = values.denoiseModel.trim();
  if (values.denoise === 'sigma')
    return { strength: number(values.denoiseSigma), ...(model && { model }) };
  // auto with a model: the model at the σ estimated at plan time, which is what auto does.
  if (values.denoise === 'auto' && model) return { model };
  return values.denoise || undefined;
}

function deblock(values: RestoreFormValues): unknown {
  if (values.deblock !== 'on') return values.deblock || undefined;
  const model = values.deblockModel.trim();
  return model ? { model } : {};
}

/** `{ start, seconds }` of the Preview button; an empty start is 0. */
export function buildPreviewBody(values: PreviewFormValues): Body {
  return { start: number(values.start) ?? 0, seconds: number(values.seconds) };
}
