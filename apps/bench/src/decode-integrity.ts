// `pnpm --filter @remaster/bench decode-integrity`: what decode integrity (DESIGN §2)
// costs, each row against its baseline measured in the same run on the same 720p clip
// (open GOPs, a keyframe every 48 frames, so chunk starts between keyframes):
// - plan: the planner's one sequential decode with every frame's checksum (and the
//   scene-cut scan riding on it) against the scan alone (what an interpolating job's
//   plan decoded before) and against a plain `ffmpeg -f null` decode;
// - chunk: a worker's decode of one chunk to raw frames with its checksums on fd 3
//   against the same decode without them, from a clean start and from the keyframe
//   before (what a chunk that starts on a bad seek pays once more);
// - stills: three source stills, each decoded and checked in its own ffmpeg, against the
//   three in one unchecked ffmpeg.
// Medians of --rounds runs, wall seconds; the load average is printed with each row.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildDecodeArgs,
  buildFrameIndexArgs,
  buildSceneDetectArgs,
  buildSourceStillArgs,
  buildStillsArgs,
  runProcess,
  spawnPiped,
} from '@remaster/media';
import { rational } from '@remaster/retiming';
import { MESSY_KINDS, makeClip, reencodeClip } from '@remaster/testing';
import { benchSettingsOrExit } from './bench-settings.js';

const { rounds: ROUNDS, frames: FRAMES, chunk: CHUNK } = benchSettingsOrExit('decodeIntegrity');
const [WIDTH, HEIGHT] = [1280, 720];
const FPS = rational(25);

async function median(run: () => Promise<void>): Promise<number> {
  await run(); // warm-up: page cache, ffmpeg's own start
  const times: number[] = [];
  for (let k = 0; k < ROUNDS; k += 1) {
    const start = performance.now();
    await run();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const ffmpeg = async (args: string[]) => {
  await runProcess({ command: 'ffmpeg', args, sidePipe: args.includes('pipe:3') });
};

/** A chunk decode as the worker runs it: raw frames read and dropped, checksums read on fd 3. */
async function decodeChunk(
  url: string,
  start: number,
  entry: number,
  digests: boolean,
): Promise<void> {
  const child = spawnPiped({
    command: 'ffmpeg',
    args: buildDecodeArgs({
      url,
      startFrame: entry,
      frameCount: start + CHUNK - entry,
      fps: FPS,
      colour: { matrix: 'bt709', range: 'tv' },
      pixelFormat: 'yuv420p',
      digests,
    }),
    sidePipe: digests,
  });
  child.stdout.resume();
  child.side?.resume();
  child.stdin.end();
  await child.done;
}

const rows: string[] = [];
function row(what: string, seconds: number, baseline: number, baselineName: string): void {
  const load = loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');
  const line = `| ${what} | ${seconds.toFixed(3)} s | ${baselineName} ${baseline.toFixed(3)} s | **${(seconds / baseline).toFixed(2)}** | ${load} |`;
  rows.push(line);
  console.log(line);
}

const dir = await mkdtemp(join(tmpdir(), 'remaster-bench-integrity-'));
try {
  const plain = join(dir, 'testsrc.mp4');
  const clip = join(dir, 'open-gop.mp4');
  await makeClip({ path: plain, width: WIDTH, height: HEIGHT, fps: 25, frames: FRAMES });
  const args = MESSY_KINDS['open-gop-h264'].args.map((arg) =>
    arg.startsWith('keyint=') ? arg.replaceAll('24', '48') : arg,
  );
  await reencodeClip(plain, clip, args);
  console.log(
    `${FRAMES} frames ${WIDTH}x${HEIGHT} @ 25 fps, H.264 open GOP every 48; median of ${ROUNDS}`,
  );
  console.log('| what | time | baseline (same run) | ratio | load average (1, 5, 15 min) |');
  console.log('| --- | ---: | ---: | ---: | --- |');

  const nullDecode = await median(() =>
    ffmpeg(['-nostdin', '-v', 'error', '-i', clip, '-map', '0:v:0', '-f', 'null', '-']),
  );
  const scan = await median(() => ffmpeg(buildSceneDetectArgs(clip)));
  const indexOnly = await median(() => ffmpeg(buildFrameIndexArgs(clip, { scan: false })));
  const indexAndScan = await median(() => ffmpeg(buildFrameIndexArgs(clip, { scan: true })));
  row('plan: checksums of every frame (no scan)', indexOnly, nullDecode, 'null decode');
  row('plan: checksums + scene scan, one decode', indexAndScan, scan, 'scan alone');

  // Chunk 2 starts at frame 2·CHUNK (a keyframe at 48 k) or mid-GOP; both measured.
  for (const start of [2 * CHUNK, 2 * CHUNK + 7]) {
    const bare = await median(() => decodeChunk(clip, start, start, false));
    const checked = await median(() => decodeChunk(clip, start, start, true));
    row(`chunk from ${start}: decode + checksums`, checked, bare, 'decode');
    const back = Math.max(0, start - (start % 48) - 48);
    const earlier = await median(() => decodeChunk(clip, start, back, true));
    row(`chunk from ${start}, decoded again from keyframe ${back}`, earlier, bare, 'decode');
  }

  const stillFrames = [
    Math.floor(FRAMES / 4),
    Math.floor(FRAMES / 2),
    Math.floor((3 * FRAMES) / 4),
  ];
  const requests = stillFrames.map((frame, k) => ({
    url: clip,
    frame,
    fps: FPS,
    outputPath: join(dir, `still-${k}.jpg`),
  }));
  const together = await median(() => ffmpeg(buildStillsArgs(requests)));
  const checkedStills = await median(async () => {
    for (const still of requests)
      await ffmpeg(buildSourceStillArgs({ ...still, entry: still.frame }));
  });
  row('3 source stills, each checked in its own ffmpeg', checkedStills, together, 'one ffmpeg');
} finally {
  await rm(dir, { recursive: true, force: true });
}
