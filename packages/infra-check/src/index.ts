export { checkComposeFile, checkComposeText } from './compose-check.js';
export type { ComposeCheck, ComposeFile } from './compose-check.js';
export { checkManifestFiles, crossCheck } from './k8s-check.js';
export type { Manifest, ManifestCheck } from './k8s-check.js';
export { repoRoot } from './repo-root.js';
