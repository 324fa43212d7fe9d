import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildConcatList,
  buildDecodeArgs,
  buildEncodeArgs,
  buildStitchArgs,
} from './ffmpeg-args.js';

const NTSC = { num: 30000, den: 1001 };
const DECODE_TAIL = [
  ...['-map', '0:v:0', '-frames:v', '5', '-fps_mode', 'passthrough', '-an', '-sn'],
  ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
];

describe('buildDecodeArgs', () => {
  it('does not seek from frame 0', () => {
    const args = buildDecodeArgs({ url: 'in.mp4', startFrame: 0, frameCount: 5, fps: NTSC });
    assert.deepEqual(args, ['-nostdin', '-v', 'error', '-i', 'in.mp4', ...DECODE_TAIL]);
  });

  it('seeks half a frame before the start frame', () => {
    const args = buildDecodeArgs({ url: 'in.mp4', startFrame: 5, frameCount: 5, fps: NTSC });
    // (5 - 0.5) * 1001 / 30000 = 0.15015
    const expected = ['-nostdin', '-v', 'error', '-ss', '0.150150', '-i', 'in.mp4', ...DECODE_TAIL];
    assert.deepEqual(args, expected);
  });

  it('prints tiny and huge seek times without exponents', () => {
    const tiny = buildDecodeArgs({
      url: 'a',
      startFrame: 1,
      frameCount: 1,
      fps: { num: 1000, den: 1 },
    });
    assert.equal(tiny[4], '0.000500');
    const huge = buildDecodeArgs({
      url: 'a',
      startFrame: 9e9,
      frameCount: 1,
      fps: { num: 1, den: 1 },
    });
    assert.equal(huge[4], '8999999999.500000');
  });

  it('rejects negative, fractional and zero counts', () => {
    const base = { url: 'a', fps: NTSC };
    assert.throws(() => buildDecodeArgs({ ...base, startFrame: -1, frameCount: 1 }), RangeError);
    assert.throws(() => buildDecodeArgs({ ...base, startFrame: 1.5, frameCount: 1 }), RangeError);
    assert.throws(() => buildDecodeArgs({ ...base, startFrame: 0, frameCount: 0 }), RangeError);
    const badRate = { url: 'a', startFrame: 0, frameCount: 1, fps: { num: 0, den: 1 } };
    assert.throws(() => buildDecodeArgs(badRate), RangeError);
  });
});

describe('buildEncodeArgs', () => {
  const base = { width: 64, height: 48, outputPath: '/tmp/seg.mp4', codec: 'h264' } as const;

  it('encodes rgb24 from stdin to an h264 mp4 with an exact track timescale', () => {
    const args = buildEncodeArgs({
      ...base,
      fps: { num: 30, den: 1 },
      crf: 18,
      preset: 'veryfast',
    });
    assert.deepEqual(args, [
      ...['-nostdin', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '64x48'],
      ...['-framerate', '30/1', '-i', 'pipe:0', '-map', '0:v:0'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p'],
      ...['-flags', '+cgop', '-fps_mode', 'passthrough', '-video_track_timescale', '15360'],
      ...['-an', '-f', 'mp4', '-y', '/tmp/seg.mp4'],
    ]);
  });

  it('picks a timescale that is a multiple of the reduced numerator, at least 10000', () => {
    const timescale = (num: number, den: number): string | undefined => {
      const args = buildEncodeArgs({ ...base, fps: { num, den }, crf: 18, preset: 'fast' });
      return args[args.indexOf('-video_track_timescale') + 1];
    };
    assert.equal(timescale(30000, 1001), '30000');
    assert.equal(timescale(24000, 1001), '24000');
    assert.equal(timescale(60, 2), '15360');
    assert.equal(timescale(25, 1), '12800');
    assert.equal(timescale(120000, 1001), '120000');
  });

  it('rejects odd sizes and out-of-range crf', () => {
    const fps = { num: 30, den: 1 };
    const odd = { ...base, width: 63, fps, crf: 18, preset: 'fast' } as const;
    assert.throws(() => buildEncodeArgs(odd), /even/);
    assert.throws(() => buildEncodeArgs({ ...base, fps, crf: 52, preset: 'fast' }), /crf/);
  });
});

describe('buildStitchArgs', () => {
  const base = {
    concatListPath: '/w/list.txt',
    sourceUrl: 'https://s/in.mov',
    outputPath: '/w/out.mp4',
  };
  const head = ['-nostdin', '-v', 'error', '-f', 'concat', '-safe', '0', '-i', '/w/list.txt'];
  const tail = ['-movflags', '+faststart', '-f', 'mp4', '-y', '/w/out.mp4'];

  it('copies AAC audio from the source', () => {
    const args = buildStitchArgs({ ...base, hasAudio: true, audioCodec: 'aac' });
    assert.deepEqual(args, [
      ...head,
      ...['-i', 'https://s/in.mov', '-map', '0:v:0', '-map', '1:a:0?'],
      ...['-c:v', 'copy', '-c:a', 'copy', ...tail],
    ]);
  });

  it('transcodes other audio to AAC 192k', () => {
    const args = buildStitchArgs({ ...base, hasAudio: true, audioCodec: 'opus' });
    assert.deepEqual(args, [
      ...head,
      ...['-i', 'https://s/in.mov', '-map', '0:v:0', '-map', '1:a:0?'],
      ...['-c:v', 'copy', '-c:a', 'aac', '-b:a', '192k', ...tail],
    ]);
  });

  it('does not open the source when it has no audio', () => {
    const args = buildStitchArgs({ ...base, hasAudio: false, audioCodec: undefined });
    assert.deepEqual(args, [...head, '-map', '0:v:0', '-c:v', 'copy', ...tail]);
  });
});

describe('buildConcatList', () => {
  it('quotes paths and gives durations whose sums stay on exact microseconds', () => {
    const list = buildConcatList({
      fps: NTSC,
      segments: [
        { path: '/w/seg 0.mp4', frames: 10 },
        { path: "/w/it's.mp4", frames: 10 },
        { path: '/w/seg2.mp4', frames: 10 },
      ],
    });
    // Ends at 10, 20, 30 frames: 333666.67 → 333667, 667333.33 → 667333, 1001000 µs.
    const expected = [
      'ffconcat version 1.0',
      "file '/w/seg 0.mp4'",
      'duration 0.333667',
      "file '/w/it'\\''s.mp4'",
      'duration 0.333666',
      "file '/w/seg2.mp4'",
      'duration 0.333667',
      '',
    ].join('\n');
    assert.equal(list, expected);
  });

  it('never drifts over many segments', () => {
    const segments = Array.from({ length: 1000 }, (_, i) => ({ path: `/s${i}.mp4`, frames: 7 }));
    const list = buildConcatList({ fps: NTSC, segments });
    const totalUs = [...list.matchAll(/^duration (\d+)\.(\d{6})$/gm)]
      .map((m) => Number(m[1]) * 1e6 + Number(m[2]))
      .reduce((a, b) => a + b, 0);
    // 7000 frames × 1001/30000 s = 233566.666… ms, rounded once.
    assert.equal(totalUs, 233_566_667);
  });

  it('rejects line breaks in paths', () => {
    const segments = [{ path: '/w/a\nfile /etc/passwd', frames: 1 }];
    assert.throws(() => buildConcatList({ fps: NTSC, segments }), /line breaks/);
  });
});
