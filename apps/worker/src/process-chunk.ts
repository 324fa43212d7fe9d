import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildRawStillArgs, runProcess } from '@remaster/media';
import type { ChunkPayload, ChunkReport, JobStore, ModelRun } from '@remaster/jobs';
import { RetryableFailure, nameUrlsIn } from '@remaster/jobs';
import type { ObjectStore } from '@remaster/storage';
import { segmentKey } from '@remaster/storage';
import type { FrameModels, RenderChunkDeps } from '@remaster/render';
import { renderChunk } from '@remaster/render';
import { classifyChunkError } from './classify-chunk-error.js';
import { createRenderer } from './create-renderer.js';
import type { FramePipes } from './frame-pipes.js';

export interface ProcessChunkDeps {
  readonly store: JobStore;
  readonly objects: ObjectStore;
  readonly models: FrameModels;
  readonly mediaUrl: (inputUrl: string) => Promise<string>;
  readonly tmpDir: string;
  /** INFERENCE_QUEUE_DEPTH: see RenderChunkDeps. */
  readonly queueDepth?: number;
  /** How frames travel on the pipes (see FramePipes); default rgb. */
  readonly framePipes?: FramePipes;
  readonly signal?: AbortSignal;
  /** How often a running chunk checks that its job was not canceled (ms). */
  readonly cancelPollMs?: number;
  readonly onProgress?: (framesWritten: number, framesTotal: number) => void;
  /** See RenderChunkDeps: the models are done with this chunk; encoding and upload are left. */
  readonly onFramesRendered?: () => void;
  /** See RenderChunkDeps: a decode was not clean and the chunk decodes again from earlier. */
  readonly onDecodeMismatch?: RenderChunkDeps['onDecodeMismatch'];
}

/**
 * One chunk job: render the segment, upload it under its deterministic key (a retry
 * overwrites), then count it done. Skips work for jobs that already ended, and stops
 * its ffmpeg processes within a poll interval when the job is canceled or fails
 * elsewhere (returning undefined: nothing to retry).
 */
export async function processChunk(
  chunk: ChunkPayload,
  deps: ProcessChunkDeps,
): Promise<{ frames: number } | undefined> {
  // No status write here: the planner moved the job to processing once, before the flow
  // existed (the lifecycle's recordPlan); a chunk only adds its progress.
  if (!(await deps.store.isActive(chunk.jobId))) return undefined;
  const watch = watchJobEnd(chunk.jobId, deps.store, deps.cancelPollMs ?? 1000);
  const signal = deps.signal ? AbortSignal.any([deps.signal, watch.signal]) : watch.signal;
  // Messages name the chunk's s3:// input, never the presigned URL ffmpeg reads.
  let sourceUrl: string | undefined;
  try {
    const started = performance.now();
    const renderer = await createRenderer(chunk, deps.models, deps.framePipes ?? 'rgb');
    sourceUrl = await deps.mediaUrl(chunk.inputUrl);
    const segment = await renderChunk(chunk, {
      sourceUrl,
      renderer,
      tmpDir: deps.tmpDir,
      ...(deps.queueDepth === undefined ? {} : { queueDepth: deps.queueDepth }),
      signal,
      onProgress: (written) => deps.onProgress?.(written, chunk.outputEnd - chunk.outputStart),
      ...(deps.onFramesRendered ? { onFramesRendered: deps.onFramesRendered } : {}),
      ...(deps.onDecodeMismatch ? { onDecodeMismatch: deps.onDecodeMismatch } : {}),
      onRestoredStill: ({ key, pixels }) =>
        storeRestoredStill({ chunk, key, pixels, format: renderer.pipeFormat, deps }),
    });
    try {
      if (watch.signal.aborted) return undefined;
      await upload(deps.objects, segmentKey(chunk.jobId, chunk.index), segment.path);
    } finally {
      await rm(segment.path, { force: true });
    }
    if (!(await deps.store.isActive(chunk.jobId))) {
      // The job failed or was canceled while this segment uploaded: whoever ended it
      // deleted the job's objects before this one existed, so delete it here.
      await deps.objects.deleteKeys([segmentKey(chunk.jobId, chunk.index)]);
      return undefined;
    }
    const report: Omit<ChunkReport, 'index'> = {
      framesCopied: segment.framesCopied,
      framesInterpolated: segment.framesInterpolated,
      models: modelsThatRan(chunk, deps.models, segment.framesInterpolated),
      renderSeconds: Math.round(performance.now() - started) / 1000,
      ...(chunk.frameDigests && { framesVerified: segment.framesVerified }),
      ...(segment.redecoded && { redecoded: segment.redecoded }),
    };
    await deps.store.recordChunkDone(chunk.jobId, chunk.index, segment.frames, report);
    return { frames: segment.frames };
  } catch (error) {
    if (watch.signal.aborted) return undefined;
    const names = sourceUrl ? [{ internal: sourceUrl, shown: chunk.inputUrl }] : [];
    throw classifyChunkError(nameUrlsIn(error, names));
  } finally {
    watch.stop();
  }
}

/** The chunk's models and their providers; the interpolator only if it made a frame. */
function modelsThatRan(
  chunk: ChunkPayload,
  models: FrameModels,
  framesInterpolated: number,
): ModelRun[] {
  const runs: ModelRun[] = [];
  if (chunk.interpolate && framesInterpolated > 0) {
    const id = chunk.interpolate.model;
    runs.push({ id, kind: 'vfi', provider: models.providerOf(id) });
  }
  if (chunk.upscale) {
    const id = chunk.upscale.model;
    runs.push({ id, kind: 'sr', provider: models.providerOf(id) });
  }
  return runs;
}

/** Aborts its signal once the job is no longer active (canceled, or failed by another chunk). */
function watchJobEnd(
  jobId: string,
  store: Pick<JobStore, 'isActive'>,
  pollMs: number,
): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const timer = setInterval(() => {
    store.isActive(jobId).then(
      (active) => {
        if (!active) controller.abort(new Error(`job ${jobId} ended`));
      },
      () => undefined, // Redis hiccup: keep rendering, check again next time
    );
  }, pollMs);
  timer.unref();
  return { signal: controller.signal, stop: () => clearInterval(timer) };
}

async function upload(objects: ObjectStore, key: string, path: string): Promise<void> {
  try {
    await objects.putFile(key, path, 'video/mp4');
  } catch (error) {
    throw new RetryableFailure(
      'RENDER_FAILED',
      `could not upload segment ${key}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** The restored frame the before/after shows, as a JPEG at its key (the stitcher links it). */
async function storeRestoredStill(input: {
  chunk: ChunkPayload;
  key: string;
  pixels: Buffer;
  format: string;
  deps: Pick<ProcessChunkDeps, 'objects' | 'tmpDir'>;
}): Promise<void> {
  const { chunk, deps } = input;
  const outputPath = join(
    deps.tmpDir,
    `remaster-${chunk.jobId}-${chunk.index}-${process.pid}-restored.jpg`,
  );
  try {
    await runProcess({
      command: 'ffmpeg',
      args: buildRawStillArgs({
        pixelFormat: input.format,
        width: chunk.sourceWidth,
        height: chunk.sourceHeight,
        range: chunk.colour.range,
        outputPath,
      }),
      stdin: input.pixels,
    });
    await deps.objects.putFile(input.key, outputPath, 'image/jpeg');
  } finally {
    await rm(outputPath, { force: true });
  }
}
