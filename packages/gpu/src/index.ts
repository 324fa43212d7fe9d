export { countGpus, queryGpu } from './nvidia-smi.js';
export type { NvidiaSmi } from './nvidia-smi.js';
