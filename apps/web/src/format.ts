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

/** What a job asks for, in a few words: `×2 upscale, 60 fps`. */
export function describeWork(job: {
  upscale?: { factor?: number; height?: number };
  interpolate?: { fps?: number | string; factor?: number | string };
}): string {
  const parts: string[] = [];
  if (job.upscale?.factor) parts.push(`×${job.upscale.factor} upscale`);
  if (job.upscale?.height) parts.push(`upscale to ${job.upscale.height}p`);
  if (job.interpolate?.fps !== undefined) parts.push(`${job.interpolate.fps} fps`);
  if (job.interpolate?.factor !== undefined) parts.push(`×${job.interpolate.factor} frame rate`);
  return parts.join(', ') || '—';
}
