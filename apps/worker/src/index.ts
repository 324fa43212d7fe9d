export { countGpus, parseGpuList, queryGpu } from './nvidia-smi.js';
export type { NvidiaSmi } from './nvidia-smi.js';
