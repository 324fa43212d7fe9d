import type { RestoreRequest, RestoreSummary } from '@remaster/jobs';

import type { FieldClassification, FieldOrder } from '@remaster/media';

export type { FieldOrder };

/** What the planner's idet count found (`classifyFields` of @remaster/media), with its counts. */
export interface FieldFacts extends Pick<FieldClassification, 'kind' | 'order'> {
  readonly idet: NonNullable<RestoreSummary['fields']['idet']>;
}

export interface FieldDecision {
  readonly action: RestoreSummary['fields']['action'];
  readonly order?: FieldOrder;
  readonly reason: string;
}

/**
 * Pure: what the restoration does to the fields, from the job's settings and what idet
 * found. A forced deinterlace wins; otherwise a telecined source gets its pulldown removed
 * (`ivtc: auto`) and an interlaced one is split into one frame per field
 * (`deinterlace: auto`: each field is its own moment, so 25i becomes 50p motion, not 25p
 * with half the motion thrown away). The field order is idet's, else the container's
 * flag, else top field first.
 */
export function decideFields(
  restore: Pick<RestoreRequest, 'deinterlace' | 'ivtc'>,
  facts: { fields?: FieldFacts; containerOrder?: FieldOrder },
): FieldDecision {
  const { fields, containerOrder } = facts;
  const order = fields?.kind !== 'progressive' && fields ? fields.order : (containerOrder ?? 'tff');
  const { deinterlace, ivtc } = restore;
  if (deinterlace === 'frame' || deinterlace === 'field') {
    const found = fields ? `idet found it ${fields.kind}` : 'not checked';
    return {
      action: `deinterlace ${deinterlace}`,
      order,
      reason: `deinterlace: ${deinterlace} was asked for (${found})`,
    };
  }
  if (!fields)
    return { action: 'none', reason: 'fields are checked (ffmpeg idet) when the job is planned' };
  if (fields.kind === 'telecined') {
    if (ivtc === 'auto')
      return {
        action: 'ivtc',
        order,
        reason:
          'telecined film (3:2 pulldown): the progressive frames are rebuilt and the repeat of each cycle dropped',
      };
    return { action: 'none', reason: 'telecined, but ivtc is off: the pulldown stays' };
  }
  if (fields.kind === 'interlaced') {
    // idet also sees combing in sharp synthetic pictures (testsrc2): auto trusts it only on
    // a stream that declares its fields.
    if (deinterlace === 'auto' && containerOrder === undefined)
      return {
        action: 'none',
        reason:
          'idet finds it interlaced but the stream says progressive: left as it is; ask for deinterlace "field" or "frame" if it is interlaced',
      };
    if (deinterlace === 'auto')
      return {
        action: 'deinterlace field',
        order,
        reason: `interlaced (${order}): each field becomes a frame (bwdif)`,
      };
    return { action: 'none', reason: 'interlaced, but deinterlace is off: treated as progressive' };
  }
  return { action: 'none', reason: 'progressive: nothing to deinterlace' };
}
