import type { PreviewSpan, RestoreSettings } from '@remaster/sdk';
import { CliError } from './cli-error.js';

/** The `submit` and `quote` flags of restoration and previews, as parseArgs hands them over. */
export interface RestoreFlags {
  deinterlace?: string;
  ivtc?: string;
  deflicker?: string;
  denoise?: string;
  'denoise-model'?: string;
  deblock?: string;
  'deblock-model'?: string;
  preview?: string;
}

const DEINTERLACE = ['auto', 'off', 'frame', 'field'] as const;
const IVTC = ['auto', 'off'] as const;

/** Seconds a `--preview START` without its length renders. */
const PREVIEW_DEFAULT_SECONDS = 5;

/** The `restore` block of the flags given (the API fills in the rest); none: undefined. */
export function restoreFromFlags(flags: RestoreFlags): RestoreSettings | undefined {
  const restore: RestoreSettings = {
    deinterlace: oneOf('--deinterlace', flags.deinterlace, DEINTERLACE),
    ivtc: oneOf('--ivtc', flags.ivtc, IVTC),
    deflicker: deflicker(flags.deflicker),
    denoise: denoise(flags.denoise, flags['denoise-model']),
    deblock: deblock(flags.deblock, flags['deblock-model']),
  };
  const given = Object.entries(restore).filter(([, value]) => value !== undefined);
  return given.length > 0 ? Object.fromEntries(given) : undefined;
}

/**
 * Whether the block asks for work by itself: the API's rule (NOTHING_TO_DO, `asksForRestoration`
 * in packages/jobs). The auto detections alone may find nothing to repair.
 */
export function asksForRestoration(restore: RestoreSettings | undefined): boolean {
  if (!restore) return false;
  const { deinterlace, deflicker, denoise, deblock } = restore;
  return (
    deinterlace === 'frame' ||
    deinterlace === 'field' ||
    (deflicker !== undefined && deflicker !== 'off') ||
    (denoise !== undefined && denoise !== 'off') ||
    (deblock !== undefined && deblock !== 'off')
  );
}

/** `--preview 12:5` → from 12 s, 5 s long; `--preview 12` → 5 s from 12 s. */
export function previewFromFlag(value: string | undefined): PreviewSpan | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (!match)
    throw new CliError(
      `--preview takes START[:SECONDS] in seconds of the source, e.g. 12:5 (12.0–17.0 s), not "${value}"`,
    );
  const seconds = match[2] === undefined ? PREVIEW_DEFAULT_SECONDS : Number(match[2]);
  if (seconds <= 0) throw new CliError(`--preview ${value}: the length must be above 0 seconds`);
  return { start: Number(match[1]), seconds };
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(
    `${flag} is ${allowed.join(', ').replace(/, (\w+)$/, ' or $1')}, not ${value}`,
  );
}

function deflicker(value: string | undefined): RestoreSettings['deflicker'] {
  if (value === undefined || value === 'auto' || value === 'off') return value;
  const strength = decimal(value);
  if (strength === undefined || strength > 1)
    throw new CliError(`--deflicker is auto, off or a strength from 0 to 1, not ${value}`);
  return { strength };
}

function denoise(value: string | undefined, model: string | undefined): RestoreSettings['denoise'] {
  if (value === 'off' && model !== undefined)
    throw new CliError('--denoise-model needs denoising: leave out --denoise off');
  if (value === undefined || value === 'auto') return model === undefined ? value : { model }; // σ estimated at plan time, as auto
  if (value === 'off') return value;
  const strength = decimal(value);
  if (strength === undefined || strength > 50)
    throw new CliError(
      `--denoise is auto, off or a noise σ from 0 to 50 (5 light, 15 heavy), not ${value}`,
    );
  return { strength, ...(model !== undefined && { model }) };
}

function deblock(value: string | undefined, model: string | undefined): RestoreSettings['deblock'] {
  if (value !== undefined && value !== 'on' && value !== 'off')
    throw new CliError(`--deblock is on or off, not ${value}`);
  if (value === 'off') {
    if (model !== undefined)
      throw new CliError('--deblock-model needs deblocking: leave out --deblock off');
    return 'off';
  }
  if (value === undefined && model === undefined) return undefined;
  return model === undefined ? {} : { model };
}

function decimal(value: string): number | undefined {
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
}
