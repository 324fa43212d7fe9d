import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

/** One object of a manifest file, as parsed. */
export interface Manifest {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly body: Record<string, unknown>;
}

export interface ManifestCheck {
  readonly manifests: readonly Manifest[];
  /** `file kind/name: message` for every problem; empty when every object is valid. */
  readonly problems: readonly string[];
}

interface Validatable {
  validate(): void;
}

/**
 * The kinds infra/k8s uses, each with the model that validates it against its schema:
 * the Kubernetes OpenAPI schemas bundled in kubernetes-models, and the openAPIV3Schema of
 * KEDA's ScaledObject CRD bundled in @kubernetes-models/keda. Types, required fields,
 * enums and formats (quantities, int-or-string) are checked; unknown fields are not (the
 * schemas allow them), which the cross-checks below partly make up for.
 */
const MODELS: Record<string, new (data: never) => Validatable> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

/** Parses every YAML document of `paths` and validates each object against its schema. */
export function checkManifestFiles(paths: readonly string[]): ManifestCheck {
  const manifests: Manifest[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    const file = basename(path);
    for (const doc of parseAllDocuments(readFileSync(path, 'utf8'), { merge: true })) {
      if (doc.errors.length > 0) {
        problems.push(...doc.errors.map((error) => `${file}: ${error.message}`));
        continue;
      }
      const body = doc.toJS() as Record<string, unknown> | null;
      if (body === null) continue;
      const result = checkObject(file, body);
      if (typeof result === 'string') problems.push(result);
      else manifests.push(result);
    }
  }
  return { manifests, problems: [...problems, ...crossCheck(manifests)] };
}

function checkObject(file: string, body: Record<string, unknown>): Manifest | string {
  const { apiVersion, kind } = body;
  const metadata = (body.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const name = typeof metadata.name === 'string' ? metadata.name : '(no name)';
  if (typeof apiVersion !== 'string' || typeof kind !== 'string')
    return `${file} ${name}: apiVersion and kind are required`;
  const Model = MODELS[`${apiVersion}/${kind}`];
  if (!Model) return `${file} ${kind}/${name}: no schema for ${apiVersion} ${kind}`;
  try {
    new Model(body as never).validate();
  } catch (error) {
    return `${file} ${kind}/${name}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  return { file, apiVersion, kind, name, namespace, body };
}

/** Required metadata of the KEDA triggers we use; the CRD types `metadata` as a string map. */
const TRIGGER_METADATA: Record<string, readonly string[]> = {
  prometheus: ['serverAddress', 'query', 'threshold'],
  redis: ['listName', 'listLength'],
};

/** References between objects that no single schema sees. */
export function crossCheck(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const of = (kind: string) => manifests.filter((m) => m.kind === kind);
  const where = (m: Manifest) => `${m.file} ${m.kind}/${m.name}`;
  const names = (kind: string) => new Set(of(kind).map((m) => m.name));
  const podLabels = of('Deployment').map((d) => ({
    deployment: d,
    labels: (get(d.body, 'spec', 'template', 'metadata', 'labels') ?? {}) as Labels,
  }));
  const selects = (selector: Labels | undefined) =>
    selector !== undefined &&
    Object.keys(selector).length > 0 &&
    podLabels.some(({ labels }) => matches(selector, labels));

  for (const { deployment, labels } of podLabels) {
    const selector = get(deployment.body, 'spec', 'selector', 'matchLabels') as Labels | undefined;
    if (!selector || !matches(selector, labels))
      problems.push(`${where(deployment)}: spec.selector does not match the pod template labels`);
    for (const container of (get(deployment.body, 'spec', 'template', 'spec', 'containers') ??
      []) as Array<{ envFrom?: Array<Record<string, { name?: string }>> }>) {
      for (const source of container.envFrom ?? []) {
        const configMap = source.configMapRef?.name;
        const secret = source.secretRef?.name;
        if (configMap !== undefined && !names('ConfigMap').has(configMap))
          problems.push(`${where(deployment)}: envFrom names ConfigMap ${configMap}, not defined`);
        if (secret !== undefined && !names('Secret').has(secret))
          problems.push(`${where(deployment)}: envFrom names Secret ${secret}, not defined`);
      }
    }
  }
  for (const service of of('Service'))
    if (!selects(get(service.body, 'spec', 'selector') as Labels | undefined))
      problems.push(`${where(service)}: its selector matches no Deployment's pods`);
  for (const budget of of('PodDisruptionBudget'))
    if (!selects(get(budget.body, 'spec', 'selector', 'matchLabels') as Labels | undefined))
      problems.push(`${where(budget)}: its selector matches no Deployment's pods`);
  for (const scaled of of('ScaledObject')) {
    const target = get(scaled.body, 'spec', 'scaleTargetRef', 'name') as string;
    if (!names('Deployment').has(target))
      problems.push(`${where(scaled)}: scaleTargetRef names Deployment ${target}, not defined`);
    const triggers = (get(scaled.body, 'spec', 'triggers') ?? []) as Array<{
      type: string;
      metadata?: Record<string, string>;
    }>;
    for (const trigger of triggers) {
      const required = TRIGGER_METADATA[trigger.type];
      if (!required) problems.push(`${where(scaled)}: trigger type ${trigger.type} is not checked`);
      for (const key of required ?? [])
        if (!trigger.metadata?.[key])
          problems.push(`${where(scaled)}: ${trigger.type} trigger needs metadata.${key}`);
    }
  }
  const namespaces = new Set(manifests.flatMap((m) => (m.namespace ? [m.namespace] : [])));
  if (namespaces.size > 1) problems.push(`objects span namespaces ${[...namespaces].join(', ')}`);
  return problems;
}

type Labels = Readonly<Record<string, string>>;

function matches(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function get(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object'
        ? (node as Record<string, unknown>)[key]
        : undefined,
    value,
  );
}
