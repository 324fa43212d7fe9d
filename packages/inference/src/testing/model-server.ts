// A local HTTP server for download tests: serves fixed bodies by path on
// 127.0.0.1 (port 0) and counts requests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A started server; `close` stops it. */
export interface ModelServer {
  url(path: string): string;
  requests: string[];
  close(): Promise<void>;
}

/** Serves `files` (path → body); other paths answer 404. `/broken` sends half a body, then resets. */
export async function startModelServer(files: Record<string, Uint8Array>): Promise<ModelServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    const body = files[path];
    if (path === '/broken') {
      response.writeHead(200, { 'content-length': '1000' });
      response.write(new Uint8Array(10));
      setTimeout(() => response.destroy(), 10);
      return;
    }
    if (body === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
