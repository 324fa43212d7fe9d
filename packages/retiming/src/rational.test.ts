import assert from 'node:assert/strict';
import { test } from 'node:test';
import { divide, formatRational, parseRational, rational } from './rational.js';

test('parses integers, decimals and fractions exactly', () => {
  assert.deepEqual(parseRational('60'), { num: 60, den: 1 });
  assert.deepEqual(parseRational(2.5), { num: 5, den: 2 });
  assert.deepEqual(parseRational('29.97'), { num: 2997, den: 100 });
  assert.deepEqual(parseRational('30000/1001'), { num: 30000, den: 1001 });
  assert.deepEqual(parseRational('50/2'), { num: 25, den: 1 });
});

test('rejects zero, negatives and junk with a message saying what is accepted', () => {
  assert.throws(() => parseRational('0'), /greater than zero/);
  assert.throws(() => parseRational('-5'), /fraction like 30000\/1001/);
  assert.throws(() => parseRational('1/0'), /denominator/);
  assert.throws(() => parseRational('abc'), /not a rate/);
});

test('divides and formats', () => {
  assert.equal(formatRational(divide(rational(60), rational(30000, 1001))), '1001/500');
  assert.equal(formatRational(rational(50)), '50');
});
