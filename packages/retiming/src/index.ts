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
export { createRetiming, frameOp, outputFrameCount, outputRange } from './retime.js';
export type { ChunkPlan, PlanChunksInput, PlannedChunk } from './plan-chunks.js';
export { chunkFrameOps, planChunks } from './plan-chunks.js';
