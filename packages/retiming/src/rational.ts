/** A positive rational number kept as integers so retiming never drifts. */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Builds a reduced rational; throws when it is not finite and positive. */
export function rational(num: number | bigint, den: number | bigint = 1): Rational {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('rational denominator must not be zero');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  n /= g;
  d /= g;
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || d > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError('rational is too large to represent exactly');
  }
  return { num: Number(n), den: Number(d) };
}

const DECIMAL = /^\d+(?:\.\d{1,9})?$/;
const FRACTION = /^(\d+)\/(\d+)$/;

/**
 * Parses `60`, `2.5`, `29.97` or `30000/1001` exactly (decimals become fractions,
 * never floats). Throws a RangeError naming the accepted forms otherwise.
 */
export function parseRational(value: string | number): Rational {
  const text = typeof value === 'number' ? decimalText(value) : value.trim();
  const fraction = FRACTION.exec(text);
  if (fraction) return positive(rational(BigInt(fraction[1]!), BigInt(fraction[2]!)), text);
  if (DECIMAL.test(text)) {
    const [whole, frac = ''] = text.split('.');
    const den = 10n ** BigInt(frac.length);
    return positive(rational(BigInt(whole! + frac), den), text);
  }
  throw new RangeError(
    `"${text}" is not a rate: use a number like 60 or 2.5, or a fraction like 30000/1001`,
  );
}

function decimalText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // toPrecision avoids exponent notation for the magnitudes rates have.
  return Number(value.toPrecision(12)).toString();
}

function positive(r: Rational, text: string): Rational {
  if (r.num <= 0) throw new RangeError(`"${text}" must be greater than zero`);
  return r;
}

export function multiply(a: Rational, b: Rational): Rational {
  return rational(BigInt(a.num) * BigInt(b.num), BigInt(a.den) * BigInt(b.den));
}

export function divide(a: Rational, b: Rational): Rational {
  return rational(BigInt(a.num) * BigInt(b.den), BigInt(a.den) * BigInt(b.num));
}

export function toNumber(r: Rational): number {
  return r.num / r.den;
}

/** `30000/1001`, or `60` when the denominator is one. */
export function formatRational(r: Rational): string {
  return r.den === 1 ? String(r.num) : `${r.num}/${r.den}`;
}

export function equals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}
