// Models registered on this machine by `npm run models` (apps/launcher): folders of .onnx
// files added with `models add`, and models downloaded by URL with `models pull`. The
// launcher gives every role these folders on top of MODELS_DIR.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from './config.js';
import { ConfigError, pathKind } from './config.js';

/** The file that lists the folders `models add` registered. */
export function registeredModelsFile(dataDir: string): string {
  return join(dataDir, 'models', 'registered.json');
}

/** Where `models pull <url>` puts what it downloads; a model folder once it exists. */
export function pulledModelsDir(dataDir: string): string {
  return join(dataDir, 'models', 'pulled');
}

/** The folders `models add` registered, in the order they were added. */
export function registeredModelDirs(dataDir: string): string[] {
  const file = registeredModelsFile(dataDir);
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `${file} is not JSON (${String(error)}): fix or delete it, then add folders again with \`npm run models -- add <folder>\``,
    );
  }
  const dirs = (parsed as { dirs?: unknown }).dirs;
  if (!Array.isArray(dirs) || !dirs.every((dir) => typeof dir === 'string'))
    throw new ConfigError(`${file} has no "dirs" list of folder paths: fix or delete it`);
  return dirs;
}

/** Adds a folder (as an absolute path) to the registered ones; false when it was there. */
export async function registerModelDir(dataDir: string, dir: string): Promise<boolean> {
  const dirs = registeredModelDirs(dataDir);
  const absolute = resolve(dir);
  if (dirs.includes(absolute)) return false;
  await writeRegisteredDirs(dataDir, [...dirs, absolute]);
  return true;
}

/** Removes a registered folder; false when it was not registered. */
export async function unregisterModelDir(dataDir: string, dir: string): Promise<boolean> {
  const dirs = registeredModelDirs(dataDir);
  const absolute = resolve(dir);
  if (!dirs.includes(absolute)) return false;
  await writeRegisteredDirs(
    dataDir,
    dirs.filter((d) => d !== absolute),
  );
  return true;
}

/** Replaces the list at once (written beside it, then renamed): a reader never sees half. */
async function writeRegisteredDirs(dataDir: string, dirs: readonly string[]): Promise<void> {
  const file = registeredModelsFile(dataDir);
  await mkdir(join(dataDir, 'models'), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ dirs }, null, 2)}\n`);
  await rename(temporary, file);
}

/**
 * Every model folder of this machine, absolute and without repeats: MODELS_DIR (relative
 * to the working directory), then the folders `models add` registered, then the folder of
 * pulled models when there is one.
 *
 * @throws ConfigError when a registered folder is gone (the message says how to remove it).
 */
export function localModelDirs(config: Pick<Config, 'DATA_DIR' | 'MODELS_DIR'>): string[] {
  const registered = registeredModelDirs(config.DATA_DIR);
  const gone = registered.filter((dir) => pathKind(dir) !== 'directory');
  if (gone.length > 0)
    throw new ConfigError(
      `invalid configuration:\n${gone
        .map(
          (dir) =>
            `  ${registeredModelsFile(config.DATA_DIR)}: registered model folder "${dir}" is not there any more; ` +
            `put it back, or run \`npm run models -- remove ${dir}\``,
        )
        .join('\n')}`,
    );
  const pulled = pulledModelsDir(config.DATA_DIR);
  const dirs = [
    ...config.MODELS_DIR.map((dir) => resolve(dir)),
    ...registered,
    ...(pathKind(pulled) === 'directory' ? [pulled] : []),
  ];
  return [...new Set(dirs)];
}
