export type { RenderPlan, BuildRenderInput, SourceFrameFacts } from './build-render.js';
export { buildRender } from './build-render.js';
export type { OutputSize } from './output-size.js';
export { planOutputSize } from './output-size.js';
export type { OutputRateInput, OutputRateProblem } from './output-rate.js';
export { MAX_RATE_FACTOR, MIN_OUTPUT_FPS, outputRateProblem, targetRate } from './output-rate.js';
export type { Quote, QuoteInput } from './quote-job.js';
export {
  ESTIMATED_PIXELS_PER_SECOND,
  calibratedSeconds,
  predictRender,
  quoteJob,
} from './quote-job.js';
export { inputObjectChecker } from './check-input-object.js';
export type { FieldDecision, FieldFacts, FieldOrder } from './restore/decide-fields.js';
export { decideFields } from './restore/decide-fields.js';
export type {
  PlanRestoreInput,
  RestoreFacts,
  RestoreModelRun,
  RestorePlan,
} from './restore/plan-restore.js';
export { AUTO_DEFLICKER_STRENGTH, planRestore } from './restore/plan-restore.js';
export { restoresFrames } from './restore/chunk-restore.js';
export { deflickerGains, meanVariance } from './restore/deflicker-gains.js';
export type { PlanSourceRestoreInput } from './restore/plan-source-restore.js';
export { planSourceRestore, restoreMeasures } from './restore/plan-source-restore.js';
