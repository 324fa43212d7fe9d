import { join } from 'node:path';
import type { JobRecord, StillRecord } from '@remaster/jobs';
import { runProcess } from '@remaster/media';
import type { Rational } from '@remaster/retiming';
import { parseRational, toNumber } from '@remaster/retiming';
import type { ObjectStore } from '@remaster/storage';
import { formatS3Url, jobPrefix, normalisedKey } from '@remaster/storage';
import { chooseStills, sourceFrameOf } from './choose-stills.js';
import { buildStillArgs } from './still-args.js';

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
  const sourceUrl = await input.mediaUrl(frameSource);
  const stills: StillRecord[] = [];
  for (const { outputFrame, op } of choices) {
    const sourceFrame = sourceFrameOf(op);
    const name = `${String(outputFrame).padStart(6, '0')}`;
    const keys = {
      sourceKey: `${jobPrefix(record.id)}stills/${name}-source.jpg`,
      outputKey: `${jobPrefix(record.id)}stills/${name}-output.jpg`,
    };
    await still(input, { url: sourceUrl, frame: sourceFrame, fps: sourceFps }, keys.sourceKey);
    await still(
      input,
      { url: input.outputPath, frame: outputFrame, fps: input.outputFps },
      keys.outputKey,
    );
    stills.push({
      outputFrame,
      sourceFrame,
      seconds: Math.round((outputFrame / toNumber(input.outputFps)) * 1000) / 1000,
      kind: op.kind === 'copy' ? 'copied' : 'interpolated',
      ...(op.kind === 'interpolate'
        ? { interpolatedFrom: { a: op.a, b: op.b, t: toNumber(op.t) } }
        : {}),
      ...keys,
    });
  }
  return stills;
}

async function still(
  input: TakeStillsInput,
  frame: { url: string; frame: number; fps: Rational },
  key: string,
): Promise<void> {
  const path = join(input.dir, key.split('/').pop()!);
  await runProcess({
    command: 'ffmpeg',
    args: buildStillArgs({ ...frame, outputPath: path }),
    signal: input.signal,
  });
  await input.objects.putFile(key, path, 'image/jpeg');
}
