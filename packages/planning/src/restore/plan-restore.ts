import type { ChosenModel, ModelCatalog, RestoreRequest, RestoreSummary } from '@remaster/jobs';
import { chooseRestorationModel } from '@remaster/jobs';
import type { RestoreFilterPlan } from '@remaster/media';
import { buildRestoreFilter, outputsPerFrame, restoreContext } from '@remaster/media';
import type { Rational, RestoreTimeline } from '@remaster/retiming';
import {
  formatRational,
  restoreTimeline,
  restoredFrameCount,
  restoredRate,
} from '@remaster/retiming';
import { deflickerGains } from './deflicker-gains.js';
import type { FieldDecision, FieldFacts, FieldOrder } from './decide-fields.js';
import { decideFields } from './decide-fields.js';

/** What the planner measured for the restoration (its sequential decode and, for ivtc, the match pass). */
export interface RestoreFacts {
  readonly fields?: FieldFacts;
  readonly containerOrder?: FieldOrder;
  /** With ivtc: the source frames the decimation drops (`chooseDecimation`). */
  readonly dropped?: readonly number[];
  /** Mean luma (0–1) of every source frame, for deflicker. */
  readonly means?: readonly number[];
  /** The source's estimated noise σ (0–255 scale), for denoise without a strength. */
  readonly noiseSigma?: number;
  /** First source frames of new scenes: deflicker does not smooth across them. */
  readonly sceneStarts?: readonly number[];
}

/** One learned 1x model run on each restored frame, and its strength input. */
export interface RestoreModelRun {
  readonly model: string;
  readonly sigma?: number;
}

/** The restoration of a job, for the payloads and the record. */
export interface RestorePlan {
  readonly timeline: RestoreTimeline;
  /** The restored frames' rate. */
  readonly fps: Rational;
  /** ffmpeg filters on the decoded source frames; undefined when none. */
  readonly filter: string | undefined;
  /** Source frames each side a chunk decodes for the filters. */
  readonly context: { readonly before: number; readonly after: number };
  /** Deflicker gain of each source frame; undefined without deflicker. */
  readonly gains: readonly number[] | undefined;
  readonly models: readonly RestoreModelRun[];
  readonly summary: RestoreSummary;
}

export interface PlanRestoreInput {
  readonly restore: RestoreRequest;
  readonly source: { readonly frames: number; readonly fps: Rational };
  readonly facts: RestoreFacts;
  readonly catalog?: ModelCatalog;
}

/** deflicker: "auto" evens brightness this far. */
export const AUTO_DEFLICKER_STRENGTH = 0.8;
/**
 * σ is the noise's on the 0–255 RGB scale (what FFDNet takes). The estimate measures the
 * luma plane in limited-range code values: noise there is 255/219 times larger in RGB.
 */
const LUMA_TO_RGB = 255 / 219;
/** The σ a quote prices a denoise at before the source's is estimated. */
const DEFAULT_SIGMA = 10;
/** denoise: "auto" on a source whose estimated σ is below this leaves it alone. */
const CLEAN_SIGMA = 1;

/** Pure: the job's restoration from its settings and what the planner measured (DESIGN §10). */
export function planRestore(input: PlanRestoreInput): RestorePlan {
  const { restore, source, facts } = input;
  const decision = decideFields(restore, facts);
  const notes: string[] = [];
  const fields = fieldFilter(decision);
  const timeline = restoreTimeline({
    sourceFrames: source.frames,
    outputsPerFrame: outputsPerFrame(fields),
    dropped: decision.action === 'ivtc' ? (facts.dropped ?? []) : [],
  });
  const denoise = planDenoise(input, notes);
  const deblock = planDeblock(input, notes);
  const filterPlan: RestoreFilterPlan = {
    ...fields,
    // nlmeans works on the YUV planes: the σ it is set to is luma's.
    ...(denoise?.classical && {
      denoise: { sigma: Math.min(50, (denoise.summary.sigma ?? DEFAULT_SIGMA) / LUMA_TO_RGB) },
    }),
    ...(deblock?.classical && { deblock: true as const }),
  };
  const gains = planGains(input, notes);
  const fps = restoredRate(source.fps, timeline);
  const models = [denoise?.run, deblock?.run].filter((run) => run !== undefined);
  return {
    timeline,
    fps,
    filter: buildRestoreFilter(filterPlan),
    context: restoreContext(filterPlan),
    gains,
    models,
    summary: {
      fields: fieldSummary(decision, facts, timeline),
      frames: restoredFrameCount(timeline),
      fps: formatRational(fps),
      ...(gains && {
        deflicker: {
          strength: deflickerStrength(restore.deflicker),
          gainMin: Math.min(...gains),
          gainMax: Math.max(...gains),
        },
      }),
      ...(denoise && { denoise: denoise.summary }),
      ...(deblock && { deblock: deblock.summary }),
      ...(notes.length > 0 && { notes }),
    },
  };
}

function fieldFilter(decision: FieldDecision): Pick<RestoreFilterPlan, 'deinterlace' | 'ivtc'> {
  const order = decision.order ?? 'tff';
  switch (decision.action) {
    case 'deinterlace frame':
      return { deinterlace: { mode: 'frame', order } };
    case 'deinterlace field':
      return { deinterlace: { mode: 'field', order } };
    case 'ivtc':
      return { ivtc: { order } };
    case 'none':
      return {};
  }
}

function fieldSummary(
  decision: FieldDecision,
  facts: RestoreFacts,
  timeline: RestoreTimeline,
): RestoreSummary['fields'] {
  return {
    detected: facts.fields?.kind ?? 'not checked',
    ...(decision.order && { order: decision.order }),
    ...(facts.fields && { idet: facts.fields.idet }),
    action: decision.action,
    reason: decision.reason,
    ...(decision.action === 'ivtc' && { droppedFrames: timeline.dropped.length }),
  };
}

function deflickerStrength(deflicker: RestoreRequest['deflicker']): number {
  if (deflicker === 'off') return 0;
  return deflicker === 'auto' ? AUTO_DEFLICKER_STRENGTH : deflicker.strength;
}

function planGains({ restore, facts }: PlanRestoreInput, notes: string[]): number[] | undefined {
  const strength = deflickerStrength(restore.deflicker);
  if (strength === 0) return undefined;
  // The planner always measures them; a quote, made before any decode, has none.
  if (!facts.means) {
    notes.push('deflicker: the gains are planned from every frame when the job is planned');
    return undefined;
  }
  return deflickerGains(facts.means, { strength, sceneStarts: facts.sceneStarts });
}

interface PlannedStep<S> {
  readonly summary: S;
  /** The learned model's run; absent when a classical filter does it. */
  readonly run?: RestoreModelRun;
  readonly classical: boolean;
}

function planDenoise(
  { restore, facts, catalog }: PlanRestoreInput,
  notes: string[],
): PlannedStep<NonNullable<RestoreSummary['denoise']>> | undefined {
  const { denoise } = restore;
  if (denoise === 'off') return undefined;
  const asked = denoise === 'auto' ? {} : denoise;
  const estimated =
    facts.noiseSigma === undefined ? undefined : round(facts.noiseSigma * LUMA_TO_RGB);
  const sigma = asked.strength ?? estimated;
  if (sigma === undefined)
    notes.push("denoise: the source's noise σ is estimated when the job is planned");
  else if (asked.strength === undefined && sigma < CLEAN_SIGMA) {
    notes.push(`denoise: the source's noise σ is about ${sigma}: clean enough, left alone`);
    return undefined;
  }
  const model = chooseRestorationModel(asked.model, { task: 'denoise', catalog });
  const summary = {
    ...(sigma !== undefined && { sigma }),
    ...(estimated !== undefined && { estimatedSigma: estimated }),
  };
  if (!model) {
    notes.push(
      'denoise: no denoise model is registered (DEFAULT_DENOISE_MODEL): ffmpeg nlmeans runs',
    );
    return { summary: { method: 'nlmeans', ...summary }, classical: true };
  }
  const takesStrength = catalog?.find((m) => m.id === model.id)?.strengthInput !== undefined;
  return {
    summary: { method: 'model', model: chosen(model), ...summary },
    run: { model: model.id, ...(takesStrength && { sigma: sigma ?? DEFAULT_SIGMA }) },
    classical: false,
  };
}

function planDeblock(
  { restore, catalog }: PlanRestoreInput,
  notes: string[],
): PlannedStep<NonNullable<RestoreSummary['deblock']>> | undefined {
  const { deblock } = restore;
  if (deblock === 'off') return undefined;
  const model = chooseRestorationModel(deblock.model, { task: 'deblock', catalog });
  if (!model) {
    notes.push('deblock: no deblock model is registered (DEFAULT_DEBLOCK_MODEL): ffmpeg spp runs');
    return { summary: { method: 'spp' }, classical: true };
  }
  return {
    summary: { method: 'model', model: chosen(model) },
    run: { model: model.id },
    classical: false,
  };
}

function chosen(model: ChosenModel): ChosenModel {
  return { id: model.id, chosenBy: model.chosenBy };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
