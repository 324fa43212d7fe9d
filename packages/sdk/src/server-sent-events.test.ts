import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServerSentEvent } from './server-sent-events.js';
import { readServerSentEvents } from './server-sent-events.js';

async function parse(chunks: string[]): Promise<ServerSentEvent[]> {
  async function* body() {
    for (const chunk of chunks) yield new TextEncoder().encode(chunk);
  }
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(body())) events.push(event);
  return events;
}

test('reads named events, multi-line data, ids; skips comments and retry', async () => {
  const events = await parse([
    ': keep-alive\n\n',
    'retry: 1000\nevent: job\nid: 7\ndata: {"a":1}\n\n',
    'data: line one\ndata:line two\n\n',
  ]);
  assert.deepEqual(events, [
    { event: 'job', data: '{"a":1}', id: '7' },
    { event: 'message', data: 'line one\nline two', id: undefined },
  ]);
});

test('joins events split anywhere across chunks, with CRLF, CR or LF line ends', async () => {
  const whole = 'event: job\r\ndata: {"percent":50}\r\n\r\nevent: job\rdata: {"percent":100}\r\r';
  for (let cut = 1; cut < whole.length; cut++) {
    const events = await parse([whole.slice(0, cut), whole.slice(cut)]);
    assert.deepEqual(
      events.map((e) => e.data),
      ['{"percent":50}', '{"percent":100}'],
      `cut at ${cut}`,
    );
  }
});

test('decodes UTF-8 split inside a character and drops an undispatched tail', async () => {
  const bytes = new TextEncoder().encode('data: née\n\ndata: lost');
  async function* body() {
    yield bytes.slice(0, 8);
    yield bytes.slice(8);
  }
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(body())) events.push(event);
  assert.deepEqual(events, [{ event: 'message', data: 'née', id: undefined }]);
});
