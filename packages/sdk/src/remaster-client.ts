import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import type {
  Job,
  JobCheck,
  JobCheckRequest,
  JobList,
  JobRequest,
  ListQuery,
  Model,
  Quote,
  UploadResult,
  WebhookDelivery,
  WebhookSecret,
} from './api-types.js';
import { RemasterApiError, RemasterConnectionError } from './remaster-api-error.js';
import type { Route } from './routes.js';
import { ROUTES, fillPath } from './routes.js';
import { readServerSentEvents } from './server-sent-events.js';
import type { WaitOptions } from './wait-for-job.js';
import { waitForJob } from './wait-for-job.js';

export interface RemasterClientOptions {
  /** e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** The fetch to use; the global one by default. */
  readonly fetch?: typeof fetch;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface SubmitOptions extends CallOptions {
  /** The same key and body within 24 h return the original job instead of a new one. */
  readonly idempotencyKey?: string;
}

export interface UploadOptions extends CallOptions {
  /** Name kept in the object key; the file's name, or `upload.mp4` for streams. */
  readonly filename?: string;
  /** `application/octet-stream` by default, the only type the API accepts today. */
  readonly contentType?: string;
}

/** A file path, a Node stream, a web stream or bytes. */
export type UploadSource = string | Readable | ReadableStream<Uint8Array> | Uint8Array;

interface RequestOptions extends CallOptions {
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string | number | undefined>;
  readonly json?: unknown;
  readonly body?: RequestInit['body'];
  readonly headers?: Record<string, string>;
}

/** Typed client for the Remaster API (see docs/clients.md, "SDK"). */
export class RemasterClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly fetch: typeof fetch;

  constructor(options: RemasterClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Submits a job; answers at once with it queued. */
  submit(request: JobRequest, options: SubmitOptions = {}): Promise<Job> {
    const { idempotencyKey, signal } = options;
    const headers: Record<string, string> = idempotencyKey
      ? { 'idempotency-key': idempotencyKey }
      : {};
    return this.json<Job>(ROUTES.submit, { json: request, headers, signal });
  }

  /**
   * Runs every check a submit runs (schema, models, rates, webhook URL, and the input when
   * given, that its object exists) without submitting: resolves with the models the job
   * would get, or throws the {@link RemasterApiError} the submit would. `input` may be left
   * out, to check settings before the file is uploaded.
   */
  checkJob(request: JobCheckRequest, options: CallOptions = {}): Promise<JobCheck> {
    return this.json<JobCheck>(ROUTES.checkJob, { json: request, ...options });
  }

  /**
   * Predicts a job before submitting it: output frames and size, GPU-seconds, wall time at
   * the current fleet size and output bytes. The input is an s3:// object of the bucket
   * (probed by the API) or an http(s) URL (probed by the planner role, through the SSRF
   * guard). Throws the {@link RemasterApiError} a submit of the input would get (e.g.
   * `INPUT_URL_PRIVATE`, `INPUT_NOT_FOUND`, `INPUT_UNREADABLE`), or `QUOTE_PROBE_TIMEOUT`,
   * or for an http(s) input `QUOTE_UNAVAILABLE` (503: no planner running) or `QUOTE_TIMEOUT`
   * (504: no answer in time).
   */
  quote(request: JobRequest, options: CallOptions = {}): Promise<Quote> {
    return this.json<Quote>(ROUTES.quote, { json: request, ...options });
  }

  get(id: string, options: CallOptions = {}): Promise<Job> {
    return this.json<Job>(ROUTES.get, { params: { id }, ...options });
  }

  /** One page of the tenant's jobs, newest first; pass `nextCursor` back for the next. */
  list(query: ListQuery = {}, options: CallOptions = {}): Promise<JobList> {
    return this.json<JobList>(ROUTES.list, { query: { ...query }, ...options });
  }

  /** Cancels a queued or running job; a finished one answers 409 `JOB_FINISHED`. */
  cancel(id: string, options: CallOptions = {}): Promise<Job> {
    return this.json<Job>(ROUTES.cancel, { params: { id }, ...options });
  }

  /**
   * Resolves with the job once it is completed, failed or canceled (it does not throw
   * for a failed job: look at `status` and `error`). Follows the server-sent events
   * stream and falls back to polling when the stream is unavailable or drops.
   */
  wait(id: string, options: WaitOptions = {}): Promise<Job> {
    return waitForJob(
      {
        get: (signal) => this.get(id, { signal }),
        events: (signal) => this.events(id, { signal }),
      },
      options,
    );
  }

  /** The job after each update, from `GET /v1/jobs/:id/events`, until the stream ends. */
  async *events(id: string, options: CallOptions = {}): AsyncGenerator<Job> {
    const response = await this.send(ROUTES.events, {
      params: { id },
      headers: { accept: 'text/event-stream' },
      ...options,
    });
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('text/event-stream') || !response.body) {
      await response.body?.cancel();
      throw new RemasterApiError(
        response.status,
        'NOT_AN_EVENT_STREAM',
        `${response.url} answered ${type || 'no content type'}, not text/event-stream`,
      );
    }
    for await (const message of readServerSentEvents(response.body)) {
      if (message.event === 'job' || message.event === 'message')
        yield JSON.parse(message.data) as Job;
    }
  }

  /** Streams a file or stream into the bucket; use the answered `url` as `input.url`. */
  async upload(source: UploadSource, options: UploadOptions = {}): Promise<UploadResult> {
    const { contentType = 'application/octet-stream', signal } = options;
    let body: RequestInit['body'];
    let filename = options.filename ?? 'upload.mp4';
    if (typeof source === 'string') {
      if (!(await stat(source)).isFile()) throw new Error(`${source} is not a file`);
      body = createReadStream(source);
      filename = options.filename ?? basename(source);
    } else {
      body = source as RequestInit['body'];
    }
    return this.json<UploadResult>(ROUTES.upload, {
      query: { filename },
      headers: { 'content-type': contentType },
      body,
      signal,
    });
  }

  /**
   * Downloads a completed job's output to `path` (written beside it, then renamed, so
   * `path` never holds half a file). A job id, or a job whose URL has expired, is
   * fetched again first. Answers the job used.
   */
  async download(job: Job | string, path: string, options: CallOptions = {}): Promise<Job> {
    const { signal } = options;
    let current = typeof job === 'string' ? await this.get(job, { signal }) : job;
    const expiresAt = current.output ? Date.parse(current.output.urlExpiresAt) : 0;
    if (typeof job !== 'string' && expiresAt < Date.now() + 10_000)
      current = await this.get(current.id, { signal });
    if (!current.output)
      throw new Error(`job ${current.id} has no output to download: it is ${current.status}`);
    const response = await this.fetchOrThrow(current.output.url, { signal });
    if (!response.ok || !response.body) throw await RemasterApiError.fromResponse(response);
    const partial = `${path}.part`;
    try {
      await pipeline(Readable.fromWeb(response.body), createWriteStream(partial));
      await rename(partial, path);
    } finally {
      await rm(partial, { force: true });
    }
    return current;
  }

  /** Models a job may name. */
  async models(options: CallOptions = {}): Promise<Model[]> {
    return (await this.json<{ items: Model[] }>(ROUTES.models, options)).items;
  }

  /** The tenant's `whsec_…` signing secret for `verifyWebhook`. */
  webhookSecret(options: CallOptions = {}): Promise<WebhookSecret> {
    return this.json<WebhookSecret>(ROUTES.webhookSecret, options);
  }

  /** Replaces the tenant's secret; the old one keeps signing as a second signature for a while. */
  rotateWebhookSecret(options: CallOptions = {}): Promise<WebhookSecret> {
    return this.json<WebhookSecret>(ROUTES.rotateWebhookSecret, options);
  }

  /** Every webhook delivery attempt made for a job. */
  async webhookDeliveries(id: string, options: CallOptions = {}): Promise<WebhookDelivery[]> {
    const answer = await this.json<{ deliveries: WebhookDelivery[] }>(ROUTES.webhookDeliveries, {
      params: { id },
      ...options,
    });
    return answer.deliveries;
  }

  private async json<T>(route: Route, options: RequestOptions = {}): Promise<T> {
    return (await (await this.send(route, options)).json()) as T;
  }

  /** Sends one request; answers the response when it is 2xx, else throws its error. */
  private async send(route: Route, options: RequestOptions): Promise<Response> {
    const { params, query, json, signal } = options;
    const url = new URL(this.baseUrl + fillPath(route.path, params));
    for (const [name, value] of Object.entries(query ?? {}))
      if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    };
    const body = json === undefined ? options.body : JSON.stringify(json);
    const streamed = body !== undefined && typeof body !== 'string';
    const response = await this.fetchOrThrow(url.href, {
      method: route.method,
      headers,
      body,
      signal,
      // Node's fetch needs this to send a stream as the body.
      ...(streamed ? { duplex: 'half' as const } : {}),
    });
    if (!response.ok) throw await RemasterApiError.fromResponse(response);
    return response;
  }

  private async fetchOrThrow(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(url, init);
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new RemasterConnectionError(new URL(url).origin, { cause: error });
    }
  }
}
