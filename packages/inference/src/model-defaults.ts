// Which registered model a job that names none gets (docs/design.md, "Default models"): DEFAULT_SR_MODEL /
// DEFAULT_VFI_MODEL, else the manifest's `default: true`, else the built-ins.
import type { ModelEntry } from './model-manifest.js';
import { ModelError } from './model-error.js';

/** Configured defaults by kind: ids of registered models (super-resolution: at most one per scale). */
export interface ModelDefaults {
  readonly sr?: readonly string[];
  readonly vfi?: readonly string[];
  /** DEFAULT_DENOISE_MODEL / DEFAULT_DEBLOCK_MODEL: a restoration model each, given that task. */
  readonly denoise?: string;
  readonly deblock?: string;
}

/**
 * Marks the configured defaults on the entries (a configured id replaces a manifest flag of the
 * same kind and scale) and checks that at most one default exists per kind and scale.
 *
 * @throws ModelError MODEL_DEFAULT when an id is not registered, is of the other kind, or two
 *   defaults share a kind and scale.
 */
export function applyModelDefaults(
  entries: readonly ModelEntry[],
  defaults: ModelDefaults = {},
): ModelEntry[] {
  let result = [...entries];
  for (const kind of ['sr', 'vfi'] as const) {
    const variable = kind === 'sr' ? 'DEFAULT_SR_MODEL' : 'DEFAULT_VFI_MODEL';
    const configured = new Map<number, string>();
    for (const id of defaults[kind] ?? []) {
      const entry = result.find((candidate) => candidate.id === id);
      if (!entry) {
        const known = result.filter((m) => m.kind === kind).map((m) => m.id);
        throw defaultError(
          `${variable}: no model '${id}' is registered; ${kind} models: ${known.join(', ')}`,
        );
      }
      if (entry.kind !== kind)
        throw defaultError(`${variable}: '${id}' is a ${entry.kind} model, not ${kind}`);
      const slot = kind === 'sr' ? entry.scale : 1;
      const other = configured.get(slot);
      if (other !== undefined)
        throw defaultError(
          `${variable}: two default ${kind === 'sr' ? `sr x${slot}` : 'vfi'} models: '${other}' and '${id}'; give one per ${kind === 'sr' ? 'scale' : 'kind'}`,
        );
      configured.set(slot, id);
      result = result.map((m) =>
        m.kind !== kind || (kind === 'sr' && m.scale !== entry.scale)
          ? m
          : withDefault(m, m.id === id),
      );
    }
  }
  result = applyRestorationDefaults(result, defaults);
  checkOnePerSlot(result);
  return result;
}

/** The configured restoration defaults: each marks its model default for its task. */
function applyRestorationDefaults(entries: ModelEntry[], defaults: ModelDefaults): ModelEntry[] {
  let result = entries;
  if (defaults.denoise !== undefined && defaults.denoise === defaults.deblock)
    throw defaultError(
      `DEFAULT_DENOISE_MODEL and DEFAULT_DEBLOCK_MODEL both name '${defaults.denoise}': a model is the default of one task; leave one unset (a job may still name it for the other)`,
    );
  for (const task of ['denoise', 'deblock'] as const) {
    const id = defaults[task];
    if (id === undefined) continue;
    const variable = task === 'denoise' ? 'DEFAULT_DENOISE_MODEL' : 'DEFAULT_DEBLOCK_MODEL';
    const entry = result.find((candidate) => candidate.id === id);
    if (!entry) {
      const known = result.filter((m) => m.kind === 'restoration').map((m) => m.id);
      throw defaultError(
        `${variable}: no model '${id}' is registered; restoration models: ${known.join(', ') || 'none'}`,
      );
    }
    if (entry.kind !== 'restoration')
      throw defaultError(`${variable}: '${id}' is a ${entry.kind} model, not a 1x restoration one`);
    result = result.map((m) => {
      if (m.id === id) return { ...withDefault(m, true), task };
      return m.kind === 'restoration' && m.task === task ? withDefault(m, false) : m;
    });
  }
  return result;
}

function withDefault(entry: ModelEntry, isDefault: boolean): ModelEntry {
  const { default: _previous, ...rest } = entry;
  return isDefault ? { ...rest, default: true } : rest;
}

function checkOnePerSlot(entries: readonly ModelEntry[]): void {
  const seen = new Map<string, string>();
  for (const entry of entries.filter((m) => m.default === true)) {
    const slot =
      entry.kind === 'sr'
        ? `sr x${entry.scale}`
        : entry.kind === 'vfi'
          ? 'vfi'
          : `restoration ${entry.task ?? '(no task)'}`;
    const other = seen.get(slot);
    if (other !== undefined)
      throw defaultError(
        `two default ${slot} models: '${other}' and '${entry.id}'; keep one (DEFAULT_SR_MODEL and DEFAULT_VFI_MODEL take one id per kind and scale)`,
      );
    seen.set(slot, entry.id);
  }
}

function defaultError(message: string): ModelError {
  return new ModelError('MODEL_DEFAULT', `default model: ${message}`);
}
