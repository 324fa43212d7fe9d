/**
 * FRAME_PIPES as the worker uses it: `auto` is yuv when the first execution provider is a
 * GPU one (the conversion graphs run there and spare the host's CPU), else rgb (on a CPU,
 * swscale's SIMD conversion beats onnxruntime's generic kernels; see docs/benchmarks.md).
 */
export function resolveFramePipes(
  setting: 'auto' | 'yuv' | 'rgb',
  executionProviders: string,
): 'yuv' | 'rgb' {
  if (setting !== 'auto') return setting;
  const first = executionProviders.split(',')[0]?.trim();
  return first === 'cuda' || first === 'tensorrt' ? 'yuv' : 'rgb';
}
