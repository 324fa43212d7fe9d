// `@remaster/inference/testing`: the shared-data readers and test frames that the
// benchmarks (apps/bench) use beside this package's own tests. Source only, never built.
export {
  readRgb24,
  readTriplet,
  set5Dir,
  sharedDir,
  sharedModelsDir,
  skipUnless,
  tripletPaths,
  tripletsDir,
  type Rgb24Image,
} from './shared-data.js';
export { smoothFrame } from './test-models.js';
export { startModelServer, type ModelServer } from './model-server.js';
