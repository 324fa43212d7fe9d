import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkComposeFile, checkComposeText } from './compose-check.js';
import { repoRoot } from './repo-root.js';

const composePath = join(repoRoot(), 'docker-compose.yml');
const composeText = readFileSync(composePath, 'utf8');
const { file, problems } = checkComposeFile(composePath);
/** The parts of a service the assertions read. */
interface Service {
  readonly container_name?: string;
  readonly ports?: readonly string[];
  readonly build?: { readonly dockerfile: string };
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly stop_grace_period?: string;
  readonly volumes?: readonly string[];
  readonly deploy?: {
    readonly resources: {
      readonly reservations: {
        readonly devices: ReadonlyArray<{ driver: string; capabilities: string[] }>;
      };
    };
  };
}
const services = file.services as unknown as Readonly<Record<string, Service>>;

test('docker-compose.yml follows the Compose Specification schema', () => {
  assert.deepEqual(problems, []);
  assert.deepEqual(Object.keys(services).sort(), [
    'api',
    'create-bucket',
    'minio',
    'planner',
    'redis',
    'stitcher',
    'webhook',
    'worker',
  ]);
});

test('a broken compose file fails the schema', () => {
  const typo = checkComposeText(composeText.replace('stop_grace_period: 60s', 'stop_grace: 60s'));
  assert.ok(
    typo.problems.some((p) => p.startsWith('/services/worker') && p.includes('stop_grace')),
    typo.problems.join('\n'),
  );
  const badCondition = checkComposeText(
    composeText.replace('condition: service_healthy', 'condition: healthy'),
  );
  assert.ok(
    badCondition.problems.some((p) => p.includes('/depends_on/')),
    'condition enum',
  );
  const badDevices = checkComposeText(
    composeText.replace('capabilities: [gpu, video]', 'capabilities: gpu'),
  );
  assert.ok(badDevices.problems.some((p) => p.includes('/devices/0/capabilities')));
});

test('the worker scales: no fixed name or host port, an NVIDIA GPU with video, a GPU claim', () => {
  const worker = services.worker!;
  assert.equal(worker.container_name, undefined);
  assert.equal(worker.ports, undefined);
  const device = worker.deploy!.resources.reservations.devices[0]!;
  assert.equal(device.driver, 'nvidia');
  assert.deepEqual(device.capabilities, ['gpu', 'video']);
  assert.equal(worker.environment.GPU_CLAIM_DIR, '/var/lib/remaster-gpus');
  assert.ok(worker.volumes!.includes('gpu-claims:/var/lib/remaster-gpus'));
  assert.equal(worker.build!.dockerfile, 'infra/docker/worker.Dockerfile');
});

test('redis keeps an append-only file and never evicts; every role waits for redis and the bucket', () => {
  const command = services.redis!.command!.join(' ');
  assert.match(command, /--appendonly yes/);
  assert.match(command, /--appendfsync everysec/);
  assert.match(command, /--maxmemory-policy noeviction/);
  assert.match(services['create-bucket']!.entrypoint!.join(' '), /mc mb --ignore-existing/);
  for (const role of ['api', 'planner', 'stitcher', 'webhook', 'worker']) {
    const dependsOn = services[role]!.depends_on!;
    assert.equal(dependsOn.redis?.condition, 'service_healthy', role);
    assert.equal(dependsOn['create-bucket']?.condition, 'service_completed_successfully', role);
    assert.equal(services[role]!.environment.ROLE, role);
    assert.equal(services[role]!.environment.QUEUE_PREFIX, '{remaster}');
  }
  assert.match(String(services.api!.environment.API_KEYS), /^\$\{API_KEYS:\?/);
});

test('a worker stops within its grace: stop_grace_period is above WORKER_SHUTDOWN_GRACE_MS', () => {
  for (const role of ['worker', 'stitcher']) {
    const service = services[role]!;
    const graceMs = Number(service.environment.WORKER_SHUTDOWN_GRACE_MS);
    const stopSeconds = Number(/^(\d+)s$/.exec(String(service.stop_grace_period))?.[1]);
    // The role exits by itself at most 10 s after its grace (runUntilSignal's deadline);
    // Docker's SIGKILL must come later.
    assert.ok(graceMs > 0, role);
    assert.ok(stopSeconds * 1000 > graceMs + 10_000, `${role}: ${stopSeconds}s vs ${graceMs}ms`);
  }
});

test('only the API and webhook bodies presign with the public S3 address; the roles that run ffmpeg use minio', () => {
  for (const [name, service] of Object.entries(services)) {
    const publicEndpoint = service.environment?.S3_PUBLIC_ENDPOINT;
    if (name === 'api' || name === 'webhook')
      assert.match(String(publicEndpoint), /localhost:9000/);
    else assert.equal(publicEndpoint, undefined, name);
    if (['planner', 'stitcher', 'worker'].includes(name))
      assert.equal(service.environment.S3_ENDPOINT, 'http://minio:9000', name);
  }
});
