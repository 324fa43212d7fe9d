// Each role as its own process, started and killed by the test itself (no launcher
// restarting it), so a test knows every PID: kill -9 one, SIGTERM another.
import { fileURLToPath } from 'node:url';
import type { Role } from '@remaster/roles';
import { ROLES } from '@remaster/roles';
import type { RunningRole } from '@remaster/testing';
import { startRoleProcess } from '@remaster/testing';

/** A role of the registry (@remaster/roles). */
export type RoleName = Role;

/**
 * Starts one role from its built `dist/main.js` with `env` (on top of this process's);
 * with `capture` its output is kept for {@link RunningRole.output} instead of shown.
 */
export function startRole(
  role: RoleName,
  env: Record<string, string>,
  options: { capture?: boolean } = {},
): RunningRole<RoleName> {
  const entry = fileURLToPath(import.meta.resolve(ROLES[role].entry));
  return startRoleProcess({ role, entry, env, ...options });
}
