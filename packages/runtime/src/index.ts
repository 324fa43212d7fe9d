export type { Runtime } from './runtime.js';
export { createObjectStore, createRuntime } from './runtime.js';
export { runUntilSignal } from './run-until-signal.js';
export { mediaUrlResolver } from './media-url.js';
