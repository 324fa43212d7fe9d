import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtoWriter } from './protobuf-writer.js';

test('varints follow the protobuf wire format', () => {
  // Field 1 varint 150 is the example from the protobuf encoding guide.
  assert.deepEqual([...new ProtoWriter().int(1, 150).finish()], [0x08, 0x96, 0x01]);
  assert.deepEqual([...new ProtoWriter().int(2, 300).finish()], [0x10, 0xac, 0x02]);
});

test('negative ints take ten bytes of two’s complement', () => {
  const bytes = [...new ProtoWriter().int(3, -1).finish()];
  assert.deepEqual(bytes, [0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
});

test('floats are fixed32 little-endian and strings are length-delimited UTF-8', () => {
  assert.deepEqual([...new ProtoWriter().float(2, 1).finish()], [0x15, 0x00, 0x00, 0x80, 0x3f]);
  assert.deepEqual([...new ProtoWriter().string(4, 'hé').finish()], [0x22, 0x03, 0x68, 0xc3, 0xa9]);
  assert.deepEqual([...new ProtoWriter().string(1, '').finish()], [0x0a, 0x00]);
});

test('the buffer grows past its initial size', () => {
  const payload = new Uint8Array(1000).fill(7);
  const bytes = new ProtoWriter().bytes(1, payload).int(2, 5).finish();
  assert.equal(bytes.length, 1 + 2 + 1000 + 2);
  assert.deepEqual([...bytes.subarray(0, 3)], [0x0a, 0xe8, 0x07]);
  assert.equal(bytes[1002], 7);
  assert.deepEqual([...bytes.subarray(1003)], [0x10, 0x05]);
});
