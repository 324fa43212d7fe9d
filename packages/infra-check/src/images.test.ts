import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { repoRoot } from './repo-root.js';

const root = repoRoot();
const dockerDir = join(root, 'infra/docker');
const installScript = join(dockerDir, 'install-ort-cuda.sh');
const scriptText = readFileSync(installScript, 'utf8');
const ortVersion = /^ORT_VERSION=(\S+)$/m.exec(scriptText)?.[1];

/** A fake onnxruntime-node package and provider folder, as the check step reads them. */
function fixture(options: { node: string; core: string; provider: string; cudart: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'ort-cuda-'));
  const ortDir = join(dir, 'node_modules/onnxruntime-node');
  const bindingDir = join(ortDir, 'bin/napi-v6/linux/x64');
  const libDir = join(dir, 'provider');
  mkdirSync(bindingDir, { recursive: true });
  mkdirSync(libDir);
  writeFileSync(join(ortDir, 'package.json'), JSON.stringify({ version: options.node }));
  // Binaries hold their version and sonames as NUL-terminated strings.
  writeFileSync(join(bindingDir, 'libonnxruntime.so.1'), `\0ELF\0${options.core}\0`);
  writeFileSync(
    join(libDir, 'libonnxruntime_providers_cuda.so'),
    `\0ELF\0${options.cudart}\0x${options.provider}y\0${options.provider}\0`,
  );
  writeFileSync(join(libDir, 'libonnxruntime_providers_shared.so'), '\0ELF\0');
  return spawnSync('sh', [installScript, 'check', ortDir, libDir], { encoding: 'utf8' });
}

test('the CUDA provider check passes only when onnxruntime-node, its core and the provider agree', () => {
  assert.equal(ortVersion, '1.29.0');
  const good = { node: '1.29.0', core: '1.29.0', provider: '1.29.0', cudart: 'libcudart.so.13' };
  const ok = fixture(good);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /ONNX Runtime 1\.29\.0, CUDA 13 provider matches/);
  const cases = [
    [
      { ...good, node: '1.28.0' },
      /onnxruntime-node is 1\.28\.0 but the CUDA provider is built for 1\.29\.0/,
    ],
    [{ ...good, core: '1.28.0' }, /libonnxruntime\.so\.1 is not ONNX Runtime 1\.29\.0/],
    [{ ...good, provider: '1.29.1' }, /not built for ONNX Runtime 1\.29\.0/],
    [{ ...good, cudart: 'libcudart.so.12' }, /not built for CUDA 13/],
  ] as const;
  for (const [options, message] of cases) {
    const result = fixture(options);
    assert.equal(result.status, 1, JSON.stringify(options));
    assert.match(result.stderr, message);
  }
});

test('the pnpm catalog pins onnxruntime-node to the version the CUDA provider is built for', () => {
  const workspace = parse(readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')) as {
    catalog: Record<string, string>;
  };
  assert.equal(workspace.catalog['onnxruntime-node'], ortVersion);
  const installed = JSON.parse(
    readFileSync(
      join(root, 'packages/inference/node_modules/onnxruntime-node/package.json'),
      'utf8',
    ),
  ) as { version: string };
  assert.equal(installed.version, ortVersion);
  assert.match(scriptText, /^GPU_PACKAGE=com\.github\.asus4\.onnxruntime\.linux-x64-gpu$/m);
  assert.match(scriptText, /^GPU_PACKAGE_VERSION=0\.4\.9$/m);
});

/** Runs the worker entrypoint with a fake nvidia-smi that lists GPUs 0 and 1. */
function entrypointEnv(claimDir: string | undefined): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), 'fake-smi-'));
  writeFileSync(join(bin, 'nvidia-smi'), '#!/bin/sh\nprintf "0\\n1\\n"\n');
  chmodSync(join(bin, 'nvidia-smi'), 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    GPU_CLAIM_RETRY_SECONDS: '1',
  };
  delete env.CUDA_VISIBLE_DEVICES;
  if (claimDir) env.GPU_CLAIM_DIR = claimDir;
  else delete env.GPU_CLAIM_DIR;
  return env;
}

const entrypoint = join(dockerDir, 'worker-entrypoint.sh');
const printGpu = ['sh', '-c', 'echo "gpu=${CUDA_VISIBLE_DEVICES:-none} id=${GPU_DEVICE_ID:-none}"'];

async function firstLine(child: ChildProcess): Promise<string> {
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return chunk.toString().trim();
}

test('scaled workers claim distinct GPUs, and one more waits for a GPU to free', async () => {
  const claims = mkdtempSync(join(tmpdir(), 'gpu-claims-'));
  const env = entrypointEnv(claims);
  // `exec sleep`: the process holding the claim is the one killed, as node is in the image.
  const holdGpu = () =>
    spawn('sh', [entrypoint, 'sh', '-c', 'echo "gpu=$CUDA_VISIBLE_DEVICES"; exec sleep 60'], {
      env,
    });
  const first = holdGpu();
  const exits = [once(first, 'exit')];
  assert.equal(await firstLine(first), 'gpu=0');
  const second = holdGpu();
  exits.push(once(second, 'exit'));
  assert.equal(await firstLine(second), 'gpu=1');
  const third = spawn('sh', [entrypoint, ...printGpu], { env });
  exits.push(once(third, 'exit'));
  const thirdLine = firstLine(third);
  const [waiting] = (await once(third.stderr, 'data')) as [Buffer];
  assert.match(waiting.toString(), /every GPU \(0,1\) has a worker; waiting/);
  // GPU 0 frees when the first worker dies; the third takes it over.
  first.kill();
  assert.equal(await thirdLine, 'gpu=0 id=0');
  second.kill();
  await Promise.all(exits);
});

test('without GPU_CLAIM_DIR (Kubernetes) the worker runs as it is', () => {
  const result = spawnSync('sh', [entrypoint, ...printGpu], {
    env: entrypointEnv(undefined),
    encoding: 'utf8',
  });
  assert.equal(result.status, 0);
  assert.equal(result.stdout.trim(), 'gpu=none id=none');
});

const healthcheck = join(dockerDir, 'healthcheck.mjs');

function runHealthcheck(env: NodeJS.ProcessEnv): Promise<number | null> {
  const child = spawn(process.execPath, [healthcheck], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  return once(child, 'exit').then(([code]) => code as number | null);
}

test('the image health check asks the API /healthz', async () => {
  let status = 200;
  const server = createServer((request, response) => {
    response.writeHead(request.url === '/healthz' ? status : 404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = String((server.address() as AddressInfo).port);
  try {
    assert.equal(await runHealthcheck({ ROLE: 'api', PORT: port }), 0);
    status = 503;
    assert.equal(await runHealthcheck({ ROLE: 'api', PORT: port }), 1);
  } finally {
    server.close();
  }
  assert.equal(await runHealthcheck({ ROLE: 'api', PORT: port }), 1, 'nobody listening');
});

test('the image health check of a role without HTTP looks for its process', async () => {
  // Role names of this test alone: other processes on the machine may run real roles.
  const role = `check-${process.pid}`;
  const fakeRole = spawn(process.execPath, [
    '-e',
    'setTimeout(() => {}, 10000)',
    `apps/${role}/dist/main.js`,
  ]);
  try {
    await once(fakeRole, 'spawn');
    assert.equal(await runHealthcheck({ ROLE: role }), 0);
    assert.equal(await runHealthcheck({ ROLE: `${role}-absent` }), 1);
  } finally {
    fakeRole.kill();
  }
});

test('images run as non-root users, have health checks, and the worker carries CUDA 13 and the provider', () => {
  const node = readFileSync(join(dockerDir, 'node.Dockerfile'), 'utf8');
  const worker = readFileSync(join(dockerDir, 'worker.Dockerfile'), 'utf8');
  for (const [name, text] of [
    ['node', node],
    ['worker', worker],
  ] as const) {
    const users = [...text.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    assert.ok(users.length > 0 && !users.includes('root'), `${name}: a non-root USER`);
    assert.match(text, /^HEALTHCHECK .*CMD \["node", "\/app\/healthcheck\.mjs"\]$/m, name);
    assert.match(text, /pnpm install --offline --frozen-lockfile/, name);
    assert.match(text, /pnpm deploy --filter/, name);
  }
  assert.match(node, /^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
  assert.match(worker, /^ARG CUDA_IMAGE=nvidia\/cuda:13\.\d+\.\d+-cudnn-runtime-ubuntu24\.04$/m);
  assert.match(worker, /install-ort-cuda\.sh install \/app/);
  assert.match(worker, /install-ort-cuda\.sh verify \/app/);
  assert.match(worker, /grep -q h264_nvenc/);
  assert.match(worker, /NVIDIA_DRIVER_CAPABILITIES=compute,utility,video/);
});
