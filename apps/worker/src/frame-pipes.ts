/**
 * How a chunk's frames travel between ffmpeg and the models: `rgb` (packed RGB, swscale
 * converting in ffmpeg), `yuv` (the output's planar YUV, converted in onnxruntime: fused
 * into the model's session for whole frames, three sessions for tiled ones), or `fused`:
 * `yuv` for a chunk whose every model frame runs fused, else `rgb`.
 */
export type FramePipes = 'yuv' | 'rgb' | 'fused';

/**
 * FRAME_PIPES as the worker uses it: `auto` is yuv when the first execution provider is a
 * GPU one (the conversion runs there and spares the host's CPU), else `fused`: on a CPU
 * the fused session beats swscale's SIMD conversion and the rgb pipes, but the three
 * sessions of tiled frames (and a cubic Resize fused) lose to them; see docs/benchmarks.md.
 */
export function resolveFramePipes(
  setting: 'auto' | 'yuv' | 'rgb',
  executionProviders: string,
): FramePipes {
  if (setting !== 'auto') return setting;
  const first = executionProviders.split(',')[0]?.trim();
  return first === 'cuda' || first === 'tensorrt' ? 'yuv' : 'fused';
}
