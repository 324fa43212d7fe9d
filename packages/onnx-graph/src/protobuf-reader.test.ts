import assert from 'node:assert/strict';
import { test } from 'node:test';
import { protoString, readProtoFields } from './protobuf-reader.js';
import { ProtoWriter } from './protobuf-writer.js';

test('fields written by ProtoWriter read back with their numbers, values and offsets', () => {
  const nested = new ProtoWriter().string(1, 'hé').finish();
  const bytes = new ProtoWriter()
    .int(1, 150)
    .float(2, 1.5)
    .message(3, nested)
    .int(4, 2 ** 40)
    .finish();
  const fields = [...readProtoFields(bytes)];
  assert.deepEqual(
    fields.map(({ field, wireType, varint }) => [field, wireType, varint]),
    [
      [1, 0, 150],
      [2, 5, 0],
      [3, 2, 0],
      [4, 0, 2 ** 40],
    ],
  );
  assert.equal(protoString([...readProtoFields(fields[2]!.bytes)][0]!.bytes), 'hé');
  // Offsets cover the whole field, tag included, so copying them re-creates the message.
  const copy = new ProtoWriter();
  for (const field of fields) copy.raw(bytes.subarray(field.start, field.end));
  assert.deepEqual(copy.finish(), bytes);
});

test('ten-byte varints are negative int64s, as ONNX writes -1 dims', () => {
  const bytes = new ProtoWriter().int(1, -1).int(2, -7).int(3, 9_000_000_000).finish();
  assert.deepEqual(
    [...readProtoFields(bytes)].map((f) => f.varint),
    [-1, -7, 9_000_000_000],
  );
});

test('cut-off messages and group wire types are refused', () => {
  const bytes = new ProtoWriter().string(1, 'abcdef').finish();
  assert.throws(
    () => [...readProtoFields(bytes.subarray(0, 4))],
    /protobuf field at byte 0 is cut off/,
  );
  assert.throws(
    () => [...readProtoFields(Uint8Array.from([0x08, 0x96]))],
    /varint at byte 1 is cut off/,
  );
  assert.throws(
    () => [...readProtoFields(Uint8Array.from([0x0b]))],
    /wire type 3 at byte 0 is not supported/,
  );
});
