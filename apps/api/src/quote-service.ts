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
import type { PlannerQuotes } from './planner-quotes.js';

export interface QuoteServiceOptions {
  readonly jobs: Pick<JobService, 'validate'>;
  readonly signer: OutputSigner;
  readonly bucket: string;
  /** ffprobe on a presigned URL (`probeMedia` of @remaster/media), killed after `timeoutMs`. */
  readonly probe: (url: string, options: { timeoutMs: number }) => Promise<SourceInfo>;
  /** Quotes of http(s) inputs, which only the planner role fetches (through the SSRF guard). */
  readonly planner: Pick<PlannerQuotes, 'ask'>;
  readonly workers: { list(): Promise<readonly WorkerHeartbeat[]> };
  /** Planning and stitching costs of recent jobs (SpeedStats of @remaster/jobs). */
  readonly speeds?: Pick<SpeedStats, 'phaseCosts'>;
  readonly models?: { list(): ModelCatalog };
  readonly probeTimeoutMs: number;
  readonly defaultChunkFrames: number;
  readonly maxChunks: number;
}

/**
 * The HTTP status of a failure the planner replied for an http(s) input: what the SSRF
 * guard refused is the request's fault (400, as at submit), a missing input 404, ffprobe
 * too slow 504, and an input that is not usable media 422, as for s3:// quotes.
 */
const PLANNER_FAILURE_STATUS: Readonly<Record<string, number>> = {
  INPUT_URL_PRIVATE: 400,
  INPUT_REDIRECT_REFUSED: 400,
  INPUT_NOT_FOUND: 404,
  QUOTE_PROBE_TIMEOUT: 504,
};

/**
 * POST /v1/quotes: validates the body as a submit would, probes the input (metadata only,
 * bounded by QUOTE_PROBE_TIMEOUT_MS) and prices the plan the planner would make at the
 * fleet's measured speed. An s3:// object is probed here, by ffprobe on a presigned URL; an
 * http(s) one is asked of the planner role over the quote queue, since only the planner
 * fetches users' URLs. Nothing is recorded, and no job is enqueued.
 */
export class QuoteService {
  constructor(private readonly options: QuoteServiceOptions) {}

  async quote(tenant: string, request: JobRequest): Promise<Quote> {
    const { options } = this;
    await options.jobs.validate(tenant, request);
    const prefix = `s3://${options.bucket}/`;
    // validate() lets through s3:// objects of the bucket and http(s) URLs only.
    if (!request.input.url.startsWith(prefix)) return this.askPlanner(request);
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

  /** The planner's quote of an http(s) input, or its failure with the status a submit would get. */
  private async askPlanner(request: JobRequest): Promise<Quote> {
    const reply = await this.options.planner.ask(request);
    // The planner priced it with the same quoteJob: the reply carries its Quote as JSON.
    if ('quote' in reply) return reply.quote as unknown as Quote;
    const { code, message } = reply.failure;
    if (code === 'QUOTE_EXPIRED') throw new ApiError(504, 'QUOTE_TIMEOUT', message);
    throw new ApiError(PLANNER_FAILURE_STATUS[code] ?? 422, code, message);
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
