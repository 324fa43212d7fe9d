import { runProcess } from '@remaster/media';
import type { WorkerGpu } from '@remaster/jobs';

/** Runs nvidia-smi with these arguments and returns its stdout; rejects when it is missing or fails. */
export type NvidiaSmi = (args: readonly string[]) => Promise<string>;

const runNvidiaSmi: NvidiaSmi = async (args) =>
  (await runProcess({ command: 'nvidia-smi', args, timeoutMs: 10_000 })).stdout.toString('utf8');

/**
 * The `-i` argument that names GPU `deviceId` to nvidia-smi. CUDA renumbers the devices
 * listed in CUDA_VISIBLE_DEVICES from 0; nvidia-smi does not, so map the ordinal back.
 */
export function nvidiaSmiTarget(deviceId: number, cudaVisibleDevices?: string): string {
  const visible = (cudaVisibleDevices ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return visible[deviceId] ?? String(deviceId);
}

/** Parses one line of `--query-gpu=name,memory.total --format=csv,noheader,nounits`. */
export function parseGpuQuery(stdout: string): { name: string; memoryMb: number } | undefined {
  const line = stdout.split('\n').find((l) => l.trim() !== '');
  const match = line && /^(.+),\s*(\d+)(?:\s*MiB)?\s*$/.exec(line.trim());
  if (!match) return undefined;
  return { name: match[1]!.trim(), memoryMb: Number(match[2]) };
}

/** Counts the `GPU n: …` lines of `nvidia-smi -L`. */
export function parseGpuList(stdout: string): number {
  return stdout.split('\n').filter((line) => /^GPU \d+:/.test(line.trim())).length;
}

/** The name and memory of GPU `deviceId`; `null` when nvidia-smi is missing or does not know it. */
export async function queryGpu(
  deviceId: number,
  options: { cudaVisibleDevices?: string; nvidiaSmi?: NvidiaSmi } = {},
): Promise<WorkerGpu | null> {
  const run = options.nvidiaSmi ?? runNvidiaSmi;
  try {
    const target = nvidiaSmiTarget(deviceId, options.cudaVisibleDevices);
    const parsed = parseGpuQuery(
      await run(['--query-gpu=name,memory.total', '--format=csv,noheader,nounits', '-i', target]),
    );
    return parsed ? { id: deviceId, ...parsed } : null;
  } catch {
    return null;
  }
}

/** How many GPUs `nvidia-smi -L` lists; 0 when nvidia-smi is missing or fails. */
export async function countGpus(nvidiaSmi: NvidiaSmi = runNvidiaSmi): Promise<number> {
  try {
    return parseGpuList(await nvidiaSmi(['-L']));
  } catch {
    return 0;
  }
}
