/** One dispatched server-sent event. */
export interface ServerSentEvent {
  /** `message` when the server named none. */
  event: string;
  data: string;
  id?: string;
}

/**
 * Parses a `text/event-stream` body per the HTML living standard: fields `event`, `data`
 * (joined with newlines), `id`; comments and `retry` are ignored; a blank line dispatches.
 */
export async function* readServerSentEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  const parser = new EventParser();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    // A trailing "\r" may be the first half of "\r\n": keep it for the next chunk.
    const lines = buffer.split(/\r\n|\r(?!$)|\n/);
    buffer = lines.pop() ?? '';
    yield* parser.lines(lines);
  }
  // A final lone "\r" still ends a line; an event the stream ends before a blank line
  // dispatches is dropped, as the standard says.
  if (buffer.endsWith('\r')) yield* parser.lines([buffer.slice(0, -1)]);
}

class EventParser {
  private event = '';
  private data: string[] = [];
  private id: string | undefined;

  *lines(lines: readonly string[]): Generator<ServerSentEvent> {
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0)
          yield { event: this.event || 'message', data: this.data.join('\n'), id: this.id };
        [this.event, this.data, this.id] = ['', [], undefined];
      } else if (!line.startsWith(':')) {
        this.field(line);
      }
    }
  }

  private field(line: string): void {
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') this.event = value;
    else if (name === 'data') this.data.push(value);
    else if (name === 'id') this.id = value;
  }
}
