import * as ort from 'onnxruntime-node';
import { sessionExecutionProviders, type ExecutionProviderName } from './execution-providers.js';
import {
  createOrtSession,
  createSessionOnThread,
  type RunnableSession,
} from './inference-thread.js';
import { ModelError } from './model-error.js';
import {
  describeNodeProviders,
  profileTarget,
  readNodeProviders,
  type NodeProviders,
} from './session-profile.js';

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
  /** Names the model in log lines and errors; defaults to the path or the byte count. */
  label?: string;
  /**
   * Runs the model once before the session is handed out (allocations,
   * kernel selection). That run is profiled to learn which provider ran each
   * node; a failing warm-up counts as a failed load (and may fall back to cpu).
   */
  warmUp?: (model: ModelSession) => Promise<void>;
  /** onnxruntime's CPU threads; see {@link SessionThreads}. */
  threads?: SessionThreads;
};

/**
 * How onnxruntime uses the host's CPU. A worker shares its cores with two ffmpeg
 * processes and Node, so by default the pool's threads sleep between runs instead of
 * spinning: onnxruntime's default spin kept both cores busy after every run (an identity
 * model cost 5.8 ms of CPU a 360p frame instead of 1.3 ms, and the chunk path fell to a
 * third of ffmpeg alone; docs/benchmarks.md).
 */
export interface SessionThreads {
  /** Threads of one run (intra-op); 0 or absent: onnxruntime's default (one per physical core). */
  intraOp?: number;
  /** Whether idle pool threads spin waiting for work; default false. */
  spinning?: boolean;
  /**
   * Where runs happen: `inference` (default), the process's inference thread, so the
   * event loop keeps the ffmpeg pipes moving while a model runs; `caller`, the calling
   * thread, blocking its event loop for each run (benchmarks compare the two).
   */
  runOn?: 'inference' | 'caller';
}

/** The session options {@link SessionThreads} stands for. */
function threadOptions(threads: SessionThreads = {}): ort.InferenceSession.SessionOptions {
  const spin = threads.spinning === true ? '1' : '0';
  return {
    ...(threads.intraOp ? { intraOpNumThreads: threads.intraOp } : {}),
    extra: { session: { 'intra_op.allow_spinning': spin, 'inter_op.allow_spinning': spin } },
  };
}

/** A ready onnxruntime session for a single-input, single-output model. */
export interface ModelSession {
  session: RunnableSession;
  inputName: string;
  outputName: string;
  /**
   * The provider that ran the model: after a warm-up, the highest-priority
   * provider that ran any node; without one, the highest-priority provider
   * the session was created with.
   */
  provider: ExecutionProviderName;
  /** Nodes each provider ran in the warm-up (onnxruntime puts nodes a GPU provider lacks on cpu). */
  nodeProviders?: NodeProviders;
  /** Milliseconds the warm-up run took. */
  warmUpMs?: number;
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
  const { executionProviders: requested, deviceId, logger = console, warmUp, threads } = options;
  const source = modelSource(options);
  const label =
    options.label ?? (typeof source === 'string' ? source : `${source.length}-byte model`);
  const list = `[${requested.join(', ')}]`;
  if (requested.length === 0) {
    throw new Error(`no execution provider given for ${label}: pass e.g. ['cpu']`);
  }
  logger.info(`onnxruntime: loading ${label} with execution providers ${list}`);
  const canFallBack = requested.includes('cpu') && requested.some((name) => name !== 'cpu');
  let loaded: ModelSession;
  try {
    loaded = await createSession(source, usableProviders(requested), { deviceId, warmUp, threads });
  } catch (error) {
    // A model that does not fit its contract fails the same way on every provider.
    if (error instanceof ModelError) throw error;
    if (!canFallBack) {
      throw loadError(`could not load ${label} with execution providers ${list}`, error);
    }
    logger.warn(
      `onnxruntime: ${list} failed for ${label}, falling back to cpu: ${messageOf(error)}`,
    );
    try {
      loaded = await createSession(source, ['cpu'], { deviceId, warmUp, threads });
    } catch (cpuError) {
      throw loadError(`could not load ${label} on cpu after ${list} failed`, cpuError);
    }
  }
  logger.info(`onnxruntime: ${label} ready on ${loaded.provider}${warmUpNote(loaded)}`);
  const requestedFirst = requested[0];
  if (loaded.nodeProviders && requestedFirst && loaded.provider !== requestedFirst) {
    logger.warn(
      `onnxruntime: ${label} was asked to run on ${requestedFirst} but ran no node there`,
    );
  }
  return loaded;
}

function warmUpNote(loaded: ModelSession): string {
  if (loaded.nodeProviders === undefined) return '';
  const ms = Math.round(loaded.warmUpMs ?? 0);
  return ` (warm-up ${ms} ms; nodes run: ${describeNodeProviders(loaded.nodeProviders)})`;
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

interface CreateOptions {
  deviceId: number | undefined;
  warmUp: ((model: ModelSession) => Promise<void>) | undefined;
  threads: SessionThreads | undefined;
}

async function createSession(
  source: Uint8Array | string,
  providers: readonly ExecutionProviderName[],
  { deviceId, warmUp, threads }: CreateOptions,
): Promise<ModelSession> {
  const profile = warmUp ? await profileTarget() : undefined;
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: sessionExecutionProviders(providers, deviceId),
    graphOptimizationLevel: 'all',
    ...threadOptions(threads),
    ...(profile ? { enableProfiling: true, profileFilePrefix: profile.prefix } : {}),
  };
  try {
    const session = await openSession(source, sessionOptions, threads?.runOn ?? 'inference');
    const loaded = await describeSession(session, providers);
    if (!warmUp || !profile) return loaded;
    return await warmedUp(loaded, warmUp, profile, providers);
  } finally {
    await profile?.remove();
  }
}

async function openSession(
  source: Uint8Array | string,
  options: ort.InferenceSession.SessionOptions,
  runOn: 'inference' | 'caller',
): Promise<RunnableSession> {
  return runOn === 'inference'
    ? createSessionOnThread(source, options)
    : createOrtSession(source, options);
}

async function describeSession(
  session: RunnableSession,
  providers: readonly ExecutionProviderName[],
): Promise<ModelSession> {
  const [inputName] = session.inputNames;
  const [outputName] = session.outputNames;
  if (inputName === undefined || outputName === undefined) {
    await session.release();
    throw new Error('the model needs at least one input and one output');
  }
  return { session, inputName, outputName, provider: providers[0] ?? 'cpu' };
}

async function warmedUp(
  loaded: ModelSession,
  warmUp: (model: ModelSession) => Promise<void>,
  profile: Awaited<ReturnType<typeof profileTarget>>,
  providers: readonly ExecutionProviderName[],
): Promise<ModelSession> {
  const started = performance.now();
  try {
    await warmUp(loaded);
  } catch (error) {
    await loaded.session.release();
    if (error instanceof ModelError) throw error;
    throw new Error(`warm-up run failed: ${messageOf(error)}`, { cause: error });
  }
  const warmUpMs = performance.now() - started;
  const nodeProviders = await readNodeProviders(loaded.session, profile);
  const provider = providers.find((name) => (nodeProviders[name] ?? 0) > 0) ?? loaded.provider;
  return { ...loaded, provider, nodeProviders, warmUpMs };
}
