import type { BuiltinModelInfo } from '@remaster/onnx-graph';
import { BUILTIN_MODEL_INFO } from '@remaster/onnx-graph';

/** What a model does: super-resolution or frame interpolation. */
export type ModelKind = BuiltinModelInfo['kind'];

/** What the API and the planner need to know of a model: its id, kind and upscale factor. */
export interface CatalogModel {
  readonly id: string;
  readonly kind: ModelKind;
  /** Upscale factor; 1 for interpolation. */
  readonly scale: number;
  /**
   * Used when a job names no model for an operation this model fits (its kind, and for
   * super-resolution its scale): from the manifest's `default: true` or DEFAULT_SR_MODEL /
   * DEFAULT_VFI_MODEL. At most one per kind and scale; the built-ins are the fallback.
   */
  readonly default?: boolean;
  /** A restoration model's task: what a job's `restore.denoise` or `restore.deblock` may use it for. */
  readonly task?: RestorationTask;
  /** A restoration model's strength input (FFDNet's `sigma`), fed from the job's σ; absent: blind. */
  readonly strengthInput?: string;
}

/** What a 1x restoration model does. */
export type RestorationTask = 'denoise' | 'deblock';

/** The models a process accepts, e.g. `ModelRegistry.list()` of @remaster/inference. */
export type ModelCatalog = readonly CatalogModel[];

/**
 * The built-in models, which every worker has: id, kind and scale from the list that
 * builds their graphs (`@remaster/onnx-graph`, which has no onnxruntime, so neither
 * does this package). Models from MODELS_DIR or a manifest come on top of these
 * through the registry.
 */
export const MODEL_CATALOG: ModelCatalog = BUILTIN_MODEL_INFO.map(({ id, kind, scale }) => ({
  id,
  kind,
  scale,
}));

/**
 * The built-in model of an operation: `bicubic-x2` / `bicubic-x4` for upscaling, `mci`
 * (motion-compensated) for interpolation. `blend`, a cross-fade, is only ever run when
 * a job names it: it ghosts every moving edge (27.8 dB against mci's 32.4 dB on the
 * shared triplets, docs/benchmarks.md), though it runs about 3× faster on CPU.
 */
export function builtinModel(kind: ModelKind, scale = 1): string {
  return kind === 'sr' ? `bicubic-x${scale}` : 'mci';
}

/**
 * The model a job that names none gets: the catalog's default of that kind (and scale,
 * for super-resolution), else the built-in.
 */
export function defaultModel(kind: ModelKind, scale = 1, catalog: ModelCatalog = []): string {
  const flagged = catalog.find(
    (m) => m.default === true && m.kind === kind && (kind === 'vfi' || m.scale === scale),
  );
  return flagged?.id ?? builtinModel(kind, scale);
}

/** Which model an operation of a job uses, and why. */
export interface ChosenModel {
  readonly id: string;
  /** `request`: the job named it; `default`: a configured default; `builtin`: the fallback. */
  readonly chosenBy: 'request' | 'default' | 'builtin';
}

/** The job's own model, else {@link defaultModel}, with the reason recorded. */
export function chooseModel(
  requested: string | undefined,
  { kind, scale = 1, catalog = [] }: { kind: ModelKind; scale?: number; catalog?: ModelCatalog },
): ChosenModel {
  if (requested !== undefined) return { id: requested, chosenBy: 'request' };
  const id = defaultModel(kind, scale, catalog);
  return { id, chosenBy: id === builtinModel(kind, scale) ? 'builtin' : 'default' };
}

/** A model a job names, and the operation it is named for. */
export interface ModelChoice {
  readonly id: string;
  readonly kind: ModelKind;
  /** The factor asked for (`upscale.factor`); any factor fits when absent. */
  readonly scale?: number;
  /** Where to look; the built-ins by default. */
  readonly catalog?: ModelCatalog;
}

/** Undefined when the id is known and fits the operation, else a message saying what fits. */
export function checkModel({
  id,
  kind,
  scale,
  catalog = MODEL_CATALOG,
}: ModelChoice): string | undefined {
  const fits = (m: CatalogModel) =>
    m.kind === kind && (scale === undefined || kind === 'vfi' || m.scale === scale);
  const model = catalog.find((m) => m.id === id);
  if (!model || !fits(model)) {
    const fitting = catalog.filter(fits).map((m) => m.id);
    const what = model ? 'is not available for this operation' : 'is not a known model';
    const use =
      fitting.length > 0
        ? `use one of: ${fitting.join(', ')}`
        : `no ${kind} model is registered (MODELS_DIR, MODELS_MANIFEST)`;
    return `model "${id}" ${what}; ${use} (GET /v1/models lists them)`;
  }
  return undefined;
}

/**
 * The learned model a restoration task runs: the job's own, else the catalog's default for
 * that task (DEFAULT_DENOISE_MODEL / DEFAULT_DEBLOCK_MODEL, a manifest default); undefined
 * when there is none: the classical ffmpeg filter does the task.
 */
export function chooseRestorationModel(
  requested: string | undefined,
  { task, catalog = [] }: { task: RestorationTask; catalog?: ModelCatalog },
): ChosenModel | undefined {
  if (requested !== undefined) return { id: requested, chosenBy: 'request' };
  const flagged = catalog.find(
    (m) => m.kind === 'restoration' && m.default === true && m.task === task,
  );
  return flagged && { id: flagged.id, chosenBy: 'default' };
}
