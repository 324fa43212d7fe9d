// The film bench's figures: one row per job (what it measured, summed and divided), and
// the markdown tables it prints at the end.
import type { CancelRun, FinishedJob } from './film-job.js';

export interface FilmRow {
  readonly workers: number;
  readonly kind: 'baseline' | 'film';
  readonly chunks: number;
  readonly seconds: number;
  readonly planSeconds: number;
  readonly renderSeconds: number;
  readonly stitchSeconds: number;
  readonly outputSeconds: number;
  /** CPU seconds per role over the job (workers summed; ffmpeg children included). */
  readonly cpu: Record<string, number>;
  readonly cpuPerChunk: number;
  readonly rssMb: Record<string, number>;
  readonly redis: RedisFigures;
  /** ETA − the time that was really left, seconds, at 10, 25, 50, 75 and 90 % of the run. */
  readonly etaError: readonly (number | undefined)[];
  /** Largest |percent − the share of the run's time gone|, in points. */
  readonly progressError: number;
  readonly load: string;
}

export interface RedisFigures {
  readonly beforeMb: number;
  /** When rendering started: every chunk queued. */
  readonly queued?: { usedMb: number; keys: number; keysMb: number };
  readonly afterMb: number;
  readonly afterKeys: { keys: number; mb: number };
}

const FRACTIONS = [0.1, 0.25, 0.5, 0.75, 0.9];

export function summarise(input: {
  workers: number;
  kind: FilmRow['kind'];
  finished: FinishedJob;
  cpu: Record<string, number>;
  rssMb: Record<string, number>;
  redis: RedisFigures;
  load: string;
}): FilmRow {
  const { finished } = input;
  const { body, polls, seconds } = finished;
  const phases = body.report?.phases ?? {};
  const chunks = body.progress.chunksTotal ?? body.progress.chunksDone;
  const total = Object.values(input.cpu).reduce((sum, n) => sum + n, 0);
  const etaError = FRACTIONS.map((fraction) => {
    const poll = polls.find((p) => p.at >= fraction * seconds && p.etaSeconds !== undefined);
    return poll && poll.etaSeconds! - (seconds - poll.at);
  });
  const progressError = Math.max(...polls.map((p) => Math.abs(p.percent - (100 * p.at) / seconds)));
  return {
    workers: input.workers,
    kind: input.kind,
    chunks,
    seconds,
    planSeconds: phases.planSeconds ?? NaN,
    renderSeconds: phases.renderSeconds ?? NaN,
    stitchSeconds: phases.stitchSeconds ?? NaN,
    outputSeconds: body.output?.durationSeconds ?? NaN,
    cpu: input.cpu,
    cpuPerChunk: total / chunks,
    rssMb: input.rssMb,
    redis: input.redis,
    etaError,
    progressError,
    load: input.load,
  };
}

const f = (n: number | undefined, digits = 1) =>
  n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits);

export function printRows(rows: readonly FilmRow[]): void {
  console.log(
    '\n| workers | job | chunks | wall s | plan s | render s | stitch s | output s | stitch × real time | CPU s | **CPU s / chunk** | vs baseline |',
  );
  console.log(
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of rows) {
    const base = rows.find((b) => b.workers === r.workers && b.kind === 'baseline');
    const ratio = base ? r.cpuPerChunk / base.cpuPerChunk : NaN;
    console.log(
      `| ${r.workers} | ${r.kind} | ${r.chunks} | ${f(r.seconds)} | ${f(r.planSeconds, 2)} | ${f(r.renderSeconds)} | ${f(r.stitchSeconds, 2)} | ${f(r.outputSeconds, 0)} | ${f(r.outputSeconds / r.stitchSeconds, 0)} | ${f(sum(r.cpu))} | **${f(r.cpuPerChunk, 3)}** | ${f(ratio, 2)} |`,
    );
  }
  const roles = ['api', 'planner', 'stitcher', 'worker', 'redis'];
  console.log(
    `\n| workers | job | ${roles.map((role) => `${role} CPU s`).join(' | ')} | ${roles.map((role) => `${role} peak RSS MB`).join(' | ')} |`,
  );
  console.log(
    `| ---: | --- | ${roles.map(() => '---:').join(' | ')} | ${roles.map(() => '---:').join(' | ')} |`,
  );
  for (const r of rows)
    console.log(
      `| ${r.workers} | ${r.kind} | ${roles.map((role) => f(r.cpu[role])).join(' | ')} | ${roles.map((role) => f(r.rssMb[role], 0)).join(' | ')} |`,
    );
  console.log(
    '\n| workers | job | Redis MB before | queued: used MB (+Δ) | queued: job keys (MB) | after: used MB (+Δ) | after: job keys (MB) | ETA error s at 10/25/50/75/90 % | progress error, points |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |');
  for (const r of rows) {
    const { beforeMb, queued, afterMb, afterKeys } = r.redis;
    console.log(
      `| ${r.workers} | ${r.kind} | ${f(beforeMb)} | ${queued ? `${f(queued.usedMb)} (+${f(queued.usedMb - beforeMb)})` : '–'} | ${queued ? `${queued.keys} (${f(queued.keysMb, 2)})` : '–'} | ${f(afterMb)} (+${f(afterMb - beforeMb)}) | ${afterKeys.keys} (${f(afterKeys.mb, 2)}) | ${r.etaError.map((e) => f(e)).join(' / ')} | ${f(r.progressError)} |`,
    );
  }
}

export function printCancel(run: CancelRun): void {
  console.log(
    `\ncancel after ${run.chunksDoneAtCancel} chunks done (${run.segmentsAtCancel} segments in S3): no segment left ${f(run.segmentsGoneSeconds, 2)} s after the cancel, no chunk job left ${f(run.chunksGoneSeconds, 2)} s after (looked at every 250 ms)`,
  );
}

function sum(usage: Record<string, number>): number {
  return Object.values(usage).reduce((a, b) => a + b, 0);
}
