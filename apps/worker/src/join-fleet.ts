import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type { Config, Logger } from '@remaster/config';
import type { NvidiaSmi } from '@remaster/gpu';
import { queryGpu } from '@remaster/gpu';
import type { WorkerCalibration } from '@remaster/jobs';
import { MetricsStore, SpeedStats, WorkerRegistry } from '@remaster/jobs';
import type { Runtime } from '@remaster/runtime';
import { FleetMember } from './fleet-member.js';
import type { ModelProvider } from './model-provider.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export interface JoinFleetDeps {
  readonly redis: Runtime['redis'];
  readonly models: Pick<ModelProvider, 'loadedModels'>;
  readonly logger: Logger;
  readonly nvidiaSmi?: NvidiaSmi;
  readonly calibration?: WorkerCalibration;
}

/** The list of EXECUTION_PROVIDERS, lower-cased, in order. */
function requestedProviders(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Announces this worker process to the fleet and keeps announcing it: asks nvidia-smi for
 * its GPU when a GPU provider is configured, then writes the first heartbeat.
 */
export async function joinFleet(config: Config, deps: JoinFleetDeps): Promise<FleetMember> {
  const providers = requestedProviders(config.EXECUTION_PROVIDERS);
  const wantsGpu = providers.some((name) => name === 'cuda' || name === 'tensorrt');
  const gpu = wantsGpu
    ? await queryGpu(config.GPU_DEVICE_ID, {
        ...(config.CUDA_VISIBLE_DEVICES ? { cudaVisibleDevices: config.CUDA_VISIBLE_DEVICES } : {}),
        ...(deps.nvidiaSmi ? { nvidiaSmi: deps.nvidiaSmi } : {}),
      })
    : null;
  if (wantsGpu && !gpu)
    deps.logger.warn(
      { gpu: config.GPU_DEVICE_ID },
      'nvidia-smi did not describe this GPU; the heartbeat shows no GPU',
    );
  const host = hostname();
  const seat = `${host}:${gpu ? `gpu${gpu.id}` : 'cpu'}`;
  const member = new FleetMember({
    registry: new WorkerRegistry(deps.redis, config.QUEUE_PREFIX),
    metrics: new MetricsStore(deps.redis, config.QUEUE_PREFIX),
    speeds: new SpeedStats(deps.redis, config.QUEUE_PREFIX),
    seat,
    ...(deps.calibration ? { calibration: deps.calibration } : {}),
    identity: {
      id: `${seat}:${process.pid}`,
      host,
      pid: process.pid,
      version,
      startedAt: new Date().toISOString(),
      gpu,
      concurrency: config.WORKER_CONCURRENCY,
      requestedProviders: providers,
    },
    loadedModels: () => deps.models.loadedModels(),
    intervalMs: config.WORKER_HEARTBEAT_MS,
    logger: deps.logger,
  });
  await member.start();
  return member;
}
