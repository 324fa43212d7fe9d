export type { Rational } from './rational.js';
export {
  divide,
  equals,
  formatRational,
  multiply,
  parseRational,
  rational,
  toNumber,
} from './rational.js';
export type { FrameOp, Retiming } from './retime.js';
export { createRetiming, frameOp, lowestSource, outputFrameCount, outputRange } from './retime.js';
export type { Repeats } from './repeats.js';
export { repeatLookup } from './repeats.js';
export type { ChunkPlan, PlanChunksInput, PlannedChunk } from './plan-chunks.js';
export { chunkContext, chunkFrameOps, planChunks } from './plan-chunks.js';
export type { ChooseStillsInput, StillChoice } from './choose-stills.js';
export { chooseStills, sourceFrameOf } from './choose-stills.js';
export { FALLBACK_KEYFRAMES, decodeEntries, fallbackKeyframes } from './decode-entries.js';
export type { RestoreTimeline } from './restore-timeline.js';
export {
  firstRestoredOf,
  isIdentityTimeline,
  restoreTimeline,
  restoredFrameCount,
  restoredRate,
  sourceOfRestored,
  sourceSpan,
} from './restore-timeline.js';
