import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceInfo } from '@remaster/media';
import {
  buildNormaliseArgs,
  indexPackets,
  normalisationReason,
  normalisedRate,
  probeMedia,
  runProcess,
  sourceOutputBitDepth,
} from '@remaster/media';
import type { ObjectStore } from '@remaster/storage';
import { formatS3Url, normalisedKey } from '@remaster/storage';

/** Where chunks read their frames when the source itself cannot be read frame-exactly. */
export interface NormalisedInput {
  readonly reason: string;
  /** s3:// URL of the constant-rate intermediate. */
  readonly inputUrl: string;
  /** The intermediate's frame count and rate, which the plan follows. */
  readonly frames: number;
  readonly fps: SourceInfo['fps'];
  /** Display-order keyframes of the intermediate: where workers may start decoding. */
  readonly keyframes: readonly number[];
}

export type Normaliser = (
  jobId: string,
  url: string,
  source: SourceInfo,
  /** Why, when the planner found it (default: {@link normalisationReason} of the source). */
  reason?: string,
) => Promise<NormalisedInput>;

/**
 * Turns a variable-rate or badly seekable source into a constant-rate intermediate in
 * the bucket (DESIGN §2: normalise first), decoded from the start, so every frame is the
 * source's own sequentially decoded frame, held where the source's timeline has gaps.
 * Audio stays in the source and is taken from there at stitch time.
 */
export function inputNormaliser(
  objects: Pick<ObjectStore, 'bucket' | 'putFile'>,
  tmpDir: string,
): Normaliser {
  return async (jobId, url, source, why) => {
    const reason = why ?? normalisationReason(source) ?? 'asked for';
    const dir = await mkdtemp(join(tmpDir, `remaster-normalise-${jobId}-`));
    try {
      const path = join(dir, 'normalised.mkv');
      await runProcess({
        command: 'ffmpeg',
        args: buildNormaliseArgs({
          url,
          fps: normalisedRate(source),
          outputPath: path,
          bitDepth: sourceOutputBitDepth(source.bitDepth),
        }),
      });
      const normalised = await probeMedia(path);
      const packets = await indexPackets(path, normalised.fps);
      const key = normalisedKey(jobId);
      await objects.putFile(key, path, 'video/x-matroska');
      return {
        reason,
        inputUrl: formatS3Url({ bucket: objects.bucket, key }),
        frames: normalised.frames,
        fps: normalised.fps,
        keyframes: packets.keyframes,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
