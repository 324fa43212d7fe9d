import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  JobPhaseSample,
  JobRecord,
  JobStore,
  Lifecycle,
  OutputSummary,
  SpeedStats,
  StillRecord,
  StitchPayload,
} from '@remaster/jobs';
import { TerminalFailure } from '@remaster/jobs';
import {
  MediaError,
  buildConcatList,
  buildStitchArgs,
  probeMedia,
  runProcess,
} from '@remaster/media';
import { formatRational } from '@remaster/retiming';
import type { ObjectStore } from '@remaster/storage';
import { jobPrefix, normalisedKey, outputKey, segmentKey, sourceCopyKey } from '@remaster/storage';
import type { DownloadedSegment } from './download-segments.js';
import { describeSegmentMismatches, downloadSegments } from './download-segments.js';
import { takeStills } from './take-stills.js';

const CONTENT_TYPE = { mp4: 'video/mp4', mkv: 'video/x-matroska', webm: 'video/webm' } as const;

export interface StitchJobDeps {
  readonly store: Pick<JobStore, 'get'>;
  /** Moves the job to stitching, then completes it. */
  readonly lifecycle: Pick<Lifecycle, 'startStitching' | 'complete'>;
  readonly objects: ObjectStore;
  readonly mediaUrl: (inputUrl: string) => Promise<string>;
  readonly tmpDir: string;
  /** Aborting stops ffmpeg (shutdown: the stitch is handed back and rerun elsewhere). */
  readonly signal?: AbortSignal;
  readonly logger: { warn(obj: object, msg: string): void };
  /** Where the job's planning and stitching times are kept for quotes (advisory). */
  readonly speeds?: Pick<SpeedStats, 'recordJob'>;
  /** Smallest part of the output's multipart upload, in bytes (`OUTPUT_UPLOAD_PART_MB`). */
  readonly uploadPartBytes?: number;
  /** The job's last attempt: an output upload that fails is aborted, not left to resume. */
  readonly lastAttempt?: boolean;
}

/**
 * Joins the segments by stream copy, muxes the source audio, checks the frame count,
 * uploads the output and completes the job; segments are deleted only after that.
 * A rerun after a crash redoes the same work under the same keys.
 */
export async function stitchJob(
  payload: StitchPayload,
  deps: StitchJobDeps,
): Promise<OutputSummary | undefined> {
  if (!(await deps.lifecycle.startStitching(payload.jobId))) {
    // The job ended elsewhere (canceled, or already completed by an earlier run):
    // nothing to stitch, and its segments are no longer needed.
    await deleteIntermediates(payload, deps);
    await abortOutputUpload(payload, deps);
    return undefined;
  }
  const dir = await mkdtemp(join(deps.tmpDir, `remaster-stitch-${payload.jobId}-`));
  try {
    const output = await stitchInto(dir, payload, deps);
    if (!(await deps.lifecycle.complete(payload.jobId, output))) {
      // Canceled while it was stitched: what this stitch uploaded after the cancel's
      // clean-up (the output, the stills) goes too.
      await deleteJobObjects(payload.jobId, deps);
      return undefined;
    }
    await deleteIntermediates(payload, deps);
    await recordPhases(payload.jobId, deps);
    return output;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The completed job's planning and stitching times, for the next quotes; a lost one is only logged. */
async function recordPhases(jobId: string, deps: StitchJobDeps): Promise<void> {
  if (!deps.speeds) return;
  try {
    const record = await deps.store.get(jobId);
    const sample = record && phaseSample(record);
    if (sample) await deps.speeds.recordJob(sample);
  } catch (error) {
    deps.logger.warn({ err: error, jobId }, 'phase times not kept for quotes');
  }
}

/** Submit → first chunk queued, and stitching → completed, of a completed record. */
export function phaseSample(record: JobRecord): JobPhaseSample | undefined {
  const seconds = (from?: string, to?: string) =>
    from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : undefined;
  const planSeconds = seconds(record.createdAt, record.startedAt);
  const stitchSeconds = seconds(record.stitchingAt, record.endedAt);
  if (!record.source || !record.plan || planSeconds === undefined || stitchSeconds === undefined)
    return undefined;
  return {
    sourceFrames: record.source.frames,
    outputFrames: record.plan.framesTotal,
    planSeconds,
    stitchSeconds,
  };
}

async function stitchInto(
  dir: string,
  payload: StitchPayload,
  deps: StitchJobDeps,
): Promise<OutputSummary> {
  const segments = await downloadSegments(dir, payload, deps);
  const listPath = join(dir, 'segments.txt');
  await writeFile(listPath, buildConcatList({ segments, fps: payload.fps }));
  const outputPath = join(dir, `output.${payload.container}`);
  const sourceUrl = await deps.mediaUrl(payload.inputUrl);
  await runProcess({
    command: 'ffmpeg',
    signal: deps.signal,
    args: buildStitchArgs({
      concatListPath: listPath,
      outputPath,
      container: payload.container,
      frames: payload.outputFrames,
      fps: payload.fps,
      source: { url: sourceUrl, ...payload.source },
    }),
  });
  // One probe gives the exact frame count (packets counted) and the output's summary.
  const info = await probeMedia(outputPath).catch(async (error: unknown) => {
    if (error instanceof MediaError && error.code === 'INPUT_EMPTY')
      throw await frameCountMismatch(0, payload.outputFrames, segments);
    throw error;
  });
  if (info.frames !== payload.outputFrames)
    throw await frameCountMismatch(info.frames, payload.outputFrames, segments);
  const key = outputKey(payload.jobId, payload.container);
  // The stills read the local output, so they are taken while it uploads; both finish
  // before the directory is removed.
  const [uploaded, taken] = await Promise.allSettled([
    uploadOutput(key, outputPath, payload, deps),
    stillsOf(dir, outputPath, payload, deps),
  ]);
  if (uploaded.status === 'rejected') throw uploaded.reason;
  if (taken.status === 'rejected') throw taken.reason;
  const stills = taken.value;
  return {
    key,
    container: payload.container,
    width: info.width,
    height: info.height,
    fps: formatRational(payload.fps),
    frames: info.frames,
    durationSeconds: info.durationSeconds,
    sizeBytes: (await stat(outputPath)).size,
    pixelFormat: info.pixelFormat,
    bitDepth: info.bitDepth,
    ...(stills.length > 0 ? { stills } : {}),
  };
}

/**
 * Uploads the output by a resumable multipart upload: a rerun after a crash or a shutdown
 * carries on with the parts already in S3 (docs/operations.md, "Output uploads and S3 retries").
 */
async function uploadOutput(
  key: string,
  path: string,
  payload: StitchPayload,
  deps: StitchJobDeps,
): Promise<void> {
  const upload = await deps.objects.putFileResumable(key, path, {
    contentType: CONTENT_TYPE[payload.container],
    partSize: deps.uploadPartBytes,
    signal: deps.signal,
    abortOnFailure: deps.lastAttempt,
  });
  if (upload.resumed) {
    const { parts, partsUploaded } = upload;
    deps.logger.warn({ jobId: payload.jobId, parts, partsUploaded }, 'resumed the output upload');
  }
}

/** An earlier stitch killed mid-upload left an unfinished upload: its parts are not objects. */
async function abortOutputUpload(payload: StitchPayload, deps: StitchJobDeps): Promise<void> {
  try {
    await deps.objects.abortUploads(outputKey(payload.jobId, payload.container));
  } catch (error) {
    deps.logger.warn(
      { err: error, jobId: payload.jobId },
      'could not abort the unfinished upload of the output; its parts are orphaned',
    );
  }
}

/** Before/after stills; they are a view, so a failure is logged and the job still completes. */
async function stillsOf(
  dir: string,
  outputPath: string,
  payload: StitchPayload,
  deps: StitchJobDeps,
): Promise<StillRecord[]> {
  try {
    const record = await deps.store.get(payload.jobId);
    if (!record) return [];
    return await takeStills({
      record,
      outputPath,
      outputFps: payload.fps,
      outputFrames: payload.outputFrames,
      inputUrl: payload.inputUrl,
      dir,
      objects: deps.objects,
      mediaUrl: deps.mediaUrl,
      signal: deps.signal,
      stillSources: payload.stillSources,
    });
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    deps.logger.warn({ err: error, jobId: payload.jobId }, 'could not take before/after stills');
    return [];
  }
}

/** The terminal error for a stitched output of the wrong length, naming the segments to blame. */
async function frameCountMismatch(
  frames: number,
  expected: number,
  segments: readonly DownloadedSegment[],
): Promise<TerminalFailure> {
  // Segments are counted only now: the workers verified each one before recording it.
  const culprits = await describeSegmentMismatches(segments);
  const detail = culprits.length > 0 ? `: ${culprits.join('; ')}` : '';
  return new TerminalFailure(
    'FRAME_COUNT_MISMATCH',
    `stitched output has ${frames} frames, expected ${expected}${detail}`,
  );
}

/** Intermediate objects: the segments and, if made, the normalised source and the copy of an http(s) input. */
async function deleteIntermediates(payload: StitchPayload, deps: StitchJobDeps): Promise<void> {
  const segments = Array.from({ length: payload.chunkCount }, (_, index) =>
    segmentKey(payload.jobId, index),
  );
  const keys = [...segments, normalisedKey(payload.jobId), sourceCopyKey(payload.jobId)];
  try {
    await deps.objects.deleteKeys(keys);
  } catch (error) {
    deps.logger.warn(
      { err: error, jobId: payload.jobId },
      'could not delete intermediate objects; they are orphaned',
    );
  }
}

/** Every object of a job that ended while it was stitched. */
async function deleteJobObjects(jobId: string, deps: StitchJobDeps): Promise<void> {
  try {
    await deps.objects.deletePrefix(jobPrefix(jobId));
  } catch (error) {
    deps.logger.warn({ err: error, jobId }, 'could not delete the objects of a canceled job');
  }
}
