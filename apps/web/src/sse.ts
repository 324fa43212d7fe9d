/** One server-sent event: its `event:` name and its `data:` lines joined. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Incremental text/event-stream parser: feed it text as it arrives, get the complete
 * events out. (EventSource cannot send an Authorization header, so the page reads the
 * stream with fetch and parses it here.)
 */
export class SseParser {
  private pending = '';

  push(text: string): ServerSentEvent[] {
    this.pending += text.replace(/\r\n?/g, '\n');
    const events: ServerSentEvent[] = [];
    let end = this.pending.indexOf('\n\n');
    while (end >= 0) {
      const block = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + 2);
      const event = parseBlock(block);
      if (event) events.push(event);
      end = this.pending.indexOf('\n\n');
    }
    return events;
  }
}

function parseBlock(block: string): ServerSentEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue; // comments keep the stream alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length > 0 ? { event, data: data.join('\n') } : undefined;
}
