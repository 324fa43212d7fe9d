// Registers the .onnx files of a folder as manifest entries, from what the
// files themselves say: onnxruntime's input/output metadata for the kind and
// dtype, and tiny probe runs for the scale and any size multiple.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { FrameRunner, type FrameBatch } from './frame-runner.js';
import { checkContract, sessionSignature, type ModelContract } from './model-contract.js';
import type { ModelEntry } from './model-manifest.js';
import type { InferenceLogger, ModelSession } from './model-session.js';
import { frameBytes } from './pixel-format.js';

/** A file that could not be registered, and why. */
export interface SkippedModel {
  file: string;
  reason: string;
}

/** What {@link discoverModels} found. */
export interface DiscoveredModels {
  entries: ModelEntry[];
  skipped: SkippedModel[];
}

/** Multiples tried, smallest first, when a model refuses an odd size. */
const MULTIPLES = [2, 4, 8, 16, 32, 64];

/**
 * Reads every `*.onnx` in `dir` (not recursive) on cpu: id = file name
 * without `.onnx`, lowercased; sha256 from the bytes; kind and dtype from the
 * declared inputs and outputs; scale and padding multiple from probe runs of
 * a few pixels. Files that fit no contract are skipped, with the reason.
 */
export async function discoverModels(
  dir: string,
  options: { licence?: string; logger?: InferenceLogger } = {},
): Promise<DiscoveredModels> {
  const files = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.onnx')).sort();
  const found: DiscoveredModels = { entries: [], skipped: [] };
  for (const file of files) {
    try {
      found.entries.push(await describeModel(join(dir, file), options.licence ?? 'unspecified'));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      options.logger?.warn(`models: skipping ${join(dir, file)}: ${reason}`);
      found.skipped.push({ file: join(dir, file), reason });
    }
  }
  return found;
}

async function describeModel(path: string, licence: string): Promise<ModelEntry> {
  const bytes = await readFile(path);
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'basic' });
  try {
    const contract = checkContract(sessionSignature(session));
    const model: ModelSession = {
      session,
      inputName: session.inputNames[0]!,
      outputName: session.outputNames[0]!,
      provider: 'cpu',
    };
    // A model stored in packed form runs on its own format; a planar one probes as rgb24.
    const runner = new FrameRunner(
      model,
      contract.kind,
      contract.layout === 'nchw' ? 'rgb24' : contract.layout,
    );
    const { scale, padMultiple } = await probeSizes(runner, contract);
    // A one-frame model that keeps the size restores (denoise, deblock): it upscales nothing.
    const kind = contract.kind === 'sr' && scale === 1 ? 'restoration' : contract.kind;
    return {
      id: basename(path)
        .replace(/\.onnx$/i, '')
        .toLowerCase(),
      kind,
      scale,
      ...(contract.strengthInput !== undefined && { strengthInput: contract.strengthInput }),
      source: { type: 'file', path },
      sha256: createHash('sha256').update(bytes).digest('hex'),
      padMultiple,
      dtype: contract.dtype,
      licence,
      layout: contract.layout,
    };
  } finally {
    await session.release();
  }
}

/** Runs the model on a 13×11 frame, then on multiples of 2, 4, … until it answers. */
async function probeSizes(
  runner: FrameRunner,
  contract: ModelContract,
): Promise<{ scale: number; padMultiple: number }> {
  const failures: string[] = [];
  for (const [multiple, width, height] of [
    [1, 13, 11],
    ...MULTIPLES.map((m) => [m, 3 * m, 3 * m]),
  ] as const) {
    try {
      const scale = await probe(runner, contract, width, height);
      return { scale, padMultiple: multiple };
    } catch (error) {
      failures.push(
        `${width}x${height}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  throw new Error(`the model ran on no probe size (${failures.slice(0, 2).join('; ')})`);
}

/** One probe run; resolves to the integer scale of the output. */
async function probe(
  runner: FrameRunner,
  contract: ModelContract,
  width: number,
  height: number,
): Promise<number> {
  const frame: FrameBatch = {
    data: new Uint8Array(frameBytes(runner.format, width, height)).fill(128),
    count: 1,
    width,
    height,
  };
  const out =
    contract.kind === 'sr'
      ? await runner.upscaleBatch(frame)
      : contract.kind === 'restoration'
        ? await runner.restoreBatch(frame, 0.05)
        : await runner.interpolateBatch(frame, frame, [0.5]);
  const scale = out.width / width;
  if (
    !Number.isInteger(scale) ||
    out.height !== scale * height ||
    (contract.kind !== 'sr' && scale !== 1)
  ) {
    throw new Error(`gave ${out.width}x${out.height}, not a whole multiple of ${width}x${height}`);
  }
  return scale;
}
