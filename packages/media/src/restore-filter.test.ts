import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRestoreFilter, outputsPerFrame, restoreContext } from './restore-filter.js';

describe('buildRestoreFilter', () => {
  it('is undefined when the plan asks for nothing (σ 0 denoises nothing)', () => {
    assert.equal(buildRestoreFilter({}), undefined);
    assert.equal(buildRestoreFilter({ denoise: { sigma: 0 } }), undefined);
  });

  it('deinterlaces with bwdif, one frame per frame or per field, with the parity given', () => {
    assert.equal(
      buildRestoreFilter({ deinterlace: { mode: 'frame', order: 'tff' } }),
      'bwdif=mode=send_frame:parity=tff:deint=all',
    );
    assert.equal(
      buildRestoreFilter({ deinterlace: { mode: 'field', order: 'bff' } }),
      'bwdif=mode=send_field:parity=bff:deint=all',
    );
  });

  it('field-matches with fieldmatch, every frame decided from its own comb scores', () => {
    assert.equal(
      buildRestoreFilter({ ivtc: { order: 'bff' } }),
      'fieldmatch=order=bff:mode=pc_n:combmatch=full',
    );
  });

  it('maps σ to nlmeans strength 0.5·σ (at least 1) and chains in order', () => {
    assert.equal(buildRestoreFilter({ denoise: { sigma: 15 } }), 'nlmeans=s=7.5:p=3:r=7');
    assert.equal(buildRestoreFilter({ denoise: { sigma: 1 } }), 'nlmeans=s=1:p=3:r=7');
    assert.equal(buildRestoreFilter({ denoise: { sigma: 50 } }), 'nlmeans=s=25:p=3:r=7');
    assert.equal(
      buildRestoreFilter({
        deblock: true,
        denoise: { sigma: 5 },
        deinterlace: { mode: 'field', order: 'tff' },
      }),
      'bwdif=mode=send_field:parity=tff:deint=all,nlmeans=s=2.5:p=3:r=7,spp=quality=4:qp=10',
    );
  });

  it('rejects a σ out of 0–50', () => {
    assert.throws(() => buildRestoreFilter({ denoise: { sigma: 51 } }), RangeError);
    assert.throws(() => buildRestoreFilter({ denoise: { sigma: Number.NaN } }), RangeError);
  });
});

describe('restoreContext and outputsPerFrame', () => {
  it('reads one frame each side per temporal filter, none for spatial ones', () => {
    assert.deepEqual(restoreContext({}), { before: 0, after: 0 });
    assert.deepEqual(restoreContext({ denoise: { sigma: 9 }, deblock: true }), {
      before: 0,
      after: 0,
    });
    assert.deepEqual(restoreContext({ deinterlace: { mode: 'frame', order: 'tff' } }), {
      before: 1,
      after: 1,
    });
    assert.deepEqual(
      restoreContext({ ivtc: { order: 'tff' }, deinterlace: { mode: 'frame', order: 'tff' } }),
      { before: 2, after: 2 },
    );
  });

  it('is 2 outputs per frame only for field deinterlacing', () => {
    assert.equal(outputsPerFrame({ deinterlace: { mode: 'field', order: 'tff' } }), 2);
    assert.equal(outputsPerFrame({ deinterlace: { mode: 'frame', order: 'tff' } }), 1);
    assert.equal(outputsPerFrame({ ivtc: { order: 'tff' } }), 1);
  });
});
