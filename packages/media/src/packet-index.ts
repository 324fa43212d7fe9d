import { runProcess } from './run-process.js';
import { sourceInputArgs } from './source-formats.js';
import type { Rational } from './rational.js';

/**
 * What the container's packets say about the video's timeline, read by demuxing (no
 * decoding): the keyframes (a container's seek points are a hint, not a truth: they are
 * where a worker may try to start decoding, verified against the frame digests), and
 * whether every frame sits on the constant-rate grid that frame-index seeking assumes.
 */
export interface PacketIndex {
  /** Non-empty video packets: one per frame for the codecs we accept. */
  readonly frames: number;
  /** Display-order indices of the key-flagged packets, ascending. */
  readonly keyframes: readonly number[];
  /**
   * Slots of the constant-rate grid (from the first frame to the last) that hold no
   * frame: timestamp gaps, dropped or empty index entries. 0 on a regular timeline.
   */
  readonly gridGaps: number;
  /** Whether frame i sits within half a frame of first + i / fps for every i. */
  readonly onGrid: boolean;
}

/** ffprobe arguments that list the first video stream's packets as `pts_time,size,flags`. */
export function buildPacketIndexArgs(url: string): string[] {
  return [
    ...['-v', 'error', '-select_streams', 'v:0'],
    ...['-show_entries', 'packet=pts_time,size,flags', '-of', 'csv=p=0'],
    ...sourceInputArgs(),
    url,
  ];
}

/**
 * Reads the packet list of {@link buildPacketIndexArgs} against the nominal rate. A list
 * with any packet lacking a timestamp (a raw elementary stream) has no timeline to check:
 * it counts as on the grid, its keyframes in decode order.
 */
export function parsePacketIndex(csv: string, fps: Rational): PacketIndex {
  const packets = csv.split('\n').flatMap((line) => {
    const [ptsText, sizeText, flags] = line.trim().split(',');
    if (flags === undefined || !(Number(sizeText) > 0)) return [];
    const pts = ptsText === 'N/A' ? undefined : Number(ptsText);
    return [{ pts: Number.isFinite(pts) ? pts : undefined, key: flags.includes('K') }];
  });
  const keyframesOf = (list: readonly { key: boolean }[]) =>
    list.flatMap((p, index) => (p.key ? [index] : []));
  const timed = packets.flatMap((p) => (p.pts === undefined ? [] : [{ pts: p.pts, key: p.key }]));
  if (timed.length < packets.length || timed.length === 0)
    return { frames: packets.length, keyframes: keyframesOf(packets), gridGaps: 0, onGrid: true };
  // Display order: by timestamp (the sort is stable, so equal timestamps keep decode order).
  const display = [...timed].sort((a, b) => a.pts - b.pts);
  const frameSeconds = fps.den / fps.num;
  const first = display[0]!.pts;
  const last = display.at(-1)!.pts;
  const slots = Math.round((last - first) / frameSeconds) + 1;
  return {
    frames: packets.length,
    keyframes: keyframesOf(display),
    gridGaps: Math.max(0, slots - packets.length),
    onGrid: display.every((p, i) => Math.abs(p.pts - first - i * frameSeconds) < frameSeconds / 2),
  };
}

/** Demuxes the whole input once (no decoding) and reads its {@link PacketIndex}. */
export async function indexPackets(
  url: string,
  fps: Rational,
  options: { signal?: AbortSignal } = {},
): Promise<PacketIndex> {
  const { stdout } = await runProcess({
    command: 'ffprobe',
    args: buildPacketIndexArgs(url),
    signal: options.signal,
  });
  return parsePacketIndex(stdout.toString('utf8'), fps);
}
