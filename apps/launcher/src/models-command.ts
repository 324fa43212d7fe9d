// `npm run models -- <command>`: the models of this machine, as `npm start` gives them to
// every role (built-ins, MODELS_MANIFEST, MODELS_DIR and the folders registered here).
//   list [--manifest FILE]          every model, and the defaults a job naming none gets
//                                   (restoration: the learned default, else the ffmpeg filter)
//   add <folder>                    register a folder of .onnx files (checked, then kept)
//   remove <folder>                 forget a registered folder
//   pull <url> --sha256 HEX [--id ID]   download one model, checked, into the pulled folder
//   pull <id> [--manifest FILE]     download a manifest's model into MODELS_CACHE_DIR
import { rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '@remaster/config';
import {
  ConfigError,
  localModelDirs,
  pulledModelsDir,
  registerModelDir,
  unregisterModelDir,
} from '@remaster/config';
import type { ModelInfo } from '@remaster/inference';
import {
  ModelError,
  discoverModels,
  loadModelRegistry,
  pullFile,
  pullModel,
} from '@remaster/inference';
import { chooseModel, chooseRestorationModel } from '@remaster/jobs';

export const MODELS_USAGE = `usage: npm run models -- <command>
  list [--manifest FILE]               the models npm start gives every role, and the defaults
  add <folder>                         register a folder of .onnx models on this machine
  remove <folder>                      forget a registered folder
  pull <url> --sha256 HEX [--id ID]    download a model, check its sha256, register it
  pull <id> [--manifest FILE]          download a model a manifest lists (MODELS_MANIFEST)`;

/** Output and ports of {@link runModelsCommand}. */
export interface ModelsCommandIo {
  readonly out: (line: string) => void;
  readonly fetch?: typeof fetch;
}

/** Runs the command on `argv` (after `models`); resolves to the exit status. Errors are printed. */
export async function runModelsCommand(
  argv: readonly string[],
  config: Config,
  io: ModelsCommandIo,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        manifest: { type: 'string' },
        sha256: { type: 'string' },
        id: { type: 'string' },
      },
    });
  } catch (error) {
    io.out(`${(error as Error).message}\n${MODELS_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command = 'list', target, ...extra] = positionals;
  const local = {
    ...config,
    ...(values.manifest === undefined ? {} : { MODELS_MANIFEST: resolve(values.manifest) }),
  };
  try {
    if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
    switch (command) {
      case 'list':
        await list(local, io);
        return 0;
      case 'help':
        io.out(MODELS_USAGE);
        return 0;
      case 'add':
        await add(local, need(target, 'add needs a folder'), io);
        return 0;
      case 'remove':
        if (!(await unregisterModelDir(config.DATA_DIR, need(target, 'remove needs a folder'))))
          throw new UsageError(
            `${resolve(target!)} is not registered (see npm run models -- list)`,
          );
        io.out(`removed ${resolve(target!)}; restart npm start to drop its models`);
        return 0;
      case 'pull':
        await pull(local, need(target, 'pull needs a URL or a manifest id'), values, io);
        return 0;
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.out(`${error.message}\n${MODELS_USAGE}`);
      return 2;
    }
    if (error instanceof ModelError) io.out(`${error.code}: ${error.message}`);
    else if (error instanceof ConfigError) io.out(error.message);
    else throw error;
    return 1;
  }
}

class UsageError extends Error {}

function need(value: string | undefined, message: string): string {
  if (value === undefined) throw new UsageError(message);
  return value;
}

/** The registry a role would load under `npm start` with this configuration. */
function registryOf(config: Config) {
  return loadModelRegistry({ ...config, MODELS_DIR: localModelDirs(config) });
}

async function list(config: Config, io: ModelsCommandIo): Promise<void> {
  const models = (await registryOf(config)).list();
  const rows = models.map((m) => [
    m.id,
    kindLabel(m),
    m.source,
    m.licence,
    m.default ? 'default' : '',
  ]);
  for (const line of table([['id', 'kind', 'source', 'licence', ''], ...rows])) io.out(line);
  io.out('');
  io.out('A job that names no model gets:');
  for (const line of defaultLines(models)) io.out(`  ${line}`);
  io.out('');
  io.out('Add models (then restart npm start):');
  io.out('  npm run models -- add <folder>                       a folder of .onnx files');
  io.out('  npm run models -- pull <https://…/x.onnx> --sha256 <hex>   one file, checked');
  io.out('  DEFAULT_SR_MODEL=<id> / DEFAULT_VFI_MODEL=<id> npm start   make one the default');
  io.out('  DEFAULT_DENOISE_MODEL=<id> / DEFAULT_DEBLOCK_MODEL=<id> npm start   a restoration one');
}

/** `sr ×2`, `vfi`, or `restoration` with its task and whether it takes a σ. */
function kindLabel(m: Pick<ModelInfo, 'kind' | 'scale' | 'task' | 'strengthInput'>): string {
  switch (m.kind) {
    case 'sr':
      return `sr ×${m.scale}`;
    case 'vfi':
      return 'vfi';
    case 'restoration': {
      const details = [
        m.task,
        m.strengthInput === undefined ? 'blind' : `σ in '${m.strengthInput}'`,
      ];
      return `restoration (${details.filter(Boolean).join(', ')})`;
    }
  }
}

/** What `restore.denoise` / `restore.deblock` run with no model named, and the models that could. */
function restorationLines(models: readonly ModelInfo[]): string[] {
  const tasks = [
    {
      label: 'denoise    ',
      task: 'denoise' as const,
      classical: 'nlmeans',
      variable: 'DEFAULT_DENOISE_MODEL',
    },
    {
      label: 'deblock    ',
      task: 'deblock' as const,
      classical: 'spp',
      variable: 'DEFAULT_DEBLOCK_MODEL',
    },
  ];
  const learned = models.filter((m) => m.kind === 'restoration');
  return tasks.map(({ label, task, classical, variable }) => {
    const chosen = chooseRestorationModel(undefined, { task, catalog: models });
    if (chosen) return `${label}  ${chosen.id}  (the configured default)`;
    const hint =
      learned.length > 0
        ? `; registered, not default: ${learned.map((m) => m.id).join(', ')} (set ${variable})`
        : '';
    return `${label}  ffmpeg ${classical}  (classical filter${hint})`;
  });
}

/** Which model each operation gets and why, with a hint where a learned model waits unused. */
function defaultLines(models: readonly ModelInfo[]): string[] {
  const operations = [
    { label: 'upscale ×2 ', kind: 'sr' as const, scale: 2 },
    { label: 'upscale ×4 ', kind: 'sr' as const, scale: 4 },
    { label: 'interpolate', kind: 'vfi' as const, scale: 1 },
  ];
  return operations
    .map(({ label, kind, scale }) => {
      const chosen = chooseModel(undefined, { kind, scale, catalog: models });
      const learned = models.filter(
        (m) => m.kind === kind && m.source !== 'builtin' && (kind === 'vfi' || m.scale === scale),
      );
      const why =
        chosen.chosenBy === 'default'
          ? 'the configured default'
          : learned.length > 0
            ? `built-in; registered, not default: ${learned.map((m) => m.id).join(', ')} (set ${kind === 'sr' ? 'DEFAULT_SR_MODEL' : 'DEFAULT_VFI_MODEL'})`
            : 'built-in';
      return `${label}  ${chosen.id}  (${why})`;
    })
    .concat(restorationLines(models));
}

async function add(config: Config, folder: string, io: ModelsCommandIo): Promise<void> {
  const dir = resolve(folder);
  if (
    !(await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  )
    throw new ConfigError(`${folder} (${dir}) is not a folder: name a folder of .onnx files`);
  const found = await discoverModels(dir);
  for (const skipped of found.skipped) io.out(`skipped ${skipped.file}: ${skipped.reason}`);
  if (found.entries.length === 0)
    throw new ModelError(
      'MODEL_NOT_FOUND',
      `${dir} holds no .onnx model that fits a contract (docs/design.md, "Models"); nothing registered`,
    );
  const added = await registerModelDir(config.DATA_DIR, dir);
  io.out(
    `${added ? 'registered' : 'already registered:'} ${dir}: ${found.entries
      .map((m) => `${m.id} (${kindLabel(m)})`)
      .join(', ')}`,
  );
  io.out('restart npm start to use them; npm run models -- list shows the defaults');
}

async function pull(
  config: Config,
  target: string,
  values: { sha256?: string | undefined; id?: string | undefined },
  io: ModelsCommandIo,
): Promise<void> {
  const options = io.fetch ? { fetch: io.fetch } : {};
  if (!/^https?:\/\//.test(target)) {
    const entry = (await registryOf(config)).entry(target);
    const path = await pullModel(entry, config.MODELS_CACHE_DIR, options);
    io.out(`${entry.id}: ${path}`);
    return;
  }
  const sha256 = values.sha256?.toLowerCase();
  if (sha256 === undefined || !/^[0-9a-f]{64}$/.test(sha256))
    throw new UsageError('pull <url> needs --sha256 with the 64 hex digits of the file');
  const id = (
    values.id ?? basename(new URL(target).pathname).replace(/\.onnx$/i, '')
  ).toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id))
    throw new UsageError(`"${id}" is not a model id; give one with --id (letters, digits, . _ -)`);
  const dir = pulledModelsDir(config.DATA_DIR);
  const path = join(dir, `${id}.onnx`);
  await pullFile({ id, url: target, sha256, target: path }, options);
  const found = await discoverModels(dir);
  const model = found.entries.find((entry) => entry.id === id);
  if (!model) {
    await rm(path, { force: true });
    const reason = found.skipped.find((s) => s.file === path)?.reason ?? 'not readable';
    throw new ModelError(
      'MODEL_CONTRACT',
      `${target} is not a model Remaster can run (${reason}); removed`,
    );
  }
  io.out(`${id} (${kindLabel(model)}): ${path}; restart npm start to use it`);
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
}
