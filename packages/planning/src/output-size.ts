import type { ChosenModel, JobRequest, ModelCatalog } from '@remaster/jobs';
import { MODEL_CATALOG, TerminalFailure, chooseModel } from '@remaster/jobs';

export interface OutputSize {
  /** The super-resolution model and its own factor, when one runs; `chosenBy` says why this one. */
  readonly model?: {
    readonly id: string;
    readonly factor: number;
    readonly chosenBy: ChosenModel['chosenBy'];
  };
  readonly width: number;
  readonly height: number;
}

/**
 * The output size: the source × `upscale.factor`, or exactly `upscale.height` with the
 * aspect kept and even sides (the model upscales by the smallest factor that reaches
 * the height, then lanczos makes it exact; no model runs to go down). With no
 * `upscale.model`, the catalog's default of that scale runs, else the built-in.
 */
export function planOutputSize(
  source: { width: number; height: number },
  upscale: JobRequest['upscale'],
  codec: JobRequest['output']['codec'] = 'h264',
  catalog: ModelCatalog = MODEL_CATALOG,
): OutputSize {
  const size = sizeFor(source, upscale, catalog);
  if (codec === 'av1' && (size.width < 64 || size.height < 64)) {
    throw new TerminalFailure(
      'INPUT_UNSUPPORTED',
      `the output would be ${size.width}x${size.height}; the AV1 encoder needs at least 64x64: upscale it or choose h264 or hevc`,
    );
  }
  return size;
}

function sizeFor(
  source: { width: number; height: number },
  upscale: JobRequest['upscale'],
  catalog: ModelCatalog,
): OutputSize {
  if (!upscale) return checked({ width: source.width, height: source.height });
  if (upscale.factor !== undefined) {
    const chosen = chooseModel(upscale.model, { kind: 'sr', scale: upscale.factor, catalog });
    return checked({
      model: { ...chosen, factor: upscale.factor },
      width: source.width * upscale.factor,
      height: source.height * upscale.factor,
    });
  }
  const height = upscale.height!;
  const width = 2 * Math.round((source.width * height) / source.height / 2);
  if (height <= source.height && !upscale.model) return checked({ width, height });
  const factor = upscale.model
    ? modelScale(upscale.model, catalog)
    : height <= 2 * source.height
      ? 2
      : 4;
  const chosen = chooseModel(upscale.model, { kind: 'sr', scale: factor, catalog });
  return checked({ model: { ...chosen, factor }, width, height });
}

function modelScale(id: string, catalog: ModelCatalog): number {
  const scale = catalog.find((model) => model.id === id)?.scale;
  if (!scale) {
    throw new TerminalFailure(
      'MODEL_NOT_FOUND',
      `model ${id} is not known to the planner: give every role the same MODELS_DIR and MODELS_MANIFEST`,
    );
  }
  return scale;
}

function checked(size: OutputSize): OutputSize {
  if (size.width % 2 !== 0 || size.height % 2 !== 0 || size.width < 2) {
    throw new TerminalFailure(
      'INPUT_UNSUPPORTED',
      `the output would be ${size.width}x${size.height}; video in yuv420p needs even sizes: add upscale factor 2 or 4, or crop the source to even dimensions`,
    );
  }
  return size;
}
