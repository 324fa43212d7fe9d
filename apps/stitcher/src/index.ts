// For apps/bench: what a checked source still costs against the stills in one process.
export { buildSourceStillArgs, buildStillsArgs } from './still-args.js';
export type { SourceStillRequest, StillRequest } from './still-args.js';
