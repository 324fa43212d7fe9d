import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { classifyFields } from './classify-fields.js';
import { buildFrameIndexArgs, indexFrames } from './frame-digests.js';
import { Readable } from 'node:stream';
import { buildMatchDiffsArgs } from './match-diffs.js';
import { noiseSampleFrames, readAnalysisLines } from './restore-analysis.js';
import { runProcess } from './run-process.js';
import { sourceInputArgs } from './source-formats.js';

const [W, H, FRAMES] = [160, 120, 40];

describe('buildFrameIndexArgs with restoration analyses', () => {
  it('prints idet, scdet and the mean luma from one chain, samples the noise frames to a file, digests on fd 3', () => {
    const printer = (key: string) => `metadata=mode=print:key=${key}:file=-:direct=1`;
    const args = buildFrameIndexArgs('in.mp4', {
      scan: true,
      restore: { fields: true, luma: true, noise: { frames: [30, 10], width: 64, height: 32 } },
      noiseSamplePath: '/tmp/x/noise.raw',
    });
    assert.deepEqual(args, [
      ...['-nostdin', '-v', 'error', ...sourceInputArgs(), '-i', 'in.mp4'],
      ...['-map', '0:v:0', '-an', '-sn', '-dn', '-vf'],
      [
        'idet',
        printer('lavfi.idet.multiple.current_frame'),
        printer('lavfi.idet.single.current_frame'),
        printer('lavfi.idet.repeated.current_frame'),
        'scale=160:-2',
        'scdet=threshold=100',
        printer('lavfi.scd.mafd'),
        printer('lavfi.scd.score'),
        'scale=64:-2:out_range=tv,format=yuv420p,signalstats',
        printer('lavfi.signalstats.YAVG'),
      ].join(','),
      ...['-fps_mode', 'passthrough', '-f', 'null', '-'],
      ...[
        '-map',
        '0:v:0',
        '-an',
        '-sn',
        '-dn',
        '-vf',
        'select=eq(n\\,10)+eq(n\\,30),extractplanes=y',
      ],
      ...[
        '-fps_mode',
        'passthrough',
        '-f',
        'rawvideo',
        '-pix_fmt',
        'gray16le',
        '-y',
        '/tmp/x/noise.raw',
      ],
      ...['-map', '0:v:0', '-fps_mode', 'passthrough', '-an', '-sn', '-dn'],
      ...['-flush_packets', '1', '-f', 'framecrc', 'pipe:3'],
    ]);
    const fieldsOnly = buildFrameIndexArgs('in.mp4', { scan: false, restore: { fields: true } });
    assert.equal(
      fieldsOnly[fieldsOnly.indexOf('-vf') + 1],
      [
        'idet',
        printer('lavfi.idet.multiple.current_frame'),
        printer('lavfi.idet.single.current_frame'),
        printer('lavfi.idet.repeated.current_frame'),
      ].join(','),
    );
    assert.throws(
      () =>
        buildFrameIndexArgs('in.mp4', {
          scan: false,
          restore: { noise: { frames: [1], width: 2, height: 2 } },
        }),
      RangeError,
    );
  });

  it('spreads the noise samples over the source', () => {
    assert.deepEqual(noiseSampleFrames(100, 4), [12, 37, 62, 87]);
    assert.deepEqual(noiseSampleFrames(2, 8), [0, 1]);
  });
});

describe('indexFrames: restoration analyses in the one sequential decode', () => {
  let dir: string;
  const clip = (name: string) => join(dir, name);
  async function make(name: string, source: string, extra: string[] = []) {
    await runProcess({
      command: 'ffmpeg',
      args: [
        ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', source, '-frames:v', String(FRAMES)],
        ...[
          '-c:v',
          'libx264',
          '-preset',
          'veryfast',
          '-crf',
          '14',
          ...extra,
          '-pix_fmt',
          'yuv420p',
          '-y',
          clip(name),
        ],
      ],
    });
  }
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'restore-analysis-'));
    const size = `s=${W}x${H}`;
    // gradients, not testsrc2: idet calls testsrc2's progressive frames TFF. Telecined
    // gradients lose their repeated fields to x264 (too alike); telecined testsrc2 keeps them.
    const gradients = (rate: string) => `gradients=${size}:r=${rate}:speed=0.05:seed=1`;
    await make('progressive.mp4', gradients('25'));
    await make('interlaced.mp4', `${gradients('50')},interlace=scan=bff:lowpass=off,setfield=bff`, [
      '-flags',
      '+ildct+ilme',
      '-top',
      '0',
    ]);
    await make(
      'telecined.mp4',
      `testsrc2=${size}:r=24000/1001,telecine=first_field=top:pattern=23`,
    );
    // Brightness stepping up frame by frame: 16 + 4·n, a flat grey.
    await make(
      'ramp.mp4',
      `color=c=black:${size}:r=25,format=yuv420p,geq=lum='16+4*N':cb=128:cr=128`,
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('tells progressive, interlaced (BFF) and telecined (TFF) sources apart', async () => {
    const verdicts = [];
    for (const name of ['progressive.mp4', 'interlaced.mp4', 'telecined.mp4']) {
      const index = await indexFrames(clip(name), { scan: false, restore: { fields: true } });
      const fields = index.restore?.fields;
      assert.ok(fields);
      const { tff, bff, progressive, undetermined } = fields.multiple;
      assert.equal(tff + bff + progressive + undetermined, FRAMES);
      verdicts.push(classifyFields(fields));
    }
    assert.deepEqual(
      // A progressive source's order means nothing (idet's odd TFF or BFF frame decides it).
      verdicts.map(({ kind, order }) => (kind === 'progressive' ? kind : `${kind} ${order}`)),
      ['progressive', 'interlaced bff', 'telecined tff'],
    );
  });

  it("measures every frame's mean luma and keeps the digests and scan of a plain index", async () => {
    const plain = await indexFrames(clip('ramp.mp4'), { scan: true });
    const index = await indexFrames(clip('ramp.mp4'), {
      scan: true,
      restore: { luma: true, fields: true },
    });
    assert.deepEqual(index.digests, plain.digests);
    assert.deepEqual(index.scan, plain.scan);
    const luma = index.restore?.luma ?? [];
    assert.equal(luma.length, FRAMES);
    luma.forEach((value, n) =>
      assert.ok(Math.abs(value - (4 * n) / 219) < 0.005, `frame ${n}: ${value}`),
    );
  });

  it('estimates the noise of sampled frames: next to none in a clean clip of edges and text', async () => {
    await make('testsrc2.mp4', `testsrc2=s=${W}x${H}:r=25`);
    const noise = { frames: noiseSampleFrames(FRAMES, 4), width: W, height: H };
    const index = await indexFrames(clip('testsrc2.mp4'), { scan: false, restore: { noise } });
    assert.equal(index.restore?.fields, undefined);
    const sigma = index.restore?.noiseSigma;
    assert.ok(sigma !== undefined && sigma < 1, `σ ${sigma}`);
    assert.equal(index.digests.length, FRAMES);
  });
});

describe('readAnalysisLines', () => {
  it("parses each printer's frame header and key, whoever printed them, and counts idet's verdicts", async () => {
    const text = [
      'frame:0    pts:0       pts_time:0',
      'lavfi.idet.multiple.current_frame=tff',
      'frame:0    pts:0       pts_time:0',
      'lavfi.idet.repeated.current_frame=neither',
      'frame:0    pts:0       pts_time:0',
      'lavfi.scd.mafd=0.000',
      'lavfi.scd.score=0.000',
      'frame:0    pts:0       pts_time:0',
      'lavfi.signalstats.YAVG=125.5',
      'frame:1    pts:1001    pts_time:0.0333667',
      'lavfi.idet.multiple.current_frame=progressive',
      'frame:1    pts:1001    pts_time:0.0333667',
      'lavfi.idet.repeated.current_frame=top',
      'frame:1    pts:1001    pts_time:0.0333667',
      'lavfi.scd.mafd=1.250',
      'lavfi.scd.score=12.500',
      'frame:1    pts:1001    pts_time:0.0333667',
      'lavfi.signalstats.YAVG=16',
      '',
    ].join('\n');
    const lines = await readAnalysisLines(Readable.from([Buffer.from(text)]));
    assert.deepEqual(lines.scan, { mafd: [0, 1.25], score: [0, 12.5] });
    assert.deepEqual(lines.luma, [0.5, 0]);
    assert.deepEqual(lines.fields.multiple, { tff: 1, bff: 0, progressive: 1, undetermined: 0 });
    assert.deepEqual(lines.fields.repeated, { neither: 1, top: 1, bottom: 0 });
    assert.deepEqual(lines.fields.single, { tff: 0, bff: 0, progressive: 0, undetermined: 0 });
  });
});

describe('buildMatchDiffsArgs', () => {
  it("runs the worker's fieldmatch, then scdet on a 160-pixel copy, printing mafd per frame", () => {
    assert.deepEqual(buildMatchDiffsArgs('in.mkv', { order: 'bff' }), [
      ...['-nostdin', '-v', 'error', ...sourceInputArgs(), '-i', 'in.mkv'],
      ...['-map', '0:v:0', '-an', '-sn', '-dn', '-vf'],
      'fieldmatch=order=bff:mode=pc_n:combmatch=full,scale=160:-2,scdet=threshold=100,metadata=mode=print:key=lavfi.scd.mafd:file=-',
      ...['-fps_mode', 'passthrough', '-f', 'null', '-'],
    ]);
  });
});
