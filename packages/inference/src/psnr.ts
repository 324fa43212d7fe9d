/**
 * Peak signal-to-noise ratio in dB between two 8-bit images of the same
 * size, over all samples (every channel): 10·log10(255² / MSE). Identical
 * images give Infinity.
 *
 * @throws RangeError when the sizes differ or the images are empty.
 */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(`images of ${a.length} and ${b.length} bytes cannot be compared`);
  }
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = a[i]! - b[i]!;
    sum += difference * difference;
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255 * a.length) / sum);
}
