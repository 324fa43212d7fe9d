// The process's inference thread: onnxruntime-node runs a session synchronously on
// the thread that calls it, so on the event loop a run stops the ffmpeg pipes for its
// whole length: the decoder cannot hand over the next frame nor the encoder take the
// last, and decode, model and encode run one after another instead of at once. Sessions
// opened here live on one worker thread (inference-thread-worker.ts) and run there, one
// at a time as before; the event loop only posts the inputs and takes the outputs.
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

/** The part of an onnxruntime session this package uses; a session on either thread fits. */
export interface RunnableSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  run(feeds: ort.InferenceSession.FeedsType): Promise<ort.InferenceSession.ReturnType>;
  release(): Promise<void>;
  /** Writes the profile; awaited, since on the inference thread it is written there. */
  endProfiling(): void | Promise<void>;
}

type TypedData = Exclude<ort.Tensor.DataType, string[]>;

/** A tensor as it crosses between the threads: its samples move, they are not copied twice. */
export interface WireTensor {
  readonly type: ort.Tensor.Type;
  readonly dims: readonly number[];
  readonly data: TypedData;
}

/** What the event loop asks of the inference thread. */
export type ThreadRequest =
  | {
      readonly kind: 'create';
      readonly source: Uint8Array | string;
      readonly options: ort.InferenceSession.SessionOptions;
    }
  | { readonly kind: 'run'; readonly session: number; readonly feeds: Record<string, WireTensor> }
  | { readonly kind: 'release'; readonly session: number }
  | { readonly kind: 'endProfiling'; readonly session: number };

/** A created session as the inference thread describes it. */
export interface CreatedSession {
  readonly session: number;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
}

/** The inference thread's answer to request `id`. */
export type ThreadReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { name: string; message: string } };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** One worker thread, its requests answered in order. */
class InferenceThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor() {
    this.worker = startWorker();
    // Idle, the thread does not keep the process alive; a request in flight does.
    this.worker.unref();
    this.worker.on('message', (reply: ThreadReply) => this.settle(reply));
    this.worker.on('error', (error: Error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`exited with code ${code}`)));
  }

  request<T>(message: ThreadRequest, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    });
    if (this.pending.size === 1) this.worker.ref();
    this.worker.postMessage({ ...message, id }, transfer);
    return answer as Promise<T>;
  }

  private settle(reply: ThreadReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
  }

  private fail(cause: Error): void {
    this.failure ??= new Error(`the inference thread stopped: ${cause.message}`, { cause });
    if (shared === this) shared = undefined;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}

/**
 * The worker: the built .js beside this file; from sources (tsx), the .ts, after
 * registering tsx in the thread (Node 20 does not hand the main thread's loader hooks
 * to workers).
 */
function startWorker(): Worker {
  // None of the parent's flags: under `node --test` they would make the thread a test run.
  const options = { execArgv: [] };
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./inference-thread-worker.js', import.meta.url), options);
  }
  const worker = JSON.stringify(new URL('./inference-thread-worker.ts', import.meta.url).href);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(
    `import(${tsx}).then((tsx) => { tsx.register(); return import(${worker}); });`,
    { ...options, eval: true },
  );
}

let shared: InferenceThread | undefined;

/** An onnxruntime session on the calling thread, from bytes or a path. */
export function createOrtSession(
  source: Uint8Array | string,
  options: ort.InferenceSession.SessionOptions,
): Promise<ort.InferenceSession> {
  // The overloads for bytes and path differ, so TypeScript needs them apart.
  return typeof source === 'string'
    ? ort.InferenceSession.create(source, options)
    : ort.InferenceSession.create(source, options);
}

/**
 * Creates an onnxruntime session on the process's inference thread (started on first
 * use; sessions share it, so runs stay one at a time as on the event loop).
 */
export async function createSessionOnThread(
  source: Uint8Array | string,
  options: ort.InferenceSession.SessionOptions,
): Promise<RunnableSession> {
  const thread = (shared ??= new InferenceThread());
  const created = await thread.request<CreatedSession>({ kind: 'create', source, options });
  return new ThreadSession(thread, created);
}

/** A session that lives on the inference thread. */
class ThreadSession implements RunnableSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  private readonly id: number;

  constructor(
    private readonly thread: InferenceThread,
    created: CreatedSession,
  ) {
    this.id = created.session;
    this.inputNames = created.inputNames;
    this.outputNames = created.outputNames;
    this.inputMetadata = created.inputMetadata;
    this.outputMetadata = created.outputMetadata;
  }

  /**
   * Inputs are copied once (the caller keeps its frames) and moved to the thread; the
   * outputs onnxruntime made there are moved back, not copied.
   */
  async run(feeds: ort.InferenceSession.FeedsType): Promise<ort.InferenceSession.ReturnType> {
    const { wire, transfer } = toWire(feeds, compactCopy);
    const out = await this.thread.request<Record<string, WireTensor>>(
      { kind: 'run', session: this.id, feeds: wire },
      transfer,
    );
    const outputs: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(out)) outputs[name] = tensorOf(t);
    return outputs;
  }

  async release(): Promise<void> {
    await this.thread.request({ kind: 'release', session: this.id });
  }

  async endProfiling(): Promise<void> {
    await this.thread.request({ kind: 'endProfiling', session: this.id });
  }
}

/**
 * Tensors as they cross between the threads, with the buffers that move with them (each
 * once); `samplesOf` picks each tensor's samples (a copy, where the sender keeps them).
 */
export function toWire(
  tensors: ort.InferenceSession.OnnxValueMapType,
  samplesOf: (name: string, tensor: ort.Tensor) => TypedData,
): { wire: Record<string, WireTensor>; transfer: ArrayBuffer[] } {
  const wire: Record<string, WireTensor> = {};
  const transfer = new Set<ArrayBuffer>();
  for (const [name, tensor] of Object.entries(tensors)) {
    const data = samplesOf(name, tensor);
    wire[name] = { type: tensor.type, dims: tensor.dims, data };
    transfer.add(data.buffer as ArrayBuffer);
  }
  return { wire, transfer: [...transfer] };
}

/** A tensor of the samples that crossed over. */
export function tensorOf({ type, data, dims }: WireTensor): ort.Tensor {
  return new ort.Tensor(type, data as never, dims);
}

/** The samples of a CPU tensor in an ArrayBuffer of their own (a view's bytes only). */
function compactCopy(name: string, tensor: ort.Tensor): TypedData {
  if (tensor.location !== 'cpu' || !ArrayBuffer.isView(tensor.data)) {
    throw new TypeError(`input '${name}' must be a numeric tensor in CPU memory`);
  }
  const data = tensor.data;
  // Not `slice()`: on a Buffer that is a view of the same memory, which would then move.
  const Samples = (data instanceof Buffer ? Uint8Array : data.constructor) as new (
    from: TypedData,
  ) => TypedData;
  return new Samples(data);
}
