import type { JobRecord, JobRequest, JobStatus, JobStore, Pipeline } from '@remaster/jobs';
import { checkModel } from '@remaster/jobs';
import { ApiError } from './api-error.js';
import type { InputUrlPolicy } from './input-url-policy.js';
import { checkInputUrl } from './input-url-policy.js';
import type { JobResponse } from './job-response.js';
import { toJobResponse } from './job-response.js';

export interface OutputSigner {
  presignGet(key: string, expiresInSeconds: number): Promise<string>;
}

export interface JobServiceOptions {
  readonly store: JobStore;
  readonly pipeline: Pick<Pipeline, 'enqueuePlan'>;
  readonly signer: OutputSigner;
  readonly inputPolicy: InputUrlPolicy;
  readonly outputUrlTtlSeconds: number;
  readonly clock?: () => Date;
}

/** What the job routes do, kept out of the handlers: validate, record, enqueue, present. */
export class JobService {
  private readonly clock: () => Date;

  constructor(private readonly options: JobServiceOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async submit(tenant: string, request: JobRequest): Promise<JobResponse> {
    checkInputUrl(request.input.url, this.options.inputPolicy);
    checkModels(request);
    const record = await this.options.store.create(tenant, request);
    await this.options.pipeline.enqueuePlan(record.id);
    return this.present(record);
  }

  async get(tenant: string, id: string): Promise<JobResponse | undefined> {
    const record = await this.options.store.getForTenant(id, tenant);
    return record && this.present(record);
  }

  async list(query: { tenant: string; status?: JobStatus; limit: number; cursor?: string }) {
    const page = await this.options.store.list(query);
    const items = await Promise.all(page.items.map((record) => this.present(record)));
    return { items, nextCursor: page.nextCursor };
  }

  private async present(record: JobRecord): Promise<JobResponse> {
    if (!record.output) return toJobResponse(record);
    const ttl = this.options.outputUrlTtlSeconds;
    const url = await this.options.signer.presignGet(record.output.key, ttl);
    const expiresAt = new Date(this.clock().getTime() + ttl * 1000).toISOString();
    return toJobResponse(record, { url, expiresAt });
  }
}

function checkModels(request: JobRequest): void {
  const problems = [
    request.upscale?.model && checkModel(request.upscale.model, 'sr', request.upscale.factor),
    request.interpolate?.model && checkModel(request.interpolate.model, 'vfi'),
  ].filter(Boolean);
  if (problems.length > 0) throw new ApiError(400, 'MODEL_NOT_FOUND', problems.join('; '));
  if (!request.upscale && !request.interpolate) {
    throw new ApiError(400, 'NOTHING_TO_DO', 'ask for upscale, interpolate or both');
  }
}
