export type { Comparison, JobReport } from './job-report.js';
export type { JobResponse } from './job-response.js';
export { chosenModelSchema, errorBodySchema, jobResponseSchema } from './job-response.js';
export type { JobViewOptions, OutputSigner } from './job-view.js';
export { JobView } from './job-view.js';
