// `pnpm --filter @remaster/bench overhead`: wall time of a Remaster job through the real
// processes (API, planner, worker, stitcher, Redis, S3) against the same work done by
// one ffmpeg → onnxruntime → ffmpeg process, measured in the same run. Prints a ratio.
import { join } from 'node:path';
import { makeClip, startStack } from '@remaster/testing';
import { benchSettingsOrExit } from './bench-settings.js';
import { roleEntry } from './role-entries.js';
import { renderSingleProcess } from './single-process.js';

const settings = benchSettingsOrExit('overhead');
const ROUNDS = settings.rounds;
const CLIP = { width: 320, height: 240, fps: 25, frames: settings.frames };
const CHUNK_FRAMES = settings.chunk;

const stack = await startStack({ launcher: roleEntry('launcher'), env: { LOG_LEVEL: 'error' } });
const clip = join(stack.dir, 'clip.mp4');
await makeClip({ path: clip, ...CLIP, audio: true });
await stack.s3.store.putFile('inputs/clip.mp4', clip);

try {
  await runJob(); // warm-up: model sessions and processes
  await renderSingleProcess(singleJob(0));
  const distributed: number[] = [];
  const single: number[] = [];
  const phases: Phases[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    distributed.push(await time(async () => void phases.push(await runJob())));
    single.push(await time(() => renderSingleProcess(singleJob(round))));
  }
  const [d, s] = [median(distributed), median(single)];
  console.log(
    `clip ${CLIP.width}x${CLIP.height} ${CLIP.frames} frames @ ${CLIP.fps} fps → ×2 upscale, 2× rate; chunks of ${CHUNK_FRAMES} frames; ${ROUNDS} rounds`,
  );
  console.log(
    `single process (ffmpeg → onnxruntime → ffmpeg): median ${s.toFixed(2)} s  [${single.map((v) => v.toFixed(2)).join(', ')}]`,
  );
  console.log(
    `remaster job (api → planner → worker → stitcher): median ${d.toFixed(2)} s  [${distributed.map((v) => v.toFixed(2)).join(', ')}]`,
  );
  console.log(`orchestration overhead: job / single process = ${(d / s).toFixed(2)}`);
  const part = (pick: (p: Phases) => number) => median(phases.map(pick)).toFixed(2);
  console.log(
    `job phases, median s: plan ${part((p) => p.plan)}, render ${part((p) => p.render)} (chunks' own ${part((p) => p.chunks)}), stitch ${part((p) => p.stitch)}; the rest is submission and polling`,
  );
} finally {
  await stack.stop();
}

function singleJob(round: number) {
  return {
    input: clip,
    output: join(stack.dir, `single-${round}.mp4`),
    ...CLIP,
    fps: { num: CLIP.fps, den: 1 },
    targetFps: { num: CLIP.fps * 2, den: 1 },
    factor: 2 as const,
  };
}

/** Seconds of a job's phases as its record gives them; `chunks` sums each chunk's own time. */
interface Phases {
  plan: number;
  render: number;
  stitch: number;
  chunks: number;
}

async function runJob(): Promise<Phases> {
  const body = {
    input: { url: 's3://remaster/inputs/clip.mp4' },
    upscale: { factor: 2 },
    interpolate: { factor: 2 },
    chunk: { frames: CHUNK_FRAMES },
  };
  const job = await stack.waitForJob((await stack.submit(body)).id);
  if (job.status !== 'completed')
    throw new Error(`bench job ${job.status}: ${JSON.stringify(job.error)}`);
  const { phases, chunks } = job.report!;
  return {
    plan: phases.planSeconds ?? NaN,
    render: phases.renderSeconds ?? NaN,
    stitch: phases.stitchSeconds ?? NaN,
    chunks: chunks.reduce((sum, chunk) => sum + (chunk.renderSeconds ?? 0), 0),
  };
}

async function time(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
