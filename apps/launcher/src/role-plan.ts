import type { Role } from '@remaster/config';
import { ROLES } from '@remaster/roles';

/** One process the launcher starts: its role, a name for the logs and its extra environment. */
export interface RoleLaunch {
  readonly role: Role;
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface RolePlanInput {
  readonly roles: readonly Role[];
  /** EXECUTION_PROVIDERS as configured, e.g. `cuda,cpu`. */
  readonly executionProviders: string;
  /** GPU_IDS: device ids to start a worker for, e.g. `0,1`. */
  readonly gpuIds?: string;
  readonly cudaVisibleDevices?: string;
  /** GPUs `nvidia-smi -L` lists (0 when it was not asked or is missing). */
  readonly gpuCount: number;
  /** WORKER_PROCESSES, for workers on CPU. */
  readonly workerProcesses: number;
}

/** True when the workers are to run on a GPU provider (cuda or tensorrt). */
export function usesGpu(executionProviders: string): boolean {
  return executionProviders
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .some((name) => name === 'cuda' || name === 'tensorrt');
}

/** Whether the launcher must ask `nvidia-smi -L` how many GPUs there are. */
export function needsGpuCount(input: Omit<RolePlanInput, 'gpuCount'>): boolean {
  return (
    input.roles.some((role) => ROLES[role].gpu) &&
    usesGpu(input.executionProviders) &&
    !input.gpuIds &&
    !listed(input.cudaVisibleDevices).length
  );
}

/**
 * The processes to start: one per role, except GPU roles (the workers). On a GPU provider, one worker per
 * GPU with its GPU_DEVICE_ID: the ids of GPU_IDS, else the devices of CUDA_VISIBLE_DEVICES
 * (CUDA numbers them from 0), else every GPU nvidia-smi lists; with none found, one worker
 * on the configured GPU_DEVICE_ID. On CPU, WORKER_PROCESSES workers.
 */
export function planRoleProcesses(input: RolePlanInput): RoleLaunch[] {
  return input.roles.flatMap((role): RoleLaunch[] => {
    if (!ROLES[role].gpu) return [{ role, name: role, env: {} }];
    if (!usesGpu(input.executionProviders)) {
      if (input.workerProcesses === 1) return [{ role, name: role, env: {} }];
      return Array.from({ length: input.workerProcesses }, (_, i) => ({
        role,
        name: `worker#${i + 1}`,
        env: {},
      }));
    }
    const ids = gpuDeviceIds(input);
    if (ids.length === 0) return [{ role, name: role, env: {} }];
    return ids.map((id) => ({ role, name: `worker:gpu${id}`, env: { GPU_DEVICE_ID: String(id) } }));
  });
}

function gpuDeviceIds(input: RolePlanInput): number[] {
  if (input.gpuIds) return [...new Set(listed(input.gpuIds).map(Number))];
  const visible = listed(input.cudaVisibleDevices);
  const count = visible.length > 0 ? visible.length : input.gpuCount;
  return Array.from({ length: count }, (_, i) => i);
}

function listed(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
