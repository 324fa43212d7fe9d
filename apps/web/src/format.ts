// Pure formatting for the page (unit-tested without a browser).

/** `42 s`, `3 min 5 s`, `1 h 2 min`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** A duration measured in seconds with sub-second precision: `0.42 s`, `12.3 s`, `3 min 5 s`. */
export function formatPhase(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return formatSeconds(seconds);
}

/** `812 B`, `1.5 KiB`, `12.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** `30000/1001` → `29.97`; `25` → `25`. */
export function formatRate(rate: string): string {
  const [num, den] = rate.split('/').map(Number);
  if (num === undefined || Number.isNaN(num)) return rate;
  const value = den ? num / den : num;
  return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/0+$/, '');
}

/** A timestamp for the job list, in the reader's locale. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** The restoration settings `describeWork` reads (a job's `restore`). */
interface RestoreAsked {
  deinterlace?: string;
  deflicker?: unknown;
  denoise?: unknown;
  deblock?: unknown;
}

/** What a job asks for, in a few words: `deinterlace (field), denoise, ×2 upscale, 60 fps`. */
export function describeWork(job: {
  upscale?: { factor?: number; height?: number };
  interpolate?: { fps?: number | string; factor?: number | string; dedupe?: boolean };
  restore?: RestoreAsked;
  preview?: { start: number; seconds: number };
}): string {
  const parts: string[] = [];
  const restore = job.restore ?? {};
  if (restore.deinterlace === 'frame' || restore.deinterlace === 'field')
    parts.push(`deinterlace (${restore.deinterlace})`);
  for (const step of ['deflicker', 'denoise', 'deblock'] as const)
    if (restore[step] !== undefined && restore[step] !== 'off') parts.push(step);
  if (job.upscale?.factor) parts.push(`×${job.upscale.factor} upscale`);
  if (job.upscale?.height) parts.push(`upscale to ${job.upscale.height}p`);
  if (job.interpolate?.fps !== undefined) parts.push(`${job.interpolate.fps} fps`);
  if (job.interpolate?.factor !== undefined) parts.push(`×${job.interpolate.factor} frame rate`);
  if (job.interpolate?.dedupe) parts.push('repeated frames filled');
  if (job.preview) parts.push(`preview of ${spanOf(job.preview)}`);
  return parts.join(', ') || '—';
}

/** `12.0–17.0 s` */
function spanOf(preview: { start: number; seconds: number }): string {
  return `${preview.start.toFixed(1)}–${(preview.start + preview.seconds).toFixed(1)} s`;
}

/**
 * `Preview of 12.0–17.0 s (restored frames 600–849): not the whole film.` The frames are
 * known once the job is planned.
 */
export function describePreview(preview: {
  start: number;
  seconds: number;
  frames?: { start: number; end: number };
}): string {
  const frames = preview.frames
    ? ` (restored frames ${preview.frames.start}–${preview.frames.end - 1})`
    : '';
  return `Preview of ${spanOf(preview)}${frames}: not the whole film.`;
}

/**
 * The file name of an input URL: its last path segment, decoded
 * (`s3://remaster/uploads/t/5f0c…/clip.mp4` → `clip.mp4`; an http(s) URL's query is
 * not part of it). A URL with no name (`https://host/`) is shown whole.
 */
export function fileNameOf(url: string): string {
  let path = url;
  if (/^https?:/i.test(url)) {
    try {
      path = new URL(url).pathname;
    } catch {
      path = url.split(/[?#]/)[0] ?? url;
    }
  }
  const segment = path.slice(path.lastIndexOf('/') + 1);
  if (!segment) return url;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray % that is no escape
  }
}

/**
 * A job id short enough for a list: `job_` + time + random, so the last characters tell
 * jobs apart (the leading time digits are the same for jobs minutes apart).
 */
export function shortJobId(id: string): string {
  return /^job_[0-9a-z]{26}$/.test(id) ? `…${id.slice(-8)}` : id;
}

/** `text` cut to `max` characters with an ellipsis (the whole text goes in a title). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A model the API picked for an operation, and why that one. */
export interface ChosenModel {
  id: string;
  chosenBy: 'request' | 'default' | 'builtin';
}

export interface ChosenModels {
  upscale?: ChosenModel;
  interpolate?: ChosenModel;
}

const CHOSEN_BY: Record<ChosenModel['chosenBy'], string> = {
  request: 'as chosen',
  default: "this service's default",
  builtin: 'built-in default',
};

/**
 * `Settings OK. Models: interpolation mci (built-in default), super-resolution bicubic-x2
 * (as chosen).` An upscale to a height with no model named has none yet: it depends on
 * the source's height.
 */
export function describeChosenModels(
  models: ChosenModels,
  asked: { upscale?: unknown; interpolate?: unknown } = {},
): string {
  const parts: string[] = [];
  if (models.interpolate) parts.push(`interpolation ${chosen(models.interpolate)}`);
  if (models.upscale) parts.push(`super-resolution ${chosen(models.upscale)}`);
  else if (asked.upscale) parts.push("super-resolution by the source's height");
  return parts.length ? `Settings OK. Models: ${parts.join(', ')}.` : 'Settings OK.';
}

function chosen(model: ChosenModel): string {
  return `${model.id} (${CHOSEN_BY[model.chosenBy] ?? model.chosenBy})`;
}
