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
