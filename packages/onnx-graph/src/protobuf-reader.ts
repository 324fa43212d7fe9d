// Protocol Buffers wire format, read side: just enough to walk ONNX models.
// Field numbers and wire types: https://protobuf.dev/programming-guides/encoding/

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/** One field as it lies in the buffer. */
export interface ProtoField {
  field: number;
  wireType: number;
  /** The varint value (VARINT), or 0 for other wire types. */
  varint: number;
  /** The payload of a LENGTH_DELIMITED field (a view, not a copy); empty otherwise. */
  bytes: Uint8Array;
  /** Byte offsets of the whole field, tag included, so it can be copied as is. */
  start: number;
  end: number;
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes a `string` field's payload. */
export function protoString(bytes: Uint8Array): string {
  return textDecoder.decode(bytes);
}

/**
 * Walks the top-level fields of one encoded message, in order.
 *
 * @throws RangeError when the buffer is truncated or uses a group/unknown wire type.
 */
export function* readProtoFields(bytes: Uint8Array): Generator<ProtoField> {
  let position = 0;
  while (position < bytes.length) {
    const start = position;
    const [tag, afterTag] = readVarint(bytes, position);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    let varint = 0;
    let payload = bytes.subarray(0, 0);
    switch (wireType) {
      case WIRE_VARINT:
        [varint, position] = readVarint(bytes, afterTag);
        break;
      case WIRE_FIXED64:
        position = afterTag + 8;
        break;
      case WIRE_FIXED32:
        position = afterTag + 4;
        break;
      case WIRE_LENGTH_DELIMITED: {
        const [length, afterLength] = readVarint(bytes, afterTag);
        position = afterLength + length;
        payload = bytes.subarray(afterLength, position);
        break;
      }
      default:
        throw new RangeError(`protobuf wire type ${wireType} at byte ${start} is not supported`);
    }
    if (position > bytes.length) throw new RangeError(`protobuf field at byte ${start} is cut off`);
    yield { field, wireType, varint, bytes: payload, start, end: position };
  }
}

/**
 * Reads a varint as a JS number. Values above 2^53 lose precision, except
 * that ten-byte varints (negative int64s in two's complement, such as the
 * -1 of an ONNX dim or attribute) are decoded exactly as negative numbers.
 */
function readVarint(bytes: Uint8Array, offset: number): [number, number] {
  let result = 0;
  let multiplier = 1;
  let position = offset;
  for (let count = 0; count < 10; count++) {
    const byte = bytes[position++];
    if (byte === undefined) throw new RangeError(`protobuf varint at byte ${offset} is cut off`);
    result += (byte & 0x7f) * multiplier;
    if (byte < 0x80) {
      return [count === 9 ? readLongVarint(bytes, offset) : result, position];
    }
    multiplier *= 128;
  }
  throw new RangeError(`protobuf varint at byte ${offset} is longer than ten bytes`);
}

function readLongVarint(bytes: Uint8Array, offset: number): number {
  let value = 0n;
  for (let count = 0; count < 10; count++) {
    value |= BigInt(bytes[offset + count]! & 0x7f) << BigInt(7 * count);
  }
  return Number(BigInt.asIntN(64, value));
}
