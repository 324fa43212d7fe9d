import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser } from './sse.js';

test('events split across reads come out whole, comments are skipped', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('event: job\ndata: {"a"'), []);
  assert.deepEqual(parser.push(':1}\n\n: keep-alive\n\nevent: job\r\ndata: 2\r\n\r\n'), [
    { event: 'job', data: '{"a":1}' },
    { event: 'job', data: '2' },
  ]);
});

test('multi-line data is joined and an unnamed event is a message', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('data: one\ndata:two\n\n'), [
    { event: 'message', data: 'one\ntwo' },
  ]);
});
