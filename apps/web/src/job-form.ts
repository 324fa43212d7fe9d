// The submit form's values → the body of POST /v1/jobs. Pure; the API validates the rest
// and its own message is what the page shows.

/** The form as plain strings and flags (what the inputs hold). */
export interface JobFormValues {
  inputUrl: string;
  interpolate: boolean;
  interpolateMode: 'fps' | 'factor';
  interpolateValue: string;
  interpolateModel: string;
  sceneThreshold: string;
  upscale: boolean;
  upscaleMode: 'factor' | 'height';
  upscaleValue: string;
  upscaleModel: string;
  codec: string;
  crf: string;
  container: string;
  bitDepth: string;
  chunkFrames: string;
}

export type JobBody = Record<string, unknown>;

/** A rate stays a string when it is a fraction (`30000/1001`), else becomes a number. */
function rate(value: string): number | string {
  const trimmed = value.trim();
  const number = Number(trimmed);
  return trimmed !== '' && Number.isFinite(number) ? number : trimmed;
}

function integer(value: string): number | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : Number(trimmed);
}

/** Only what the user set: empty fields are left to the API's defaults. */
export function buildJobBody(values: JobFormValues): JobBody {
  const body: JobBody = { input: { url: values.inputUrl.trim() } };
  if (values.interpolate) {
    const threshold = integer(values.sceneThreshold);
    body.interpolate = {
      [values.interpolateMode]: rate(values.interpolateValue),
      ...(values.interpolateModel ? { model: values.interpolateModel } : {}),
      ...(threshold === undefined ? {} : { sceneThreshold: threshold }),
    };
  }
  if (values.upscale) {
    body.upscale = {
      [values.upscaleMode]: integer(values.upscaleValue),
      ...(values.upscaleModel ? { model: values.upscaleModel } : {}),
    };
  }
  const crf = integer(values.crf);
  const bitDepth = integer(values.bitDepth);
  body.output = {
    codec: values.codec || 'h264',
    container: values.container || 'mp4',
    ...(crf === undefined ? {} : { crf }),
    ...(bitDepth === undefined ? {} : { bitDepth }),
  };
  const frames = integer(values.chunkFrames);
  if (frames !== undefined) body.chunk = { frames };
  return body;
}
