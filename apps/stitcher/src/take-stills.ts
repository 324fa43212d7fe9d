import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobRecord, StillRecord, StitchPayload } from '@remaster/jobs';
import { TerminalFailure } from '@remaster/jobs';
import type { StillRequest } from '@remaster/media';
import { buildSourceStillArgs, buildStillsArgs, parseDigests, runProcess } from '@remaster/media';
import type { Rational } from '@remaster/retiming';
import {
  chooseStills,
  decodeEntries,
  parseRational,
  sourceFrameOf,
  toNumber,
} from '@remaster/retiming';
import type { ObjectStore } from '@remaster/storage';
import { formatS3Url, normalisedKey, stillKey } from '@remaster/storage';

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
  /** The planner's digests of the source frames the stills show; unchecked seeks when absent. */
  readonly stillSources?: StitchPayload['stillSources'];
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
  const frameSource = source.normalised
    ? formatS3Url({ bucket: input.objects.bucket, key: normalisedKey(record.id) })
    : input.inputUrl;
  const stills = stillRecords(input, sourceFps);
  if (stills.length === 0) return [];
  const sourceUrl = await input.mediaUrl(frameSource);
  const checked = new Map((input.stillSources ?? []).map((still) => [still.frame, still]));
  const files = stills.flatMap((still) => [
    { key: still.sourceKey, url: sourceUrl, frame: still.sourceFrame, fps: sourceFps },
    { key: still.outputKey, url: input.outputPath, frame: still.outputFrame, fps: input.outputFps },
  ]);
  const withPaths = files.map((file) => ({
    ...file,
    outputPath: join(input.dir, file.key.split('/').pop()!),
  }));
  // Source stills with a digest are decoded one by one and checked, like a chunk's frames.
  const verified = withPaths.filter((file) => file.url === sourceUrl && checked.has(file.frame));
  for (const file of verified) await takeCheckedStill(file, checked.get(file.frame)!, input.signal);
  const rest = withPaths.filter((file) => !verified.includes(file));
  await runProcess({ command: 'ffmpeg', args: buildStillsArgs(rest), signal: input.signal });
  await Promise.all(
    withPaths.map((file) => input.objects.putFile(file.key, file.outputPath, 'image/jpeg')),
  );
  return stills;
}

/**
 * The stills the planner chose (a preview's and a restored job's are planned: the source
 * summary alone cannot say which frames they show), else chosen here as the planner would
 * for a plain job (payloads queued before the planner chose them).
 */
function stillRecords(input: TakeStillsInput, sourceFps: Rational): StillRecord[] {
  const { record } = input;
  const seconds = (outputFrame: number) =>
    Math.round((outputFrame / toNumber(input.outputFps)) * 1000) / 1000;
  const planned = input.stillSources ?? [];
  if (planned.length > 0 && planned.every((still) => still.outputFrame !== undefined)) {
    return planned.map((still) => {
      const outputFrame = still.outputFrame!;
      return {
        outputFrame,
        sourceFrame: still.frame,
        seconds: seconds(outputFrame),
        kind: still.kind ?? 'copied',
        ...(still.interpolatedFrom && { interpolatedFrom: { ...still.interpolatedFrom } }),
        sourceKey: stillKey(record.id, outputFrame, 'source'),
        outputKey: stillKey(record.id, outputFrame, 'output'),
        ...(still.restoredFrame !== undefined && {
          restoredFrame: still.restoredFrame,
          restoredKey: stillKey(record.id, outputFrame, 'restored'),
        }),
      };
    });
  }
  const source = record.source!;
  const choices = chooseStills({
    sourceFrames: source.frames,
    sourceFps,
    targetFps: input.outputFps,
    outputFrames: input.outputFrames,
    sceneCuts: source.sceneCuts ?? [],
  });
  return choices.map(({ outputFrame, op }): StillRecord => ({
    outputFrame,
    sourceFrame: sourceFrameOf(op),
    seconds: seconds(outputFrame),
    kind: op.kind === 'copy' ? 'copied' : 'interpolated',
    ...(op.kind === 'interpolate'
      ? { interpolatedFrom: { a: op.a, b: op.b, t: toNumber(op.t) } }
      : {}),
    sourceKey: stillKey(record.id, outputFrame, 'source'),
    outputKey: stillKey(record.id, outputFrame, 'output'),
  }));
}

type CheckedStill = NonNullable<StitchPayload['stillSources']>[number];

/**
 * Writes the JPEG of a source frame decoded from the frame itself or, when that decode is
 * not the source's own frame (its digest differs from the planner's), from each earlier
 * keyframe in turn and at last from the first frame. No still shows a frame no chunk read.
 */
async function takeCheckedStill(
  still: StillRequest,
  source: CheckedStill,
  signal: AbortSignal | undefined,
): Promise<void> {
  const tried: string[] = [];
  for (const entry of decodeEntries(still.frame, source.entryFrames)) {
    const { side } = await runProcess({
      command: 'ffmpeg',
      args: buildSourceStillArgs({ ...still, entry }),
      signal,
      sidePipe: true,
    });
    const [digest] = parseDigests(side.toString('utf8'));
    if (digest === source.digest) return;
    tried.push(`from frame ${entry}: ${digest ?? 'no frame'}`);
  }
  await rm(still.outputPath, { force: true });
  throw new TerminalFailure(
    'INPUT_CORRUPT',
    `source frame ${still.frame} for a still never decodes to the planner's frame (digest ${source.digest}; ${tried.join(', ')}): the file is damaged; repair or re-encode it`,
  );
}
