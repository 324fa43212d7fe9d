import type {
  JobRequest,
  ModelCatalog,
  SpeedStats,
  UrlName,
  WorkerHeartbeat,
} from '@remaster/jobs';
import { TerminalFailure, nameUrls } from '@remaster/jobs';
import type { OutputSigner } from '@remaster/job-view';
import type { SourceInfo } from '@remaster/media';
import { MediaError, ProcessError } from '@remaster/media';
import type { Quote } from '@remaster/planning';
import { quoteJob } from '@remaster/planning';
import { ApiError } from './api-error.js';
import type { JobService } from './job-service.js';

export interface QuoteServiceOptions {
  readonly jobs: Pick<JobService, 'validate'>;
  readonly signer: OutputSigner;
  readonly bucket: string;
  /** ffprobe on a presigned URL (`probeMedia` of @remaster/media), killed after `timeoutMs`. */
  readonly probe: (url: string, options: { timeoutMs: number }) => Promise<SourceInfo>;
  readonly workers: { list(): Promise<readonly WorkerHeartbeat[]> };
  /** Planning and stitching costs of recent jobs (SpeedStats of @remaster/jobs). */
  readonly speeds?: Pick<SpeedStats, 'phaseCosts'>;
  readonly models?: { list(): ModelCatalog };
  readonly probeTimeoutMs: number;
  readonly defaultChunkFrames: number;
  readonly maxChunks: number;
}

/**
 * POST /v1/quotes: validates the body as a submit would, probes the s3:// input (metadata
 * only: ffprobe on a presigned URL, bounded by PROBE_TIMEOUT), and prices the plan the
 * planner would make at the fleet's measured speed. Nothing is recorded or enqueued.
 */
export class QuoteService {
  constructor(private readonly options: QuoteServiceOptions) {}

  async quote(tenant: string, request: JobRequest): Promise<Quote> {
    const { options } = this;
    await options.jobs.validate(tenant, request);
    const prefix = `s3://${options.bucket}/`;
    if (!request.input.url.startsWith(prefix))
      throw new ApiError(
        400,
        'QUOTE_INPUT_UNSUPPORTED',
        `quotes read s3://${options.bucket}/… inputs only (the API fetches no http(s) URL): upload the file with POST /v1/uploads and quote its url`,
      );
    const url = await options.signer.presignGet(request.input.url.slice(prefix.length), 300);
    const source = await this.probe({ internal: url, shown: request.input.url });
    try {
      return quoteJob({
        request,
        source,
        defaultChunkFrames: options.defaultChunkFrames,
        maxChunks: options.maxChunks,
        ...(options.models ? { models: options.models.list() } : {}),
        workers: await options.workers.list(),
        ...(options.speeds ? { phases: await options.speeds.phaseCosts() } : {}),
      });
    } catch (error) {
      // What the planner would refuse (an odd size, an output too large) is refused here too.
      if (error instanceof TerminalFailure) throw new ApiError(422, error.code, error.message);
      throw error;
    }
  }

  /** ffprobe on the presigned URL; its errors name the s3:// URL the tenant gave instead. */
  private async probe(url: UrlName): Promise<SourceInfo> {
    try {
      return await this.options.probe(url.internal, { timeoutMs: this.options.probeTimeoutMs });
    } catch (error) {
      if (error instanceof MediaError) {
        const status = error.code === 'INPUT_NOT_FOUND' ? 404 : 422;
        throw new ApiError(status, error.code, nameUrls(error.message, [url]));
      }
      if (error instanceof ProcessError && error.code === 'PROCESS_TIMEOUT')
        throw new ApiError(
          504,
          'QUOTE_PROBE_TIMEOUT',
          `probing the input took over ${this.options.probeTimeoutMs} ms (QUOTE_PROBE_TIMEOUT_MS); try again, or submit the job`,
        );
      throw error;
    }
  }
}
