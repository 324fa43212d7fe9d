import { join } from 'node:path';
import type { JobStore, StitchPayload } from '@remaster/jobs';
import { TerminalFailure } from '@remaster/jobs';
import { countVideoFrames } from '@remaster/media';
import type { ObjectStore } from '@remaster/storage';
import { segmentKey } from '@remaster/storage';

/** Segments fetched at once: enough to hide S3 latency, few enough for one stitcher's sockets. */
const DOWNLOAD_CONCURRENCY = 8;

export interface DownloadedSegment {
  readonly key: string;
  readonly path: string;
  /** Frames the concat list states for it: the worker's recorded count, or counted here. */
  readonly frames: number;
  /** True when `frames` was counted here (no recorded count), false when it was recorded. */
  readonly counted: boolean;
}

/**
 * Downloads every segment, `DOWNLOAD_CONCURRENCY` at a time. Frame counts come from the
 * counts the workers recorded after verifying each segment (no ffprobe per segment); a
 * segment without one is counted here. The stitched output's total is checked afterwards.
 */
export async function downloadSegments(
  dir: string,
  payload: StitchPayload,
  deps: { readonly store: Pick<JobStore, 'get'>; readonly objects: ObjectStore },
): Promise<DownloadedSegment[]> {
  const recorded = await recordedFrames(payload.jobId, deps.store);
  return mapBounded(payload.chunkCount, DOWNLOAD_CONCURRENCY, async (index) => {
    const key = segmentKey(payload.jobId, index);
    const path = join(dir, `${String(index).padStart(6, '0')}.mp4`);
    if (!(await deps.objects.head(key)))
      throw new TerminalFailure(
        'STITCH_FAILED',
        `segment ${key} is missing; the chunk must be rendered again`,
      );
    await deps.objects.getToFile(key, path);
    const frames = recorded.get(index);
    return frames === undefined
      ? { key, path, frames: await countVideoFrames(path), counted: true }
      : { key, path, frames, counted: false };
  });
}

/**
 * After a total that does not match: counts the segments whose frames were taken from the
 * record and describes those that differ, e.g. `segment jobs/…/3.mp4 has 23 frames, 24 recorded`.
 */
export async function describeSegmentMismatches(
  segments: readonly DownloadedSegment[],
): Promise<string[]> {
  const checked = await mapBounded(segments.length, DOWNLOAD_CONCURRENCY, async (index) => {
    const segment = segments[index]!;
    const actual = segment.counted ? segment.frames : await countVideoFrames(segment.path);
    return actual === segment.frames
      ? undefined
      : `segment ${segment.key} has ${actual} frames, ${segment.frames} recorded`;
  });
  return checked.filter((line) => line !== undefined);
}

/** The frame count of every chunk a worker recorded as done, by chunk index. */
async function recordedFrames(
  jobId: string,
  store: Pick<JobStore, 'get'>,
): Promise<Map<number, number>> {
  const record = await store.get(jobId);
  const done = record?.progress.chunks.filter((chunk) => chunk.state === 'done') ?? [];
  return new Map(done.map((chunk) => [chunk.index, chunk.framesDone]));
}

/**
 * `task(0 … count-1)` with at most `limit` running, results in index order. After a failure
 * no new task starts, and it rejects only once the running ones settled (none is left
 * writing into a directory the caller is about to remove).
 */
async function mapBounded<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  let failed = false;
  const runner = async (): Promise<void> => {
    while (!failed && next < count) {
      const index = next;
      next += 1;
      try {
        results[index] = await task(index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, count) }, runner));
  const rejected = settled.find((outcome) => outcome.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}
