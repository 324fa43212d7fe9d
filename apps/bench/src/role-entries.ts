// The roles the benchmarks start as their own processes, by their built entries. The bench
// depends on those apps only for this: it never imports their code.
import { fileURLToPath } from 'node:url';
import type { Role } from '@remaster/roles';
import { ROLES, ROLE_NAMES } from '@remaster/roles';
import type { RunningRole } from '@remaster/testing';
import { startRoleProcess } from '@remaster/testing';

/** The registry's roles (@remaster/roles), and the launcher that starts them all. */
const ENTRIES = {
  ...(Object.fromEntries(ROLE_NAMES.map((role) => [role, ROLES[role].entry])) as {
    [R in Role]: string;
  }),
  launcher: '@remaster/launcher/main',
};

export type BenchRole = keyof typeof ENTRIES;
/** The roles started one process each (the launcher starts them all). */
export type ProcessRole = Exclude<BenchRole, 'launcher'>;

/** Path of the role's built `dist/main.js`. */
export function roleEntry(role: BenchRole): string {
  return fileURLToPath(import.meta.resolve(ENTRIES[role]));
}

/** Starts one role as its own process, with `env` on top of this process's. */
export function startRole<R extends ProcessRole>(
  role: R,
  env: Record<string, string>,
  options: { capture?: boolean } = {},
): RunningRole<R> {
  return startRoleProcess({ role, entry: roleEntry(role), env, ...options });
}
