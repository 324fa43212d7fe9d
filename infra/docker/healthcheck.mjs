// Container health check of one Remaster role, with no dependencies (images run it as
// `node /app/healthcheck.mjs`). ROLE names the role the container runs.
// - api: GET /healthz on PORT answers 200 within the timeout.
// - planner, stitcher, worker, webhook (no HTTP port): the role's process,
//   apps/<role>/dist/main.js as the images lay it out, is alive. Consumer heartbeats in
//   Redis would say more (a stuck process); this check does not read them yet.
import { readFileSync, readdirSync } from 'node:fs';

const TIMEOUT_MS = 3000;
const role = process.env.ROLE ?? 'api';

async function apiHealthy() {
  const port = process.env.PORT ?? '8080';
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return response.status === 200;
}

function processAlive(entry) {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.some((arg) => arg.endsWith(entry))) return true;
    } catch {
      // The process ended while we looked.
    }
  }
  return false;
}

const healthy =
  role === 'api'
    ? await apiHealthy().catch(() => false)
    : processAlive(`apps/${role}/dist/main.js`);
if (!healthy) process.stderr.write(`${role} is not healthy\n`);
process.exit(healthy ? 0 : 1);
