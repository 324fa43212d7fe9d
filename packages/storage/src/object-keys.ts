// Keys are a pure function of job and chunk, so a retried chunk overwrites its
// earlier attempt instead of leaving a duplicate behind, and a job's
// intermediate objects can be found (and deleted) by prefix.

/** Width of the zero-padded chunk index: keeps segments in order when listed. */
const CHUNK_INDEX_WIDTH = 6;

/** Prefix under which every object of one job lives, ending in `/`. */
export function jobPrefix(jobId: string): string {
  if (jobId === '' || jobId.includes('/')) {
    throw new Error(`job id must be non-empty and contain no "/", got "${jobId}"`);
  }
  return `jobs/${jobId}/`;
}

/** Prefix under which a job's encoded chunk segments live, ending in `/`. */
export function segmentPrefix(jobId: string): string {
  return `${jobPrefix(jobId)}segments/`;
}

/** Key of one encoded chunk: `jobs/<jobId>/segments/000042.mp4`. */
export function segmentKey(jobId: string, chunkIndex: number): string {
  if (!Number.isSafeInteger(chunkIndex) || chunkIndex < 0) {
    throw new Error(`chunk index must be a non-negative integer, got ${chunkIndex}`);
  }
  return `${segmentPrefix(jobId)}${String(chunkIndex).padStart(CHUNK_INDEX_WIDTH, '0')}.mp4`;
}

/** Key of a job's stitched result: `jobs/<jobId>/output.<container>`. */
export function outputKey(jobId: string, container: string): string {
  if (!/^[a-z0-9]+$/.test(container)) {
    throw new Error(`container must be a file extension like "mp4" or "mkv", got "${container}"`);
  }
  return `${jobPrefix(jobId)}output.${container}`;
}

/** The constant-rate intermediate a variable-rate or badly seekable source is turned into. */
export function normalisedKey(jobId: string): string {
  return `${jobPrefix(jobId)}normalised.mkv`;
}

/** The copy of an http(s) input fetched into the bucket, which the rest of the job reads. */
export function sourceCopyKey(jobId: string): string {
  return `${jobPrefix(jobId)}source`;
}

/**
 * Key of one before/after still: `jobs/<jobId>/stills/000042-source.jpg` for output frame
 * 42; `restored` is the restored source frame (what the models were given), written by the
 * worker that rendered it.
 */
export function stillKey(
  jobId: string,
  outputFrame: number,
  kind: 'source' | 'output' | 'restored',
): string {
  return `${jobPrefix(jobId)}stills/${String(outputFrame).padStart(CHUNK_INDEX_WIDTH, '0')}-${kind}.jpg`;
}
