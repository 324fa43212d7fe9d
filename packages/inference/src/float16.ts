// IEEE 754 half precision as raw bits in Uint16Arrays, the way onnxruntime-node
// passes float16 tensors on Node 20 (Float16Array needs Node 24 or a flag).

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** The float16 bit pattern nearest to `value` (round half to even; overflow → ±Infinity). */
export function toFloat16Bits(value: number): number {
  scratch[0] = value;
  const bits = scratchBits[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) return sign | subnormalBits(mantissa | 0x800000, 14 - halfExponent);
  // A carry out of the mantissa correctly bumps the exponent (and 65520 up to Infinity).
  return sign | roundShift((halfExponent << 23) | mantissa, 13);
}

function subnormalBits(significand: number, shift: number): number {
  return shift > 24 ? 0 : roundShift(significand, shift);
}

/** `value >>> shift`, rounded half to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

let table: Float32Array | undefined;

/** Every float16 bit pattern's value, built once (256 KiB): a lookup beats bit work per value. */
function float16Table(): Float32Array {
  if (table !== undefined) return table;
  table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >>> 10) & 0x1f;
    const mantissa = bits & 0x3ff;
    if (exponent === 0) table[bits] = sign * mantissa * 2 ** -24;
    else if (exponent === 0x1f) table[bits] = mantissa === 0 ? sign * Infinity : NaN;
    else table[bits] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return table;
}

/** The value of one float16 bit pattern. */
export function fromFloat16Bits(bits: number): number {
  return float16Table()[bits & 0xffff]!;
}

/** Converts float32 values to float16 bits, into `out` when given. */
export function float32ToFloat16(
  values: Float32Array,
  out: Uint16Array = new Uint16Array(values.length),
): Uint16Array {
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]!);
  return out;
}

/** Converts float16 bits to float32 values, into `out` when given. */
export function float16ToFloat32(
  bits: Uint16Array,
  out: Float32Array = new Float32Array(bits.length),
): Float32Array {
  const lookup = float16Table();
  for (let i = 0; i < bits.length; i++) out[i] = lookup[bits[i]!]!;
  return out;
}
