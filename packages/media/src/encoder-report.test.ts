import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { countVideoFrames } from './count-frames.js';
import { parseEncodedFrames, readEncodedFrames } from './encoder-report.js';
import { buildEncodeArgs } from './ffmpeg-args.js';
import { writeFrame } from './raw-frames.js';
import { spawnPiped } from './spawn-piped.js';

describe('parseEncodedFrames', () => {
  it('takes frame= of the block that ends progress=end', () => {
    const text = 'frame=1\nfps=0.0\nprogress=continue\nframe=19\nfps=250\nprogress=end\n';
    assert.equal(parseEncodedFrames(text), 19);
  });

  it('gives undefined without a final block (the encoder died first)', () => {
    assert.equal(parseEncodedFrames('frame=7\nprogress=continue\nframe=9\n'), undefined);
    assert.equal(parseEncodedFrames(''), undefined);
  });
});

describe('readEncodedFrames from a real encoder', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'encoder-report-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes `written` grey frames; `filterPrefix` goes in front of the encoder's filter. */
  async function encode(name: string, written: number, filterPrefix = '') {
    const path = join(dir, name);
    const args = buildEncodeArgs({
      ...{ width: 32, height: 16, fps: { num: 25, den: 1 }, outputPath: path },
      ...{ codec: 'h264', crf: 18 },
    });
    const vf = args.indexOf('-vf') + 1;
    args[vf] = `${filterPrefix}${args[vf]}`;
    const encoder = spawnPiped({ command: 'ffmpeg', args });
    const report = readEncodedFrames(encoder.stdout);
    try {
      for (let i = 0; i < written; i += 1) {
        await writeFrame(encoder.stdin, Buffer.alloc(32 * 16 * 3, i * 20));
      }
      encoder.stdin.end();
      await encoder.done;
      return { reported: await report, counted: await countVideoFrames(path) };
    } finally {
      encoder.kill();
    }
  }

  it('reports the frames in the segment', async () => {
    assert.deepEqual(await encode('all.mp4', 6), { reported: 6, counted: 6 });
  });

  it('reports what was encoded, not what was written, when a frame is dropped', async () => {
    // A filter that drops frame 2 stands for an encoder that loses one.
    const counts = await encode('dropped.mp4', 6, String.raw`select=not(eq(n\,2)),`);
    assert.deepEqual(counts, { reported: 5, counted: 5 });
  });
});
