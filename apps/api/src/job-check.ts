import type { ChosenModel, JobCheckRequest, ModelCatalog } from '@remaster/jobs';
import { chooseModel } from '@remaster/jobs';

/** The answer of `POST /v1/jobs/check`: the job would be accepted, and with these models. */
export interface JobCheck {
  readonly ok: true;
  readonly models: { readonly upscale?: ChosenModel; readonly interpolate?: ChosenModel };
}

/**
 * The models a job body would get, as the planner chooses them (`chooseModel`). An
 * `upscale.height` with no model is left out: whether ×2, ×4 or no model runs depends on
 * the source's height (a quote tells, once the file is uploaded).
 */
export function chosenModels(request: JobCheckRequest, catalog?: ModelCatalog): JobCheck['models'] {
  const { upscale, interpolate } = request;
  const scale = upscale?.factor;
  const sr =
    scale !== undefined
      ? chooseModel(upscale?.model, { kind: 'sr', scale, ...(catalog && { catalog }) })
      : upscale?.model !== undefined
        ? chooseModel(upscale.model, { kind: 'sr' })
        : undefined;
  return {
    ...(sr && { upscale: sr }),
    ...(interpolate && {
      interpolate: chooseModel(interpolate.model, { kind: 'vfi', ...(catalog && { catalog }) }),
    }),
  };
}
