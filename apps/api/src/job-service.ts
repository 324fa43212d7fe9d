import type {
  JobCheckRequest,
  JobRecord,
  JobRequest,
  JobStatus,
  JobStore,
  Lifecycle,
  QueueCoverage,
} from '@remaster/jobs';
import {
  TerminalFailure,
  asksForRestoration,
  checkModel,
  hashBody,
  isJobId,
  newJobId,
} from '@remaster/jobs';
import type { IdempotencyKeys } from '@remaster/jobs';
import type { JobResponse, OutputSigner } from '@remaster/job-view';
import { JobView } from '@remaster/job-view';
import { ApiError } from './api-error.js';
import { checkOutputSize } from './check-output-size.js';
import type { JobCheck } from './job-check.js';
import { chosenModels } from './job-check.js';
import { checkInputOwner } from './input-owner-policy.js';
import type { InputUrlPolicy } from './input-url-policy.js';
import { checkInputUrl, checkWebhookUrl } from './input-url-policy.js';
import { checkOutputRate } from './output-rate-limit.js';
import type { ModelList } from './routes/models.js';

export interface JobServiceOptions {
  /** Reads the records. */
  readonly store: JobStore;
  /** Submits and cancels: the status changes and what follows them. */
  readonly lifecycle: Pick<Lifecycle, 'submit' | 'cancel'>;
  /** Presigns the output, stills and own uploads of the jobs it shows (`JobView`). */
  readonly signer: OutputSigner;
  readonly inputPolicy: InputUrlPolicy;
  readonly outputUrlTtlSeconds: number;
  readonly idempotencyKeys: IdempotencyKeys;
  /** The models jobs may name (the worker's registry); the built-in models when absent. */
  readonly models?: ModelList;
  readonly clock?: () => Date;
  /** OUTPUT_MAX_FPS: a higher interpolate.fps is refused with 400; unchecked when absent. */
  readonly maxOutputFps?: number;
  /** Tells a job that waits for a role nobody runs (`waitingFor`); absent: never told. */
  readonly coverage?: Pick<QueueCoverage, 'waitingFor'>;
  /**
   * The planner's check of an s3:// input object (`inputObjectChecker`: missing, empty, over
   * INPUT_MAX_BYTES), run at submit so such a job is refused before 202; absent: not checked.
   */
  readonly inputObject?: (inputUrl: string) => Promise<void>;
}

export interface Submitted {
  readonly job: JobResponse;
  /** True when an Idempotency-Key returned an earlier job instead of creating one. */
  readonly replayed: boolean;
}

/** What the job routes do, kept out of the handlers: validate, record, enqueue, present. */
export class JobService {
  private readonly clock: () => Date;
  /** How get, list, submit and cancel show a job: as the webhook role shows it too. */
  private readonly view: JobView;

  constructor(private readonly options: JobServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.view = new JobView({
      store: options.store,
      signer: options.signer,
      outputUrlTtlSeconds: options.outputUrlTtlSeconds,
      bucket: options.inputPolicy.bucket,
      coverage: options.coverage,
      clock: this.clock,
    });
  }

  async submit(tenant: string, request: JobRequest, idempotencyKey?: string): Promise<Submitted> {
    await this.validate(tenant, request);
    const id = newJobId(this.clock().getTime());
    if (idempotencyKey) {
      const earlier = await this.replay(tenant, idempotencyKey, request, id);
      if (earlier) return { job: earlier, replayed: true };
    }
    let record: JobRecord;
    try {
      // Once the record is written the job is submitted: a failed plan enqueue is the
      // outbox relay's to retry, never a job left queued for ever.
      record = await this.options.lifecycle.submit(tenant, request, id);
    } catch (error) {
      if (idempotencyKey) await this.options.idempotencyKeys.release(tenant, idempotencyKey);
      throw error;
    }
    return { job: await this.view.present(record), replayed: false };
  }

  /**
   * What submit checks before recording a job (quotes and `POST /v1/jobs/check` check the
   * same; the input only when given): throws ApiError. The object store is asked last.
   */
  async validate(tenant: string, request: JobCheckRequest): Promise<void> {
    const url = request.input?.url;
    if (url !== undefined) {
      await checkInputUrl(url, this.options.inputPolicy);
      await this.checkOwner(tenant, url);
    }
    if (request.webhook) await checkWebhookUrl(request.webhook.url, this.options.inputPolicy);
    checkModels(request, this.options.models);
    checkOutputRate(request, this.options.maxOutputFps);
    checkOutputSize(request);
    if (url !== undefined && this.options.inputObject)
      await checkInputObject(url, this.options.inputObject);
  }

  /** `POST /v1/jobs/check`: every check of a submit, nothing recorded; the models it would get. */
  async check(tenant: string, request: JobCheckRequest): Promise<JobCheck> {
    await this.validate(tenant, request);
    return { ok: true, models: chosenModels(request, this.options.models?.list()) };
  }

  /** An s3:// input must not be another tenant's upload or job object. */
  private async checkOwner(tenant: string, inputUrl: string): Promise<void> {
    if (!inputUrl.startsWith('s3://')) return;
    const key = inputUrl.slice(inputUrl.indexOf('/', 's3://'.length) + 1);
    await checkInputOwner({
      key,
      tenant,
      ownsJob: async (id) =>
        isJobId(id) && (await this.options.store.getForTenant(id, tenant)) !== undefined,
    });
  }

  /** The job an earlier request with the same key made, or undefined when this request claims the key. */
  private async replay(
    tenant: string,
    key: string,
    request: JobRequest,
    id: string,
  ): Promise<JobResponse | undefined> {
    const bodyHash = hashBody(request);
    const claim = await this.options.idempotencyKeys.claim(tenant, key, bodyHash, id);
    if (claim.claimed) return undefined;
    if (claim.bodyHash !== bodyHash) {
      throw new ApiError(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was used with a different body in the last 24 h: use a new key',
      );
    }
    const earlier = await this.get(tenant, claim.jobId);
    if (!earlier)
      throw new ApiError(
        409,
        'IDEMPOTENCY_IN_PROGRESS',
        'a request with this Idempotency-Key is still being handled: retry in a moment',
      );
    return earlier;
  }

  /** Cancels a job that has not ended; workers notice within a second and stop. */
  async cancel(tenant: string, id: string): Promise<JobResponse | undefined> {
    const record = await this.options.store.getForTenant(id, tenant);
    if (!record) return undefined;
    if (!(await this.options.lifecycle.cancel(id))) {
      throw new ApiError(
        409,
        'JOB_FINISHED',
        `job ${id} already ${record.status === 'canceled' ? 'was canceled' : record.status}; only queued or running jobs can be canceled`,
      );
    }
    return this.get(tenant, id);
  }

  async get(tenant: string, id: string): Promise<JobResponse | undefined> {
    return this.view.get(tenant, id);
  }

  async list(query: { tenant: string; status?: JobStatus; limit: number; cursor?: string }) {
    const page = await this.options.store.list(query);
    const items = await Promise.all(page.items.map((record) => this.view.present(record)));
    return { items, nextCursor: page.nextCursor };
  }
}

/** The planner's refusal of an s3:// input object, at submit: 404 when missing, else 422. */
async function checkInputObject(
  url: string,
  check: (inputUrl: string) => Promise<void>,
): Promise<void> {
  try {
    await check(url);
  } catch (error) {
    if (!(error instanceof TerminalFailure)) throw error;
    throw new ApiError(error.code === 'INPUT_NOT_FOUND' ? 404 : 422, error.code, error.message);
  }
}

function checkModels(
  request: Pick<JobRequest, 'upscale' | 'interpolate' | 'restore'>,
  models?: ModelList,
): void {
  const catalog = models?.list();
  const { upscale, interpolate, restore } = request;
  const restoration = [
    typeof restore.denoise === 'object' ? restore.denoise.model : undefined,
    typeof restore.deblock === 'object' ? restore.deblock.model : undefined,
  ];
  const problems = [
    upscale?.model && checkModel({ id: upscale.model, kind: 'sr', scale: upscale.factor, catalog }),
    interpolate?.model && checkModel({ id: interpolate.model, kind: 'vfi', catalog }),
    ...restoration.map((id) => id && checkModel({ id, kind: 'restoration', catalog })),
  ].filter(Boolean);
  if (problems.length > 0) throw new ApiError(400, 'MODEL_NOT_FOUND', problems.join('; '));
  if (!request.upscale && !request.interpolate && !asksForRestoration(request.restore)) {
    throw new ApiError(
      400,
      'NOTHING_TO_DO',
      'ask for upscale, interpolate or restore (deinterlace "frame" or "field", deflicker, denoise or deblock), or a mix',
    );
  }
}
