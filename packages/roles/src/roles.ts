// The one registry of roles (DESIGN §1, "The roles as built"). Everything that names or
// starts roles reads it: config's ROLES, the jobs catalog's consuming roles, the launcher,
// the end-to-end harness and the benchmarks. No dependencies, so every package may.

/** One role: a process of its own, started from its app's main. */
export interface RoleSpec {
  /** The module that is spawned (`node <resolved entry>`): the app package's `./main`. */
  readonly entry: string;
  /** What it does, for logs and docs. */
  readonly description: string;
  /**
   * True when it consumes queues of the job catalog (`packages/jobs/src/catalog.ts`
   * names which); the API only enqueues.
   */
  readonly consumer: boolean;
  /** True when it runs models and is started once per GPU on a GPU provider. */
  readonly gpu: boolean;
}

/** Every role, in the order the launcher starts them and ROLES lists them by default. */
export const ROLES = {
  api: {
    entry: '@remaster/api/main',
    description: 'REST API: validates, records the job, enqueues its plan, answers 202',
    consumer: false,
    gpu: false,
  },
  planner: {
    entry: '@remaster/planner/main',
    description: 'probes the input, finds scene cuts, plans the chunks and adds the flow',
    consumer: true,
    gpu: false,
  },
  worker: {
    entry: '@remaster/worker/main',
    description: 'renders chunks: decode a frame range, run the models, encode a segment',
    consumer: true,
    gpu: true,
  },
  stitcher: {
    entry: '@remaster/stitcher/main',
    description: 'joins the segments with the source audio and completes the job',
    consumer: true,
    gpu: false,
  },
  webhook: {
    entry: '@remaster/webhooks-app/main',
    description: 'delivers webhooks: signed POSTs, retried from their own queue',
    consumer: true,
    gpu: false,
  },
} as const satisfies Record<string, RoleSpec>;

type Registry = typeof ROLES;

/** A role's name. */
export type Role = keyof Registry;

/** The roles that consume queues: the catalog's `role` of every queue is one of them. */
export type ConsumerRole = {
  [R in Role]: Registry[R]['consumer'] extends true ? R : never;
}[Role];

/** Every role name, in registry order. */
export const ROLE_NAMES = Object.keys(ROLES) as Role[];

/** The roles that consume queues, in registry order. */
export const CONSUMER_ROLES = ROLE_NAMES.filter(
  (role): role is ConsumerRole => ROLES[role].consumer,
);

/** True for a name of the registry. */
export function isRole(name: string): name is Role {
  return Object.hasOwn(ROLES, name);
}
