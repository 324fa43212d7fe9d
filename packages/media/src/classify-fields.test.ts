import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyFields } from './classify-fields.js';
import type { FieldCounts } from './restore-analysis.js';

function counts(
  multiple: [tff: number, bff: number, progressive: number, undetermined: number],
  repeated: [neither: number, top: number, bottom: number],
  single: [number, number, number, number] = multiple,
): FieldCounts {
  const types = ([tff, bff, progressive, undetermined]: number[]) => ({
    tff: tff!,
    bff: bff!,
    progressive: progressive!,
    undetermined: undetermined!,
  });
  const [neither, top, bottom] = repeated;
  return { multiple: types(multiple), single: types(single), repeated: { neither, top, bottom } };
}

// The counts idet gave here on the clips named (ffmpeg 5.1).
describe('classifyFields', () => {
  it('progressive: Big Buck Bunny 720p, friday.mp4, a slow 640x360 clip idet could not decide', () => {
    assert.equal(classifyFields(counts([0, 0, 716, 4], [720, 0, 0])).kind, 'progressive');
    assert.equal(
      classifyFields(counts([0, 0, 185, 0], [185, 0, 0], [5, 8, 170, 2])).kind,
      'progressive',
    );
    assert.equal(classifyFields(counts([0, 0, 0, 30], [30, 0, 0])).kind, 'progressive');
  });

  it('interlaced, with its order: testsrc2 woven to 25i TFF and BFF', () => {
    const tff = classifyFields(counts([100, 0, 0, 0], [100, 0, 0]));
    assert.deepEqual(tff, {
      kind: 'interlaced',
      order: 'tff',
      interlacedShare: 1,
      repeatedShare: 0,
    });
    assert.equal(classifyFields(counts([0, 100, 0, 0], [100, 0, 0])).order, 'bff');
  });

  it('telecined: testsrc2 3:2 TFF, Big Buck Bunny 3:2 BFF', () => {
    const testsrc = classifyFields(counts([100, 0, 0, 0], [60, 20, 20], [86, 8, 4, 2]));
    assert.deepEqual(testsrc, {
      kind: 'telecined',
      order: 'tff',
      interlacedShare: 1,
      repeatedShare: 0.4,
    });
    const bunny = classifyFields(counts([0, 29, 0, 1], [18, 6, 6], [0, 24, 5, 1]));
    assert.equal(bunny.kind, 'telecined');
    assert.equal(bunny.order, 'bff');
  });

  it('a progressive source with doubled frames repeats fields but is not telecined', () => {
    assert.equal(classifyFields(counts([0, 0, 100, 0], [80, 10, 10])).kind, 'progressive');
  });

  it('nothing decided is progressive, TFF', () => {
    assert.deepEqual(classifyFields(counts([0, 0, 0, 0], [0, 0, 0])), {
      kind: 'progressive',
      order: 'tff',
      interlacedShare: 0,
      repeatedShare: 0,
    });
  });
});
