import { join } from 'node:path';
import type { JobRecord, StillRecord } from '@remaster/jobs';
import { runProcess } from '@remaster/media';
import type { Rational } from '@remaster/retiming';
import { parseRational, toNumber } from '@remaster/retiming';
import type { ObjectStore } from '@remaster/storage';
import { formatS3Url, jobPrefix, normalisedKey } from '@remaster/storage';
import { chooseStills, sourceFrameOf } from './choose-stills.js';
import { buildStillsArgs } from './still-args.js';

export interface TakeStillsInput {
  readonly record: JobRecord;
  /** The stitched output on local disk. */
  readonly outputPath: string;
  readonly outputFps: Rational;
  readonly outputFrames: number;
  /** The input the chunks read frames from (the normalised intermediate when there is one). */
  readonly inputUrl: string;
  readonly dir: string;
  readonly objects: Pick<ObjectStore, 'putFile' | 'bucket'>;
  readonly mediaUrl: (inputUrl: string) => Promise<string>;
  readonly signal?: AbortSignal;
}

/**
 * Before/after stills at the same instants: for each chosen output frame, a JPEG of it
 * and of the source frame it came from, stored under jobs/<id>/stills/ beside the output.
 */
export async function takeStills(input: TakeStillsInput): Promise<StillRecord[]> {
  const { record } = input;
  const source = record.source;
  if (!source) return [];
  const sourceFps = parseRational(source.fps);
  const choices = chooseStills({
    sourceFrames: source.frames,
    sourceFps,
    targetFps: input.outputFps,
    outputFrames: input.outputFrames,
    sceneCuts: source.sceneCuts ?? [],
  });
  const frameSource = source.normalised
    ? formatS3Url({ bucket: input.objects.bucket, key: normalisedKey(record.id) })
    : input.inputUrl;
  if (choices.length === 0) return [];
  const sourceUrl = await input.mediaUrl(frameSource);
  const stills = choices.map(({ outputFrame, op }): StillRecord => {
    const name = `${String(outputFrame).padStart(6, '0')}`;
    return {
      outputFrame,
      sourceFrame: sourceFrameOf(op),
      seconds: Math.round((outputFrame / toNumber(input.outputFps)) * 1000) / 1000,
      kind: op.kind === 'copy' ? 'copied' : 'interpolated',
      ...(op.kind === 'interpolate'
        ? { interpolatedFrom: { a: op.a, b: op.b, t: toNumber(op.t) } }
        : {}),
      sourceKey: `${jobPrefix(record.id)}stills/${name}-source.jpg`,
      outputKey: `${jobPrefix(record.id)}stills/${name}-output.jpg`,
    };
  });
  const files = stills.flatMap((still) => [
    { key: still.sourceKey, url: sourceUrl, frame: still.sourceFrame, fps: sourceFps },
    { key: still.outputKey, url: input.outputPath, frame: still.outputFrame, fps: input.outputFps },
  ]);
  const withPaths = files.map((file) => ({
    ...file,
    outputPath: join(input.dir, file.key.split('/').pop()!),
  }));
  await runProcess({ command: 'ffmpeg', args: buildStillsArgs(withPaths), signal: input.signal });
  await Promise.all(
    withPaths.map((file) => input.objects.putFile(file.key, file.outputPath, 'image/jpeg')),
  );
  return stills;
}
