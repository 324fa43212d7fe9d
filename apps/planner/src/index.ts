export { inputObjectChecker } from './check-input-object.js';
export type { Quote, QuoteInput } from './quote-job.js';
export { ESTIMATED_PIXELS_PER_SECOND, calibratedSeconds, quoteJob } from './quote-job.js';
