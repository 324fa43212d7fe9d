import type { InferenceSession } from 'onnxruntime-node';

/** Execution providers a worker may be configured with, in the spelling onnxruntime uses. */
export const executionProviderNames = ['cpu', 'cuda', 'tensorrt', 'dml', 'coreml'] as const;

/** One of {@link executionProviderNames}. */
export type ExecutionProviderName = (typeof executionProviderNames)[number];

function isExecutionProviderName(name: string): name is ExecutionProviderName {
  return (executionProviderNames as readonly string[]).includes(name);
}

/**
 * Parses a comma-separated provider list such as `'cuda,cpu'` (order is
 * priority) into names, ignoring spaces, case and repeats.
 *
 * @throws Error naming the allowed providers when a name is unknown or the list is empty.
 */
export function parseExecutionProviders(list: string): ExecutionProviderName[] {
  const allowed = executionProviderNames.join(', ');
  const names = list
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new Error(`no execution provider given: list one or more of ${allowed}, e.g. 'cuda,cpu'`);
  }
  const unknown = names.filter((name) => !isExecutionProviderName(name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown execution provider ${unknown.map((name) => `'${name}'`).join(', ')}: use ${allowed}`,
    );
  }
  return [...new Set(names as ExecutionProviderName[])];
}

/**
 * Builds onnxruntime's `executionProviders` session option. `deviceId` picks
 * the GPU for the NVIDIA providers (cuda, tensorrt); others take no device.
 */
export function sessionExecutionProviders(
  names: readonly ExecutionProviderName[],
  deviceId?: number,
): InferenceSession.ExecutionProviderConfig[] {
  return names.map((name) => {
    if (deviceId !== undefined && (name === 'cuda' || name === 'tensorrt'))
      return { name, deviceId };
    return name;
  });
}
