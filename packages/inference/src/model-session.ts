import * as ort from 'onnxruntime-node';
import { sessionExecutionProviders, type ExecutionProviderName } from './execution-providers.js';

/** The logging this package does; `console` and pino loggers both fit. */
export interface InferenceLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Where the model comes from: ONNX bytes in memory or a file path. */
export type ModelSource = { bytes: Uint8Array; path?: never } | { path: string; bytes?: never };

/** Options for {@link loadModelSession}. */
export type LoadModelSessionOptions = ModelSource & {
  /** Providers in priority order, as returned by `parseExecutionProviders`. */
  executionProviders: readonly ExecutionProviderName[];
  /** GPU index for cuda/tensorrt; onnxruntime's default (0) when absent. */
  deviceId?: number;
  /** Defaults to `console`, so the provider line is never silently lost. */
  logger?: InferenceLogger;
};

/** A ready onnxruntime session for a single-input, single-output model. */
export interface ModelSession {
  session: ort.InferenceSession;
  inputName: string;
  outputName: string;
  /**
   * The highest-priority provider the session was created with. onnxruntime
   * may still run nodes a GPU provider lacks on CPU; that is not reported.
   */
  provider: ExecutionProviderName;
}

/**
 * Creates one onnxruntime session (all graph optimisations on). Providers
 * this onnxruntime build lacks, or that fail to start (e.g. CUDA libraries
 * missing), are dropped for CPU with a warning naming the cause, but only
 * when the list also names 'cpu': falling back is a configuration choice.
 *
 * @throws Error when the model does not load, with the providers tried and the cause.
 */
export async function loadModelSession(options: LoadModelSessionOptions): Promise<ModelSession> {
  const { executionProviders: requested, deviceId, logger = console } = options;
  const source = modelSource(options);
  const label = typeof source === 'string' ? source : `${source.length}-byte model`;
  const list = `[${requested.join(', ')}]`;
  if (requested.length === 0) {
    throw new Error(`no execution provider given for ${label}: pass e.g. ['cpu']`);
  }
  logger.info(`onnxruntime: loading ${label} with execution providers ${list}`);
  const canFallBack = requested.includes('cpu') && requested.some((name) => name !== 'cpu');
  let loaded: ModelSession;
  try {
    loaded = await createSession(source, usableProviders(requested), deviceId);
  } catch (error) {
    if (!canFallBack) {
      throw loadError(`could not load ${label} with execution providers ${list}`, error);
    }
    logger.warn(
      `onnxruntime: ${list} failed for ${label}, falling back to cpu: ${messageOf(error)}`,
    );
    try {
      loaded = await createSession(source, ['cpu'], deviceId);
    } catch (cpuError) {
      throw loadError(`could not load ${label} on cpu after ${list} failed`, cpuError);
    }
  }
  logger.info(`onnxruntime: ${label} ready on ${loaded.provider}`);
  return loaded;
}

/**
 * onnxruntime-common silently drops providers the build lacks (e.g. dml on
 * Linux) and runs on what is left; refusing them here keeps `provider`
 * truthful and routes them through the logged fallback.
 */
function usableProviders(
  requested: readonly ExecutionProviderName[],
): readonly ExecutionProviderName[] {
  const built = ort.listSupportedBackends().map((backend) => backend.name);
  const missing = requested.filter((name) => !built.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `this onnxruntime build has no ${missing.join(', ')} provider (it has ${built.join(', ')})`,
    );
  }
  return requested;
}

function modelSource(options: ModelSource): Uint8Array | string {
  if (options.path !== undefined) return options.path;
  if (options.bytes !== undefined) return options.bytes;
  throw new Error('pass the model as bytes or as a path');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function loadError(context: string, cause: unknown): Error {
  return new Error(`${context}: ${messageOf(cause)}`, { cause });
}

async function createSession(
  source: Uint8Array | string,
  providers: readonly ExecutionProviderName[],
  deviceId: number | undefined,
): Promise<ModelSession> {
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: sessionExecutionProviders(providers, deviceId),
    graphOptimizationLevel: 'all',
  };
  // The overloads for bytes and path differ, so TypeScript needs them apart.
  const session =
    typeof source === 'string'
      ? await ort.InferenceSession.create(source, sessionOptions)
      : await ort.InferenceSession.create(source, sessionOptions);
  const [inputName] = session.inputNames;
  const [outputName] = session.outputNames;
  if (inputName === undefined || outputName === undefined) {
    await session.release();
    throw new Error('the model needs at least one input and one output');
  }
  return { session, inputName, outputName, provider: providers[0] ?? 'cpu' };
}
