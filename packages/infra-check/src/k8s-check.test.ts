import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { checkManifestFiles } from './k8s-check.js';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { Manifest } from './k8s-check.js';
import { repoRoot } from './repo-root.js';

const k8sDir = join(repoRoot(), 'infra/k8s');
const manifestFiles = readdirSync(k8sDir).filter(
  (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml',
);
const { manifests, problems } = checkManifestFiles(manifestFiles.map((f) => join(k8sDir, f)));

const deployment = (name: string) => find('Deployment', name).body as unknown as IDeployment;

function find(kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.name === name);
  assert.ok(found, `${kind}/${name} is defined`);
  return found;
}

/** Checks one manifest file's text after `edit`, as a file of its own. */
function checkEdited(file: string, edit: (text: string) => string): readonly string[] {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-check-'));
  const original = readFileSync(join(k8sDir, file), 'utf8');
  const edited = edit(original);
  assert.notEqual(edited, original, 'the edit changed the file');
  for (const other of manifestFiles)
    writeFileSync(join(dir, other), other === file ? edited : readFileSync(join(k8sDir, other)));
  return checkManifestFiles(manifestFiles.map((f) => join(dir, f))).problems;
}

test('every manifest validates against its Kubernetes or KEDA schema, and references resolve', () => {
  assert.deepEqual(problems, []);
  const kinds = manifests.map((m) => `${m.kind}/${m.name}`).sort();
  for (const expected of [
    'Namespace/remaster',
    'ConfigMap/remaster-config',
    'Secret/remaster-secrets',
    'Deployment/api',
    'Service/api',
    'Deployment/planner',
    'Deployment/stitcher',
    'Deployment/webhook',
    'Deployment/worker',
    'PodDisruptionBudget/api',
    'PodDisruptionBudget/worker',
    'ScaledObject/worker',
  ])
    assert.ok(kinds.includes(expected), expected);
});

test('kustomization.yaml lists every manifest but the example secret', () => {
  const kustomization = parse(readFileSync(join(k8sDir, 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
  };
  assert.deepEqual(
    [...kustomization.resources].sort(),
    manifestFiles.filter((f) => f !== 'secret.example.yaml').sort(),
  );
});

test('broken manifests fail: a wrong type, a missing field, a dangling reference', () => {
  const wrongType = checkEdited('api.yaml', (t) => t.replace('replicas: 2', "replicas: 'two'"));
  assert.ok(
    wrongType.some((p) => p.includes('Deployment/api') && p.includes('replicas must be integer')),
  );
  const noTrigger = checkEdited('keda-scaledobject.yaml', (t) =>
    t.replace('- type: prometheus', '- kind: prometheus'),
  );
  assert.ok(
    noTrigger.some(
      (p) =>
        p.includes("must have required property 'type'") || p.includes('required property type'),
    ),
    noTrigger.join('\n'),
  );
  const noQuery = checkEdited('keda-scaledobject.yaml', (t) => t.replace(/ {8}query: .*\n/, ''));
  assert.ok(
    noQuery.some((p) => p.includes('prometheus trigger needs metadata.query')),
    noQuery.join('\n'),
  );
  const badQuantity = checkEdited('worker.yaml', (t) =>
    t.replace('nvidia.com/gpu: 1 }', 'nvidia.com/gpu: one }'),
  );
  assert.ok(
    badQuantity.some((p) => p.includes('Deployment/worker') && p.includes('quantity')),
    badQuantity.join('\n'),
  );
  const orphanBudget = checkEdited('worker.yaml', (t) =>
    t.replace(/(kind: PodDisruptionBudget[\s\S]*app.kubernetes.io\/name: )worker/, '$1wroker'),
  );
  assert.ok(
    orphanBudget.some((p) => p.includes('PodDisruptionBudget/worker') && p.includes('matches no')),
    orphanBudget.join('\n'),
  );
  const unknownKind = checkEdited('namespace.yaml', (t) =>
    t.replace('kind: Namespace', 'kind: Namespaces'),
  );
  assert.ok(unknownKind.some((p) => p.includes('no schema for v1 Namespaces')));
});

test('the worker asks for one GPU, tolerates the GPU taint and outlives its shutdown grace', () => {
  const worker = deployment('worker');
  const pod = worker.spec!.template.spec!;
  const container = pod.containers[0]!;
  assert.equal(String(container.resources!.limits!['nvidia.com/gpu']), '1');
  assert.ok(pod.tolerations!.some((t) => t.key === 'nvidia.com/gpu' && t.operator === 'Exists'));
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? '']));
  assert.equal(env.ROLE, 'worker');
  assert.match(env.NVIDIA_DRIVER_CAPABILITIES ?? '', /video/);
  // The worker exits by itself at most 10 s after its grace; the kubelet's SIGKILL comes later.
  const graceMs = Number(env.WORKER_SHUTDOWN_GRACE_MS);
  assert.ok(graceMs >= 60_000, 'a chunk has time to finish');
  assert.ok(pod.terminationGracePeriodSeconds! * 1000 > graceMs + 10_000);
  assert.equal(worker.spec!.replicas, undefined, 'KEDA owns replicas');
});

test('the API runs two replicas with readiness on /readyz and liveness on /healthz', () => {
  const api = deployment('api');
  assert.equal(api.spec!.replicas, 2);
  const container = api.spec!.template.spec!.containers[0]!;
  assert.equal(container.readinessProbe!.httpGet!.path, '/readyz');
  assert.equal(container.livenessProbe!.httpGet!.path, '/healthz');
  assert.equal(container.ports![0]!.containerPort, 8080);
  const budget = find('PodDisruptionBudget', 'api').body as unknown as IPodDisruptionBudget;
  assert.equal(budget.spec!.minAvailable, 1);
});

test('every pod runs as non-root with a read-only root file system', () => {
  for (const { name } of manifests.filter((m) => m.kind === 'Deployment')) {
    const pod = deployment(name).spec!.template.spec!;
    assert.equal(pod.securityContext!.runAsNonRoot, true, name);
    assert.ok(pod.securityContext!.runAsUser! > 0, name);
    for (const container of pod.containers) {
      assert.equal(container.securityContext!.readOnlyRootFilesystem, true, name);
      assert.equal(container.securityContext!.allowPrivilegeEscalation, false, name);
    }
  }
});

test('workers and stitchers are killed only after their own shutdown deadline', () => {
  for (const name of ['worker', 'stitcher']) {
    const pod = deployment(name).spec!.template.spec!;
    const env = pod.containers[0]!.env ?? [];
    const graceMs = Number(env.find((e) => e.name === 'WORKER_SHUTDOWN_GRACE_MS')?.value);
    assert.ok(graceMs > 0, name);
    assert.ok(pod.terminationGracePeriodSeconds! * 1000 > graceMs + 10_000, name);
  }
});

test('only the API and webhook bodies presign with the public S3 address', () => {
  const config = find('ConfigMap', 'remaster-config').body as { data: Record<string, string> };
  assert.equal(config.data.S3_PUBLIC_ENDPOINT, undefined);
  assert.ok(config.data.S3_ENDPOINT);
  for (const { name } of manifests.filter((m) => m.kind === 'Deployment')) {
    const env = deployment(name).spec!.template.spec!.containers[0]!.env ?? [];
    const publicEndpoint = env.find((e) => e.name === 'S3_PUBLIC_ENDPOINT')?.value;
    if (name === 'api' || name === 'webhook')
      assert.match(String(publicEndpoint), /^https:\/\//, name);
    else assert.equal(publicEndpoint, undefined, name);
  }
});
