// Model ids → manifest entries → loadable bytes. One registry per process,
// built at start-up from the built-ins, an optional manifest file and
// optional model folders.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { findBuiltinModel } from '@remaster/onnx-graph';
import { discoverModels } from './discover-models.js';
import { applyModelDefaults, type ModelDefaults } from './model-defaults.js';
import {
  builtinEntries,
  modelInfo,
  parseModelManifest,
  type ModelEntry,
  type ModelInfo,
} from './model-manifest.js';
import { ModelError } from './model-error.js';
import type { InferenceLogger } from './model-session.js';
import { pullModel } from './pull-model.js';

/** Ports and places of a {@link ModelRegistry}. */
export interface ModelRegistryOptions {
  /** Where downloaded models are kept; needed only for `url` entries. */
  cacheDir?: string;
  /** For downloads; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** What {@link ModelRegistry.load} reads. */
export interface LoadRegistryOptions extends ModelRegistryOptions {
  /** A manifest JSON file (see `parseModelManifest`). */
  manifestPath?: string;
  /** Folders whose .onnx files are registered from their own metadata. */
  modelDirs?: readonly string[];
  /** Leave out the built-in models; default false. */
  withoutBuiltins?: boolean;
  /** DEFAULT_SR_MODEL / DEFAULT_VFI_MODEL; checked against what is registered. */
  defaults?: ModelDefaults;
  logger?: InferenceLogger;
}

/** The models this process knows, by id. */
export class ModelRegistry {
  private readonly entries = new Map<string, ModelEntry>();

  /** @throws ModelError MODEL_MANIFEST when two entries share an id. */
  constructor(
    entries: readonly ModelEntry[],
    private readonly options: ModelRegistryOptions = {},
  ) {
    for (const entry of entries) {
      if (this.entries.has(entry.id)) {
        throw new ModelError(
          'MODEL_MANIFEST',
          `two models have the id '${entry.id}'; ids must be unique`,
        );
      }
      this.entries.set(entry.id, entry);
    }
  }

  /**
   * Built-ins, then the manifest's entries, then discovered files. A
   * discovered file whose id a manifest already lists is left out, so a
   * manifest can give a folder's model its licence and description.
   *
   * @throws ModelError MODEL_MANIFEST, or MODEL_DEFAULT when a configured default is not
   *   registered or does not fit (see `applyModelDefaults`).
   */
  static async load(options: LoadRegistryOptions = {}): Promise<ModelRegistry> {
    const entries = options.withoutBuiltins ? [] : builtinEntries();
    if (options.manifestPath !== undefined) {
      const text = await readFile(options.manifestPath, 'utf8');
      entries.push(
        ...parseModelManifest(parseJson(text, options.manifestPath), dirname(options.manifestPath)),
      );
    }
    for (const dir of options.modelDirs ?? []) {
      const found = await discoverModels(dir, options.logger ? { logger: options.logger } : {});
      entries.push(
        ...found.entries.filter((entry) => !entries.some((known) => known.id === entry.id)),
      );
    }
    return new ModelRegistry(applyModelDefaults(entries, options.defaults), options);
  }

  /** Every model, sorted by id, as `GET /v1/models` lists them. */
  list(): ModelInfo[] {
    return [...this.entries.values()].sort((a, b) => a.id.localeCompare(b.id)).map(modelInfo);
  }

  /** @throws ModelError MODEL_NOT_FOUND naming the ids there are. */
  entry(id: string): ModelEntry {
    const entry = this.entries.get(id);
    if (entry === undefined) {
      const known = [...this.entries.keys()].sort().join(', ');
      throw new ModelError('MODEL_NOT_FOUND', `no model '${id}'; known models: ${known}`);
    }
    return entry;
  }

  /**
   * The ONNX bytes of a model: built-ins are generated, files are read,
   * downloads are pulled into the cache first. sha256 is checked when known.
   *
   * @throws ModelError MODEL_NOT_FOUND, MODEL_CHECKSUM, MODEL_DOWNLOAD.
   */
  async bytes(id: string): Promise<Uint8Array> {
    const entry = this.entry(id);
    const { source } = entry;
    switch (source.type) {
      case 'builtin': {
        const builtin = findBuiltinModel(id);
        if (builtin === undefined)
          throw new ModelError('MODEL_NOT_FOUND', `no built-in model '${id}'`);
        return builtin.build();
      }
      case 'file':
        return readChecked(entry, source.path);
      case 'url': {
        const { cacheDir, fetch } = this.options;
        if (cacheDir === undefined) {
          throw new ModelError(
            'MODEL_DOWNLOAD',
            `model ${id} must be downloaded but no cache folder is configured`,
          );
        }
        return readChecked(entry, await pullModel(entry, cacheDir, fetch ? { fetch } : {}));
      }
    }
  }
}

async function readChecked(entry: ModelEntry, path: string): Promise<Uint8Array> {
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new ModelError('MODEL_NOT_FOUND', `model ${entry.id}: cannot read ${path}`, {
      cause: error,
    });
  });
  if (entry.sha256 !== undefined) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== entry.sha256) {
      throw new ModelError(
        'MODEL_CHECKSUM',
        `model ${entry.id}: ${path} has sha256 ${actual}, the manifest lists ${entry.sha256}`,
      );
    }
  }
  return bytes;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ModelError('MODEL_MANIFEST', `model manifest ${path} is not JSON: ${String(error)}`);
  }
}
