import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { test } from 'node:test';
import { startRedis, startedServices } from './start-redis.js';

/** What redis answers to an inline PING, or the socket error's code. */
function ping(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (reply) => {
      socket.destroy();
      resolve(reply.toString());
    });
  });
}

test('starts a private redis-server that answers PING, and stop closes its port', async () => {
  const redis = await startRedis();
  assert.notEqual(redis.port, 6379, 'must never use the shared Redis port');
  assert.equal(redis.url, `redis://127.0.0.1:${redis.port}`);
  assert.equal(await ping(redis.port), '+PONG\r\n');
  assert.equal(startedServices.size, 1);

  await redis.stop();
  assert.equal(await ping(redis.port), 'ECONNREFUSED');
  assert.equal(startedServices.size, 0);
  await redis.stop(); // a second stop is harmless
});

test('two servers started side by side get different ports', async () => {
  const [a, b] = await Promise.all([startRedis(), startRedis()]);
  try {
    assert.notEqual(a.port, b.port);
    assert.equal(await ping(a.port), '+PONG\r\n');
    assert.equal(await ping(b.port), '+PONG\r\n');
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('says how to install redis-server when it is missing', async () => {
  await assert.rejects(startRedis({ command: 'redis-server-not-installed' }), (error: Error) => {
    assert.match(error.message, /redis-server-not-installed was not found on PATH/);
    assert.match(error.message, /apt-get install redis-server/);
    return true;
  });
  assert.equal(startedServices.size, 0);
});

test('a redis-server left running is killed when the test process exits or is terminated', async () => {
  const script = [
    `import { startRedis } from ${JSON.stringify(new URL('./start-redis.ts', import.meta.url).href)};`,
    'const redis = await startRedis();',
    'console.log(redis.port);',
    // Exit without stopping it once told to; until then stdin keeps us alive.
    "process.stdin.once('data', () => process.exit(0));",
  ].join('\n');
  for (const mode of ['exit', 'sigterm'] as const) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const [firstLine] = (await once(child.stdout, 'data')) as [Buffer];
    const port = Number(firstLine.toString().trim());
    assert.equal(await ping(port), '+PONG\r\n', mode);
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    if (mode === 'exit') child.stdin.write('exit\n');
    else child.kill('SIGTERM');
    const [code, signal] = await exited;
    assert.deepEqual(
      { code, signal },
      mode === 'exit' ? { code: 0, signal: null } : { code: null, signal: 'SIGTERM' },
    );
    assert.equal(await ping(port), 'ECONNREFUSED', mode);
  }
});

/** Sends one inline command and returns the raw reply. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.once('data', (reply) => {
      socket.destroy();
      resolve(reply.toString());
    });
  });
}

test('with AOF (appendfsync always) a crash and restart on the same port keeps every write', async () => {
  const redis = await startRedis({ appendfsync: 'always' });
  try {
    assert.equal(await command(redis.port, 'SET kept 42'), '+OK\r\n');
    await redis.restart();
    assert.equal(await command(redis.port, 'GET kept'), '$2\r\n42\r\n');
  } finally {
    await redis.stop();
  }
  // Without AOF the same crash loses the key: the restart really restarted.
  const volatile = await startRedis();
  try {
    await command(volatile.port, 'SET kept 42');
    await volatile.restart();
    assert.equal(await command(volatile.port, 'GET kept'), '$-1\r\n');
  } finally {
    await volatile.stop();
  }
});
