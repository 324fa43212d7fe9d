import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConcatList, buildDecodeArgs, buildEncodeArgs } from './ffmpeg-args.js';
import { planColour } from './colour.js';
import { sourceInputArgs } from './source-formats.js';
import { buildStitchArgs } from './stitch-args.js';

const NTSC = { num: 30000, den: 1001 };
const DECODE_TAIL = [
  ...['-map', '0:v:0', '-frames:v', '5', '-fps_mode', 'passthrough', '-an', '-sn'],
  ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
];

describe('buildDecodeArgs', () => {
  it('does not seek from frame 0', () => {
    const args = buildDecodeArgs({ url: 'in.mp4', startFrame: 0, frameCount: 5, fps: NTSC });
    assert.deepEqual(args, [
      '-nostdin',
      '-v',
      'error',
      ...sourceInputArgs(),
      '-i',
      'in.mp4',
      ...DECODE_TAIL,
    ]);
  });

  it('seeks half a frame before the start frame', () => {
    const args = buildDecodeArgs({ url: 'in.mp4', startFrame: 5, frameCount: 5, fps: NTSC });
    // (5 - 0.5) * 1001 / 30000 = 0.15015
    const expected = [
      ...['-nostdin', '-v', 'error', '-ss', '0.150150', ...sourceInputArgs()],
      ...['-i', 'in.mp4', ...DECODE_TAIL],
    ];
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

  it('decodes to rgb48le when asked, keeping the colour matrix filter', () => {
    const args = buildDecodeArgs({
      url: 'in.mkv',
      startFrame: 0,
      frameCount: 5,
      fps: NTSC,
      colour: { matrix: 'bt2020', range: 'tv' },
      pixelFormat: 'rgb48le',
    });
    assert.deepEqual(args.slice(args.indexOf('-an')), [
      ...['-an', '-sn', '-vf', 'scale=in_color_matrix=bt2020:in_range=tv'],
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb48le', 'pipe:1'],
    ]);
  });

  it('decodes to planar YUV with no matrix, keeping the range (a yuvj source stays full range)', () => {
    const args = buildDecodeArgs({
      url: 'in.mp4',
      startFrame: 0,
      frameCount: 5,
      fps: NTSC,
      colour: { matrix: 'bt709', range: 'pc' },
      pixelFormat: 'yuv420p',
    });
    assert.deepEqual(args.slice(args.indexOf('-an')), [
      ...['-an', '-sn', '-vf', 'scale=in_range=pc:out_range=pc'],
      ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'],
    ]);
  });

  it('runs the restore filters before the conversion, with frameCount × outputsPerFrame frames out and one digest per source frame', () => {
    const args = buildDecodeArgs({
      url: 'in.mkv',
      startFrame: 0,
      frameCount: 5,
      fps: NTSC,
      colour: { matrix: 'bt709', range: 'tv' },
      pixelFormat: 'yuv420p',
      digests: true,
      restoreFilter: 'bwdif=mode=send_field:parity=tff:deint=all',
      outputsPerFrame: 2,
    });
    assert.deepEqual(args.slice(args.indexOf('-map')), [
      ...['-map', '0:v:0', '-frames:v', '10', '-fps_mode', 'passthrough', '-an', '-sn'],
      '-vf',
      'bwdif=mode=send_field:parity=tff:deint=all,scale=in_range=tv:out_range=tv',
      ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'],
      ...['-map', '0:v:0', '-frames:v', '5', '-fps_mode', 'passthrough', '-an', '-sn', '-dn'],
      ...['-flush_packets', '1', '-f', 'framecrc', 'pipe:3'],
    ]);
  });

  it('runs the restore filters alone when there is no colour conversion', () => {
    const args = buildDecodeArgs({
      url: 'in.mkv',
      startFrame: 0,
      frameCount: 5,
      fps: NTSC,
      restoreFilter: 'nlmeans=s=8.7:p=3:r=7',
    });
    assert.deepEqual(args.slice(args.indexOf('-an')), [
      ...['-an', '-sn', '-vf', 'nlmeans=s=8.7:p=3:r=7'],
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    ]);
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
    const args = buildEncodeArgs({ ...base, fps: { num: 30, den: 1 }, crf: 18 });
    assert.deepEqual(args, [
      ...['-nostdin', '-v', 'error', '-progress', 'pipe:1', '-stats_period', '3600'],
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '64x48'],
      ...['-framerate', '30/1', '-i', 'pipe:0', '-map', '0:v:0'],
      ...['-vf', 'scale=out_color_matrix=bt601:out_range=tv'],
      ...['-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-pix_fmt', 'yuv420p'],
      ...['-flags', '+cgop', '-fps_mode', 'passthrough', '-video_track_timescale', '15360'],
      ...['-an', '-f', 'mp4', '-y', '/tmp/seg.mp4'],
    ]);
  });

  it('scales with lanczos to the final size, converts with the source matrix and tags it', () => {
    const colour = planColour({ space: 'bt709', range: 'tv' }, 1080);
    const args = buildEncodeArgs({
      ...base,
      codec: 'hevc',
      fps: { num: 60, den: 1 },
      crf: 22,
      scaleTo: { width: 100, height: 76 },
      colour,
    });
    assert.deepEqual(args.slice(args.indexOf('-vf'), args.indexOf('-fps_mode')), [
      ...['-vf', 'scale=w=100:h=76:flags=lanczos:out_color_matrix=bt709:out_range=tv'],
      ...[
        '-c:v',
        'libx265',
        '-preset',
        'medium',
        '-crf',
        '22',
        '-pix_fmt',
        'yuv420p',
        '-tag:v',
        'hvc1',
        '-x265-params',
        'log-level=error',
      ],
      ...[
        '-colorspace',
        'bt709',
        '-color_primaries',
        'bt709',
        '-color_trc',
        'bt709',
        '-color_range',
        'tv',
      ],
    ]);
  });

  it('encodes YUV frames of the output format with no conversion; resizes only when asked', () => {
    const fps = { num: 30, den: 1 };
    const plain = buildEncodeArgs({ ...base, fps, crf: 18, pixelFormat: 'yuv420p' });
    assert.equal(plain.includes('-vf'), false);
    assert.deepEqual(plain.slice(plain.indexOf('-f'), plain.indexOf('-framerate')), [
      ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', '64x48'],
    ]);
    const tenBit = { ...base, fps, crf: 18, pixelFormat: 'yuv420p10le', bitDepth: 10 } as const;
    const scaled = buildEncodeArgs({ ...tenBit, scaleTo: { width: 100, height: 76 } });
    assert.deepEqual(scaled.slice(scaled.indexOf('-vf'), scaled.indexOf('-vf') + 2), [
      ...['-vf', 'scale=w=100:h=76:flags=lanczos'],
    ]);
    assert.throws(
      () => buildEncodeArgs({ ...base, fps, crf: 18, pixelFormat: 'yuv420p', bitDepth: 10 }),
      /cannot be encoded as yuv420p10le/,
    );
  });

  it('encodes rgb48le frames to 10-bit 4:2:0 with every codec', () => {
    const fps = { num: 30, den: 1 };
    const tenBit = { ...base, fps, pixelFormat: 'rgb48le', bitDepth: 10 } as const;
    const pixFmts = (args: string[]) =>
      args.flatMap((a, i) => (a === '-pix_fmt' ? [args[i + 1]] : []));
    assert.deepEqual(pixFmts(buildEncodeArgs({ ...tenBit, crf: 18 })), ['rgb48le', 'yuv420p10le']);
    assert.deepEqual(pixFmts(buildEncodeArgs({ ...tenBit, codec: 'hevc', crf: 22 })), [
      'rgb48le',
      'yuv420p10le',
    ]);
    assert.deepEqual(pixFmts(buildEncodeArgs({ ...tenBit, codec: 'av1', crf: 30 })), [
      'rgb48le',
      'yuv420p10le',
    ]);
    // 8-bit frames may still make a 10-bit output (less banding after the scale).
    assert.deepEqual(pixFmts(buildEncodeArgs({ ...base, fps, crf: 18, bitDepth: 10 })), [
      'rgb24',
      'yuv420p10le',
    ]);
    assert.throws(
      () => buildEncodeArgs({ ...tenBit, width: 63, crf: 18 }),
      /even for yuv420p10le, got 63x48/,
    );
  });

  it('picks a timescale that is a multiple of the reduced numerator, at least 10000', () => {
    const timescale = (num: number, den: number): string | undefined => {
      const args = buildEncodeArgs({ ...base, fps: { num, den }, crf: 18 });
      return args[args.indexOf('-video_track_timescale') + 1];
    };
    assert.equal(timescale(30000, 1001), '30000');
    assert.equal(timescale(24000, 1001), '24000');
    assert.equal(timescale(60, 2), '15360');
    assert.equal(timescale(25, 1), '12800');
    assert.equal(timescale(120000, 1001), '120000');
  });

  it('rejects odd sizes and out-of-range crf per codec', () => {
    const fps = { num: 30, den: 1 };
    assert.throws(() => buildEncodeArgs({ ...base, width: 63, fps, crf: 18 }), /even/);
    assert.throws(() => buildEncodeArgs({ ...base, fps, crf: 52 }), /crf/);
    assert.doesNotThrow(() => buildEncodeArgs({ ...base, codec: 'av1', fps, crf: 60 }));
    assert.throws(
      () => buildEncodeArgs({ ...base, scaleTo: { width: 101, height: 76 }, fps, crf: 18 }),
      /even/,
    );
  });
});

describe('buildStitchArgs', () => {
  const source = {
    url: 'https://s/in.mov',
    audioCodec: 'aac',
    videoOffsetSeconds: 0,
    audioDurationSeconds: 2,
    subtitleCodecs: [],
  };
  const base = {
    concatListPath: '/w/list.txt',
    outputPath: '/w/out.mp4',
    container: 'mp4',
    frames: 50,
    fps: { num: 25, den: 1 },
    source,
  } as const;
  const head = ['-nostdin', '-v', 'error', '-f', 'concat', '-safe', '0', '-i', '/w/list.txt'];
  const tail = ['-c:v', 'copy', '-movflags', '+faststart', '-f', 'mp4', '-y', '/w/out.mp4'];

  it('copies AAC audio that already lines up with the video', () => {
    assert.deepEqual(buildStitchArgs(base), [
      ...head,
      ...sourceInputArgs(),
      '-i',
      'https://s/in.mov',
      '-map',
      '0:v:0',
      '-map',
      '1:a:0',
      '-c:a',
      'copy',
      ...tail,
    ]);
  });

  it('cuts audio at the first video frame and pads or trims it to the video length', () => {
    const args = buildStitchArgs({
      ...base,
      source: { ...source, videoOffsetSeconds: 0.1, audioDurationSeconds: 2.5 },
    });
    assert.deepEqual(args, [
      ...head,
      ...['-ss', '0.100000', ...sourceInputArgs(), '-i', 'https://s/in.mov'],
      ...['-map', '0:v:0', '-map', '1:a:0'],
      ...['-c:a', 'aac', '-b:a', '192k', '-af', 'apad', '-t', '2.000000', ...tail],
    ]);
  });

  it('transcodes Vorbis to AAC for mp4 and to nothing else for webm', () => {
    const vorbis = { ...source, audioCodec: 'vorbis' };
    assert.ok(
      buildStitchArgs({ ...base, source: vorbis })
        .join(' ')
        .includes('-c:a aac'),
    );
    const webm = buildStitchArgs({
      ...base,
      container: 'webm',
      outputPath: '/w/out.webm',
      source: vorbis,
    });
    assert.ok(webm.join(' ').includes('-c:a copy -c:v copy -f webm'));
  });

  it('keeps text subtitles converted for the container, bitmap ones only in mkv', () => {
    const subs = { ...source, subtitleCodecs: ['subrip', 'hdmv_pgs_subtitle', 'ass'] };
    const mp4 = buildStitchArgs({ ...base, source: subs }).join(' ');
    assert.ok(mp4.includes('-map 1:s:0 -map 1:s:2 -c:s mov_text'), mp4);
    const mkv = buildStitchArgs({ ...base, container: 'mkv', source: subs }).join(' ');
    assert.ok(
      mkv.includes('-map 1:s:0 -map 1:s:1 -map 1:s:2 -c:s copy -c:v copy -f matroska'),
      mkv,
    );
  });

  it('does not open the source when it has no audio and no subtitles', () => {
    const args = buildStitchArgs({ ...base, source: { ...source, audioCodec: undefined } });
    assert.deepEqual(args, [...head, '-map', '0:v:0', ...tail]);
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
