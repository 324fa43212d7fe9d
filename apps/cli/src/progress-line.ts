import type { Job } from '@remaster/sdk';

const BAR_WIDTH = 24;

/** `processing [#########---------------]  38%  frames 120/300  chunks 2/5  24.5 fps  ETA 0:07` */
export function progressLine(job: Job): string {
  const { percent, framesDone, framesTotal, chunksDone, chunksTotal, fps, etaSeconds } =
    job.progress;
  const filled = Math.round((BAR_WIDTH * Math.min(100, Math.max(0, percent))) / 100);
  const parts = [
    `${job.status.padEnd(10)} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(percent)).padStart(3)}%`,
  ];
  if (framesTotal !== undefined) parts.push(`frames ${framesDone}/${framesTotal}`);
  if (chunksTotal !== undefined) parts.push(`chunks ${chunksDone}/${chunksTotal}`);
  if (fps !== undefined) parts.push(`${fps.toFixed(1)} fps`);
  if (etaSeconds !== undefined && job.status === 'processing')
    parts.push(`ETA ${duration(etaSeconds)}`);
  return parts.join('  ');
}

/** 7 → `0:07`, 3725 → `1:02:05`. */
export function duration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export interface ProgressWriter {
  update(job: Job): void;
  /** Ends the live line so that what follows starts on a fresh one. */
  done(): void;
}

/**
 * On a terminal, one line redrawn in place; elsewhere (CI logs, pipes) a plain line on
 * each status change and every 10 %.
 */
export function progressWriter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
): ProgressWriter {
  if (stream.isTTY) {
    let drawn = false;
    return {
      update: (job) => {
        stream.write(`\r${progressLine(job)}\x1b[K`);
        drawn = true;
      },
      done: () => {
        if (drawn) stream.write('\n');
        drawn = false;
      },
    };
  }
  let last: { status: string; step: number } | undefined;
  return {
    update: (job) => {
      const step = Math.floor(job.progress.percent / 10);
      if (last && last.status === job.status && last.step === step) return;
      last = { status: job.status, step };
      stream.write(`${progressLine(job)}\n`);
    },
    done: () => {},
  };
}
