export type { Runtime } from './runtime.js';
export { createObjectStore, createRuntime } from './runtime.js';
export { runUntilSignal } from './run-until-signal.js';
export { mediaUrlResolver } from './media-url.js';
export type { ScratchDir } from './scratch-dir.js';
export { createScratchDir } from './scratch-dir.js';
export type { ServeRoleOptions, ServedRole } from './serve-role.js';
export { serveRole, startRole } from './serve-role.js';
