/**
 * A frame rate or time base kept as two integers (e.g. 30000/1001), as ffprobe reports it.
 * Arithmetic on rationals lives in the retiming package; media only reads and prints them.
 */
export type Rational = { readonly num: number; readonly den: number };

function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Throws unless `rate` is a positive rational of safe integers, so ffmpeg never sees `NaN/1`. */
export function assertRate(rate: Rational, name = 'fps'): void {
  const ok =
    Number.isSafeInteger(rate.num) &&
    Number.isSafeInteger(rate.den) &&
    rate.num > 0 &&
    rate.den > 0;
  if (!ok)
    throw new RangeError(`${name} must be positive integers num/den, got ${rate.num}/${rate.den}`);
}

/** Reduces a positive rational to lowest terms. */
export function reduceRate(rate: Rational): Rational {
  assertRate(rate);
  const g = gcd(rate.num, rate.den);
  return { num: rate.num / g, den: rate.den / g };
}

/** Formats a rate the way ffmpeg options take it: `30000/1001`. */
export function formatRate(rate: Rational): string {
  assertRate(rate);
  return `${rate.num}/${rate.den}`;
}

/**
 * Parses ffprobe's `30000/1001`; returns undefined for `0/0`, `N/A` and anything else
 * that is not a positive rational (ffprobe's way of saying "unknown").
 */
export function parseRate(text: unknown): Rational | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const rate = { num: Number(match[1]), den: Number(match[2]) };
  if (!Number.isSafeInteger(rate.num) || !Number.isSafeInteger(rate.den)) return undefined;
  return rate.num > 0 && rate.den > 0 ? reduceRate(rate) : undefined;
}
