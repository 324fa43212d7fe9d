import type { JobRequest, ModelCatalog, RestoreRequest } from '@remaster/jobs';
import type { FieldCounts, FrameIndex, RestoreAnalysisRequest, SourceInfo } from '@remaster/media';
import { chooseDecimation, classifyFields, noiseSampleFrames } from '@remaster/media';
import type { FieldFacts, FieldOrder } from './decide-fields.js';
import { decideFields } from './decide-fields.js';
import type { RestorePlan } from './plan-restore.js';
import { planRestore } from './plan-restore.js';

/**
 * What the sequential decode measures for the job's restoration: only what its settings
 * use (idet whenever fields may be repaired, the means for deflicker, the noise σ for a
 * denoise, from frames spread over the source).
 */
export function restoreMeasures(
  restore: RestoreRequest,
  source: Pick<SourceInfo, 'frames' | 'width' | 'height'>,
): RestoreAnalysisRequest {
  return {
    fields: restore.deinterlace !== 'off' || restore.ivtc !== 'off',
    luma: restore.deflicker !== 'off',
    ...(restore.denoise !== 'off' && {
      noise: {
        frames: noiseSampleFrames(source.frames),
        width: source.width,
        height: source.height,
      },
    }),
  };
}

export interface PlanSourceRestoreInput {
  readonly request: JobRequest;
  /** What chunks read (the constant-rate copy's frames and rate when there is one). */
  readonly source: SourceInfo;
  readonly index: FrameIndex;
  readonly sceneCuts: readonly number[];
  /** The field-match pass over what chunks read (only run for a telecined source). */
  readonly matchDiffs: (order: FieldOrder) => Promise<number[]>;
  readonly models?: ModelCatalog;
}

/**
 * The job's restoration from what the planner's decode measured (DESIGN §10): idet's
 * counts classify the fields; a telecined source with `ivtc: auto` gets one more pass, the
 * field matching the workers run, whose per-frame differences choose the frame each 3:2
 * cycle drops, once for the whole source, so every chunk drops the same frames.
 */
export async function planSourceRestore(input: PlanSourceRestoreInput): Promise<RestorePlan> {
  const { request, source, index } = input;
  const measured = index.restore;
  const fields = measured?.fields && fieldFacts(measured.fields);
  const facts = {
    ...(fields && { fields }),
    ...(source.fieldOrder && { containerOrder: source.fieldOrder }),
    ...(measured?.luma && { means: measured.luma }),
    ...(measured?.noiseSigma !== undefined && { noiseSigma: measured.noiseSigma }),
    sceneStarts: input.sceneCuts,
  };
  const decision = decideFields(request.restore, facts);
  const dropped =
    decision.action === 'ivtc'
      ? chooseDecimation(await input.matchDiffs(decision.order ?? 'tff'))
      : undefined;
  return planRestore({
    restore: request.restore,
    source: { frames: source.frames, fps: source.fps },
    facts: { ...facts, ...(dropped && { dropped }) },
    ...(input.models && { catalog: input.models }),
  });
}

function fieldFacts(counts: FieldCounts): FieldFacts {
  const { kind, order } = classifyFields(counts);
  const { multiple, repeated } = counts;
  return {
    kind,
    order,
    idet: {
      tff: multiple.tff,
      bff: multiple.bff,
      progressive: multiple.progressive,
      undetermined: multiple.undetermined,
      repeatedTop: repeated.top,
      repeatedBottom: repeated.bottom,
    },
  };
}
