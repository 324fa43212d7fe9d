import { ApiError } from './api-error.js';

/**
 * What an `s3://` input key tells about its owner: a tenant's upload
 * (`uploads/<tenant>/…`), a job's own object (`jobs/<jobId>/…`: segments, outputs,
 * intermediates), or an object the operator placed elsewhere in the bucket.
 */
type InputOwner =
  | { readonly kind: 'upload'; readonly tenant: string }
  | { readonly kind: 'job'; readonly jobId: string }
  | { readonly kind: 'operator' };

/**
 * Classifies an input key, refusing keys with `.`/`..` or empty segments, which an
 * HTTP server may resolve into another tenant's folder.
 */
function inputOwner(key: string): InputOwner {
  const segments = key.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..') || key.includes('\\')) {
    throw new ApiError(
      400,
      'INPUT_URL_INVALID',
      'input.url key may not contain empty, "." or ".." segments or backslashes',
    );
  }
  const [top, owner] = segments;
  if (top === 'uploads' && owner) return { kind: 'upload', tenant: owner };
  if (top === 'jobs' && owner) return { kind: 'job', jobId: owner };
  return { kind: 'operator' };
}

/**
 * Refuses an input that belongs to another tenant: an upload of theirs or an object of
 * one of their jobs. The answer is the same 404 whether or not the object exists, so
 * nothing is learnt about other tenants. `ownsJob` says whether a job is the tenant's.
 */
export async function checkInputOwner(options: {
  readonly key: string;
  readonly tenant: string;
  readonly ownsJob: (jobId: string) => Promise<boolean>;
}): Promise<void> {
  const owner = inputOwner(options.key);
  const foreign =
    (owner.kind === 'upload' && owner.tenant !== options.tenant) ||
    (owner.kind === 'job' && !(await options.ownsJob(owner.jobId)));
  if (foreign) {
    throw new ApiError(
      404,
      'INPUT_NOT_FOUND',
      'input.url names no upload or job output of yours: upload the file with POST /v1/uploads and use the url it answers',
    );
  }
}
