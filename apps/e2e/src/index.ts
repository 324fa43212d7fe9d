export { checkBarcodeOutput } from './check-barcode-output.js';
export type { BarcodeJob } from './check-barcode-output.js';
export { eventually } from './eventually.js';
export { localEnv } from './local-env.js';
export type { LocalEnvOptions } from './local-env.js';
export { childProcesses, isFfmpegRunning, startRole } from './roles.js';
export type { RoleExit, RoleName, RunningRole } from './roles.js';
export { startStack } from './stack.js';
export type { JobBody, Stack } from './stack.js';
