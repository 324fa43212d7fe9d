/**
 * Models a job may name, and the default per operation. The inference package builds
 * the built-in graphs; a test there checks that both lists agree.
 */
export const MODEL_CATALOG = [
  { id: 'bicubic-x2', kind: 'sr', scale: 2 },
  { id: 'bicubic-x4', kind: 'sr', scale: 4 },
  { id: 'blend', kind: 'vfi', scale: 1 },
] as const;

export type ModelKind = 'sr' | 'vfi';

export function defaultModel(kind: ModelKind, scale = 1): string {
  return kind === 'sr' ? `bicubic-x${scale}` : 'blend';
}

/** Undefined when the id is known and fits the operation, else a message saying what fits. */
export function checkModel(id: string, kind: ModelKind, scale?: number): string | undefined {
  const fits = (m: (typeof MODEL_CATALOG)[number]) =>
    m.kind === kind && (scale === undefined || kind === 'vfi' || m.scale === scale);
  const model = MODEL_CATALOG.find((m) => m.id === id);
  if (!model || !fits(model)) {
    const fitting = MODEL_CATALOG.filter(fits).map((m) => m.id);
    return `model "${id}" is not available for this operation; use one of: ${fitting.join(', ')}`;
  }
  return undefined;
}
