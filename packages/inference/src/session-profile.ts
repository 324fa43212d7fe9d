// Which execution provider really ran a model's nodes. onnxruntime-node has
// no API for node placement, but its profiler records the provider of every
// kernel it runs; profiling one warm-up run and then stopping it tells us.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionProviderName } from './execution-providers.js';
import type { RunnableSession } from './inference-thread.js';

/** onnxruntime's provider type names (`CUDAExecutionProvider`, …) in our spelling. */
const PROVIDER_NAMES: Readonly<Record<string, ExecutionProviderName>> = {
  CPUExecutionProvider: 'cpu',
  CUDAExecutionProvider: 'cuda',
  TensorrtExecutionProvider: 'tensorrt',
  DmlExecutionProvider: 'dml',
  CoreMLExecutionProvider: 'coreml',
};

/** Nodes run per provider in one profiled run, e.g. `{ cuda: 40, cpu: 2 }`. */
export type NodeProviders = Partial<Record<string, number>>;

/** A folder for one session's profile; `remove` deletes it. */
export interface ProfileTarget {
  prefix: string;
  remove(): Promise<void>;
}

/** Makes a temporary folder for `profileFilePrefix`. */
export async function profileTarget(): Promise<ProfileTarget> {
  const dir = await mkdtemp(join(tmpdir(), 'remaster-ort-profile-'));
  return { prefix: join(dir, 'warm-up'), remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Stops profiling (later runs are not profiled) and counts the nodes each
 * provider ran, from the profile onnxruntime wrote under `target`.
 */
export async function readNodeProviders(
  session: Pick<RunnableSession, 'endProfiling'>,
  target: ProfileTarget,
): Promise<NodeProviders> {
  await session.endProfiling();
  const dir = join(target.prefix, '..');
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  const counts: NodeProviders = {};
  for (const file of files) {
    const events = JSON.parse(await readFile(join(dir, file), 'utf8')) as unknown;
    for (const provider of kernelProviders(events).values()) {
      counts[provider] = (counts[provider] ?? 0) + 1;
    }
  }
  return counts;
}

/** Node name → provider, from the profiler's `<node>_kernel_time` events. */
function kernelProviders(events: unknown): Map<string, string> {
  const nodes = new Map<string, string>();
  if (!Array.isArray(events)) return nodes;
  for (const event of events as { name?: unknown; args?: { provider?: unknown } }[]) {
    const provider = event.args?.provider;
    if (typeof event.name !== 'string' || typeof provider !== 'string') continue;
    if (!event.name.endsWith('_kernel_time')) continue;
    nodes.set(event.name, PROVIDER_NAMES[provider] ?? provider);
  }
  return nodes;
}

/** `cuda 40, cpu 2`, most nodes first. */
export function describeNodeProviders(counts: NodeProviders): string {
  const entries = Object.entries(counts).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  return entries.length === 0 ? 'no nodes' : entries.map(([name, n]) => `${name} ${n}`).join(', ');
}
