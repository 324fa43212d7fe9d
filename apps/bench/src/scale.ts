// `npm run bench:scale`: one long job on 1, 2, 4 … 32 worker processes, each with a
// simulated GPU (SIMULATED_GPU_MS_PER_FRAME: a timer per frame, no CPU), through the real
// API, planner, stitcher, Redis, S3 and ffmpeg. Speedup and efficiency are against the
// 1-worker run of the same invocation. Flags: --workers 1,2,4 --frames N --chunk N --ms N
// --size WxH. Then the submission benchmark (see submissions.ts) unless --no-submissions.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { makeClip } from '@remaster/testing';
import { BENCH_KEY, startBenchStack } from './bench-stack.js';
import { machineCpuSeconds } from './cpu-usage.js';
import { runSubmissionBench } from './submissions.js';
import { benchSettingsOrExit } from './bench-settings.js';

const values = benchSettingsOrExit('scale');
const workerCounts = values.workers;
const frames = values.frames;
const chunkFrames = values.chunk;
const msPerFrame = values.ms;
const [width, height] = values.size;
const headers = { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' };

/** Seconds from submission to the first poll that saw each status (polled every 100 ms). */
interface Phases {
  processing: number;
  stitching: number;
  completed: number;
}

interface Row {
  workers: number;
  seconds: number;
  phases: Phases;
  workerCpu: number;
  otherCpu: number;
  machineBusy: number;
}

const stack = await startBenchStack(['api', 'planner', 'stitcher'], {
  MAX_CHUNKS: '10000',
  TENANT_MAX_ACTIVE_JOBS: '0',
  RATE_LIMIT_PER_MINUTE: '0',
  RATE_LIMIT_SUBMIT_PER_MINUTE: '0',
});
const rows: Row[] = [];
try {
  const clip = join(stack.dir, 'long.mp4');
  await makeClip({ path: clip, width, height, fps: 25, frames });
  await stack.s3.store.putFile('inputs/long.mp4', clip);
  const chunks = Math.ceil(frames / chunkFrames);
  console.log(
    `one job: ${width}x${height}, ${frames} frames, ×2 upscale on a simulated GPU at ${msPerFrame} ms/frame, ${chunks} chunks of ${chunkFrames} frames; load average ${loadAverage()}`,
  );
  for (const workers of workerCounts) rows.push(await runWith(workers));
  printTable(rows, frames * msPerFrame, chunks);
} finally {
  await stack.stop();
}
if (!values.noSubmissions)
  await runSubmissionBench({
    seconds: values.seconds,
    concurrency: values.concurrency,
  });

async function runWith(workers: number): Promise<Row> {
  const set = await stack.startWorkers(workers, {
    SIMULATED_GPU_MS_PER_FRAME: String(msPerFrame),
    WORKER_SHUTDOWN_GRACE_MS: '1000',
  });
  try {
    const [machine0, roles0, workers0] = await Promise.all([
      machineCpuSeconds(),
      stack.cpuSeconds(),
      set.cpuSeconds(),
    ]);
    const started = performance.now();
    const phases = await runJob(started);
    const seconds = (performance.now() - started) / 1000;
    const [machine1, roles1, workers1] = await Promise.all([
      machineCpuSeconds(),
      stack.cpuSeconds(),
      set.cpuSeconds(),
    ]);
    const sum = (usage: Record<string, number>) => Object.values(usage).reduce((a, b) => a + b, 0);
    const row = {
      workers,
      seconds,
      phases,
      workerCpu: workers1 - workers0,
      otherCpu: sum(roles1) - sum(roles0),
      machineBusy: (machine1.busy - machine0.busy) / (machine1.total - machine0.total),
    };
    console.log(
      `${workers} workers: ${seconds.toFixed(1)} s, worker CPU ${row.workerCpu.toFixed(1)} s, api+planner+stitcher+redis CPU ${row.otherCpu.toFixed(1)} s, machine busy ${(row.machineBusy * 100).toFixed(0)} %, load ${loadAverage()}; ${describePhases(phases)}`,
    );
    return row;
  } finally {
    await set.stop();
  }
}

async function runJob(started: number): Promise<Phases> {
  const body = {
    input: { url: 's3://remaster/inputs/long.mp4' },
    upscale: { factor: 2 },
    chunk: { frames: chunkFrames },
  };
  const submitted = await fetch(`${stack.url}/v1/jobs`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  if (submitted.status !== 202) throw new Error(`submit answered ${submitted.status}`);
  const { id } = (await submitted.json()) as { id: string };
  const seen: Partial<Phases> = {};
  for (;;) {
    const job = (await (await fetch(`${stack.url}/v1/jobs/${id}`, { headers })).json()) as {
      status: string;
      error?: unknown;
    };
    const at = (performance.now() - started) / 1000;
    if (job.status === 'processing' || job.status === 'stitching') seen[job.status] ??= at;
    if (job.status === 'completed') {
      // A phase shorter than a poll is seen with the next one.
      const stitching = seen.stitching ?? at;
      return { processing: seen.processing ?? stitching, stitching, completed: at };
    }
    if (job.status === 'failed' || job.status === 'canceled')
      throw new Error(`bench job ${job.status}: ${JSON.stringify(job.error)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function printTable(results: readonly Row[], gpuMsOneWorker: number, chunks: number): void {
  const base = results.find((r) => r.workers === 1);
  console.log(
    '\n| workers | wall s | ideal s | speedup | efficiency | plan s | render s | stitch s | worker CPU s | per chunk | other CPU s | machine busy |',
  );
  console.log(
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of results) {
    const speedup = base ? base.seconds / r.seconds : NaN;
    console.log(
      `| ${r.workers} | ${r.seconds.toFixed(1)} | ${(gpuMsOneWorker / 1000 / r.workers).toFixed(1)} | ${speedup.toFixed(2)} | ${((speedup / r.workers) * 100).toFixed(0)} % | ${phaseSeconds(
        r.phases,
      )
        .map((n) => n.toFixed(1))
        .join(
          ' | ',
        )} | ${r.workerCpu.toFixed(1)} | ${(r.workerCpu / chunks).toFixed(2)} | ${r.otherCpu.toFixed(1)} | ${(r.machineBusy * 100).toFixed(0)} % |`,
    );
  }
}

/** Planning (submit → processing), rendering (→ stitching) and stitching (→ completed). */
function phaseSeconds({ processing, stitching, completed }: Phases): [number, number, number] {
  return [processing, stitching - processing, completed - stitching];
}

function describePhases(phases: Phases): string {
  const [plan, render, stitch] = phaseSeconds(phases).map((n) => n.toFixed(1));
  return `plan ${plan} s, render ${render} s, stitch ${stitch} s`;
}

function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
}
