import type { JobRequest } from '@remaster/sdk';
import { CliError } from './cli-error.js';
import type { RestoreFlags } from './restore-flags.js';
import { asksForRestoration, previewFromFlag, restoreFromFlags } from './restore-flags.js';

/** The `submit` flags that shape the job, as parseArgs hands them over. */
export interface SubmitFlags extends RestoreFlags {
  fps?: string;
  factor?: string;
  upscale?: string;
  height?: string;
  model?: string;
  'sr-model'?: string;
  'vfi-model'?: string;
  dedupe?: boolean;
  chunk?: string;
  codec?: string;
  crf?: string;
  container?: string;
  'bit-depth'?: string;
  webhook?: string;
}

/** Turns flags into a job request; the API checks the rest and says what is wrong. */
export function buildRequest(inputUrl: string, flags: SubmitFlags): JobRequest {
  const upscales = flags.upscale !== undefined || flags.height !== undefined;
  const interpolates = flags.fps !== undefined || flags.factor !== undefined;
  const restore = restoreFromFlags(flags);
  if (!upscales && !interpolates && !asksForRestoration(restore))
    throw new CliError(
      'nothing to do: give --upscale 2|4 or --height N, --fps N or --factor N, or a restoration (--deinterlace frame|field, --deflicker, --denoise or --deblock on), or a mix',
    );
  if (flags.model && upscales && interpolates)
    throw new CliError(
      '--model is ambiguous with both upscaling and interpolation: use --sr-model and --vfi-model',
    );
  const srModel = flags['sr-model'] ?? (upscales ? flags.model : undefined);
  const vfiModel = flags['vfi-model'] ?? (interpolates ? flags.model : undefined);
  const request: JobRequest = { input: { url: inputUrl } };
  if (upscales) {
    const factor = flags.upscale === undefined ? undefined : integer('--upscale', flags.upscale);
    if (factor !== undefined && factor !== 2 && factor !== 4)
      throw new CliError(`--upscale is 2 or 4, not ${flags.upscale}`);
    request.upscale = {
      factor,
      height: flags.height === undefined ? undefined : integer('--height', flags.height),
      model: srModel,
    };
  }
  if (flags.dedupe && !interpolates)
    throw new CliError('--dedupe needs --fps or --factor (--factor 1 keeps the rate)');
  if (interpolates)
    request.interpolate = {
      fps: rate(flags.fps),
      factor: rate(flags.factor),
      model: vfiModel,
      ...(flags.dedupe && { dedupe: true }),
    };
  request.restore = restore;
  request.preview = previewFromFlag(flags.preview);
  request.output = output(flags);
  if (flags.chunk !== undefined) request.chunk = { frames: integer('--chunk', flags.chunk) };
  if (flags.webhook !== undefined) request.webhook = { url: flags.webhook };
  return withoutUndefined(request);
}

type Output = NonNullable<JobRequest['output']>;

function output(flags: SubmitFlags): Output | undefined {
  const { codec, crf, container } = flags;
  const bitDepth = flags['bit-depth'];
  if ([codec, crf, container, bitDepth].every((flag) => flag === undefined)) return undefined;
  if (bitDepth !== undefined && bitDepth !== '8' && bitDepth !== '10')
    throw new CliError(`--bit-depth is 8 or 10, not ${bitDepth}`);
  return {
    codec: codec as Output['codec'],
    crf: crf === undefined ? undefined : integer('--crf', crf),
    container: container as Output['container'],
    bitDepth: bitDepth === undefined ? undefined : bitDepth === '10' ? 10 : 8,
  };
}

/** `60` → 60; `30000/1001` stays a string, the API reads fractions exactly. */
function rate(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

function integer(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new CliError(`${flag} takes a whole number, not "${value}"`);
  return Number(value);
}

function withoutUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
