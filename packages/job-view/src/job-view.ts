import type { JobRecord, JobStore, QueueCoverage } from '@remaster/jobs';
import { toComparison } from './job-report.js';
import type { JobResponse } from './job-response.js';
import { toJobResponse } from './job-response.js';

/** Presigns GETs of objects in the bucket (the object store). */
export interface OutputSigner {
  presignGet(key: string, expiresInSeconds: number): Promise<string>;
}

export interface JobViewOptions {
  /** Reads the records. */
  readonly store: Pick<JobStore, 'getForTenant'>;
  /** Presigns the output, the stills and the tenant's own upload. */
  readonly signer: OutputSigner;
  /** OUTPUT_URL_TTL_SECONDS: how long the presigned URLs of a view last. */
  readonly outputUrlTtlSeconds: number;
  /** S3_BUCKET: where the tenants' uploads are (`s3://<bucket>/uploads/<tenant>/`). */
  readonly bucket: string;
  /** Tells a job that waits for a role nobody runs (`waitingFor`); absent: never told. */
  readonly coverage?: Pick<QueueCoverage, 'waitingFor'>;
  readonly clock?: () => Date;
}

/**
 * A job as `GET /v1/jobs/:id` shows it: the API's answers and the `data` of webhook event
 * bodies are made here, so the two cannot drift apart.
 */
export class JobView {
  private readonly clock: () => Date;

  constructor(private readonly options: JobViewOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The tenant's job as shown now; undefined when the tenant has no such job. */
  async get(tenant: string, id: string): Promise<JobResponse | undefined> {
    const record = await this.options.store.getForTenant(id, tenant);
    return record && this.present(record);
  }

  /** The record as shown now: output and stills presigned, or why it waits. */
  async present(record: JobRecord): Promise<JobResponse> {
    if (!record.output) {
      const waitingFor = await this.options.coverage?.waitingFor(record);
      return {
        ...toJobResponse(record, undefined, this.clock()),
        ...(waitingFor && { waitingFor }),
      };
    }
    const ttl = this.options.outputUrlTtlSeconds;
    const presign = (key: string) => this.options.signer.presignGet(key, ttl);
    const url = await presign(record.output.key);
    const expiresAt = new Date(this.clock().getTime() + ttl * 1000).toISOString();
    const comparison = await toComparison(record, presign, await this.sourceUrl(record, presign));
    return toJobResponse(record, { url, expiresAt }, this.clock(), comparison);
  }

  /**
   * The source for the side-by-side player: an http(s) input as the tenant gave it, or a
   * presigned URL of the tenant's own upload. Other s3:// inputs (objects the operator put
   * in the bucket) are not handed out raw; the stills still show their frames.
   */
  private async sourceUrl(
    record: JobRecord,
    presign: (key: string) => Promise<string>,
  ): Promise<string | undefined> {
    const url = record.request.input.url;
    if (/^https?:\/\//.test(url)) return url;
    const bucket = `s3://${this.options.bucket}/`;
    const ownUploads = `${bucket}uploads/${record.tenant}/`;
    return url.startsWith(ownUploads) ? presign(url.slice(bucket.length)) : undefined;
  }
}
