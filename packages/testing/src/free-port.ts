import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago: the system picks it for
 * a listener on port 0, which is then closed. Another process may take it
 * before the caller binds it, so callers that spawn servers should retry on
 * "address in use". Prefer listening on port 0 directly where you can.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  if (address === null || typeof address === 'string') {
    throw new Error('listening on port 0 gave no TCP address');
  }
  return address.port;
}
