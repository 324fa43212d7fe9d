import type { FieldCounts } from './restore-analysis.js';
import type { FieldOrder } from './restore-filter.js';

/** Share of the frames idet decided that must be interlaced for an interlaced verdict. */
const INTERLACED_SHARE = 0.5;
/** The same for telecine, 2 frames in 5 of which are combed where anything moves. */
const TELECINE_INTERLACED_SHARE = 0.2;
/** Share of all frames with a repeated field above which interlaced frames are telecine. */
const TELECINE_REPEATS = 0.15;

/** What a source's fields are, from {@link classifyFields}. */
export interface FieldClassification {
  readonly kind: 'progressive' | 'interlaced' | 'telecined';
  /** The field order to deinterlace or field-match with (tff when nothing says otherwise). */
  readonly order: FieldOrder;
  /** Frames idet saw as interlaced (multi-frame TFF + BFF), of those it decided. */
  readonly interlacedShare: number;
  /** Frames with a repeated top or bottom field, of all frames. */
  readonly repeatedShare: number;
}

/**
 * Progressive, interlaced or telecined, from idet's counts over the source. Telecined when
 * more than 15 % of all frames repeat a field (3:2 pulldown repeats one in 2 frames of 5:
 * 40 %) and at least 20 % of the frames idet decided (multi-frame detection, undetermined
 * ones left out) are TFF or BFF (2 in 5 are combed); a progressive source whose frames were
 * doubled repeats fields too, but is not combed. Interlaced when at least half are. Calibrated here on clips made
 * with ffmpeg: testsrc2 woven to 25i TFF and BFF (100 % TFF/BFF, no repeats), testsrc2 and
 * Big Buck Bunny telecined 3:2 (100 % TFF or 97 % BFF, 40 % repeats), and the real
 * progressive clips (Big Buck Bunny 720p: 716 progressive, 4 undetermined of 720;
 * friday.mp4: 185 progressive; slow CGI at 640x360: all 30 undetermined → progressive).
 */
export function classifyFields(counts: FieldCounts): FieldClassification {
  const { tff, bff, progressive } = counts.multiple;
  const decided = tff + bff + progressive;
  const { neither, top, bottom } = counts.repeated;
  const frames = neither + top + bottom;
  const interlacedShare = decided === 0 ? 0 : (tff + bff) / decided;
  const repeatedShare = frames === 0 ? 0 : (top + bottom) / frames;
  const order = fieldOrder(counts);
  const kind =
    repeatedShare > TELECINE_REPEATS && interlacedShare >= TELECINE_INTERLACED_SHARE
      ? 'telecined'
      : interlacedShare >= INTERLACED_SHARE
        ? 'interlaced'
        : 'progressive';
  return { kind, order, interlacedShare, repeatedShare };
}

/** BFF when idet saw more BFF than TFF frames (multi-frame, else single-frame), else TFF. */
function fieldOrder({ multiple, single }: FieldCounts): FieldOrder {
  if (multiple.tff !== multiple.bff) return multiple.bff > multiple.tff ? 'bff' : 'tff';
  return single.bff > single.tff ? 'bff' : 'tff';
}
