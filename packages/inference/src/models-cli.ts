#!/usr/bin/env node
// `models list` and `models pull <id>`: a thin wrapper over ModelRegistry.
//   pnpm --filter @remaster/inference models list --models-dir ../shared/models
//   pnpm --filter @remaster/inference models pull my-model --manifest models.json --cache-dir .data/models
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ModelError } from './model-error.js';
import { ModelRegistry } from './model-registry.js';
import { pullModel } from './pull-model.js';

const USAGE = `usage: models list [--manifest FILE] [--models-dir DIR]...
       models pull <id> --manifest FILE [--cache-dir DIR]`;

/** Output and ports of {@link runModelsCli}. */
export interface ModelsCliIo {
  out: (line: string) => void;
  fetch?: typeof fetch;
}

/**
 * Runs the CLI on `argv` (without node and the script); resolves to the exit code.
 * Errors are printed, not thrown.
 */
export async function runModelsCli(argv: readonly string[], io: ModelsCliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      manifest: { type: 'string' },
      'models-dir': { type: 'string', multiple: true },
      'cache-dir': { type: 'string', default: '.data/models' },
    },
  });
  const [command, id] = positionals;
  try {
    const registry = await ModelRegistry.load({
      ...(values.manifest === undefined ? {} : { manifestPath: resolve(values.manifest) }),
      modelDirs: (values['models-dir'] ?? []).map((dir) => resolve(dir)),
      cacheDir: resolve(values['cache-dir']),
      ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
      logger: { info: io.out, warn: io.out },
    });
    if (command === 'list') {
      for (const model of registry.list()) {
        const scale = model.kind === 'sr' ? `x${model.scale}` : '';
        io.out(
          [model.id, `${model.kind}${scale}`, model.dtype, model.source, model.licence].join('\t'),
        );
      }
      return 0;
    }
    if (command === 'pull' && id !== undefined) {
      const path = await pullModel(
        registry.entry(id),
        resolve(values['cache-dir']),
        io.fetch ? { fetch: io.fetch } : {},
      );
      io.out(`${id}: ${path}`);
      return 0;
    }
    io.out(USAGE);
    return 2;
  } catch (error) {
    io.out(error instanceof ModelError ? `${error.code}: ${error.message}` : String(error));
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runModelsCli(process.argv.slice(2), {
    out: (line) => console.log(line),
  });
}
