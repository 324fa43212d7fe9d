import { mkdir, readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

const PATTERN = /^remaster-scratch-(.+)-(\d+)$/;

/** The scratch folder name of one process: its host and pid tell later processes whether it is dead. */
export function scratchDirName(host: string, pid: number): string {
  return `remaster-scratch-${host}-${pid}`;
}

/**
 * The scratch folders, among `names`, left by processes of this host that are gone
 * (killed before they could clean up). Folders of other hosts sharing the disk are kept.
 */
export function deadScratchDirs(
  names: readonly string[],
  host: string,
  isAlive: (pid: number) => boolean,
): string[] {
  return names.filter((name) => {
    const match = PATTERN.exec(name);
    return match !== null && match[1] === host && !isAlive(Number(match[2]));
  });
}

/** A process's own scratch folder under TMP_DIR; everything it writes goes inside. */
export interface ScratchDir {
  readonly path: string;
  /** Deletes the folder (on a clean shutdown). */
  remove(): Promise<void>;
}

/**
 * Creates this process's scratch folder under `tmpDir`, first deleting the folders of
 * dead processes of this host: a `kill -9` leaves its half-written segments behind, and
 * the next process to start on the machine removes them. Returns the folders it swept.
 */
export async function createScratchDir(
  tmpDir: string,
): Promise<ScratchDir & { readonly swept: readonly string[] }> {
  const host = hostname();
  await mkdir(tmpDir, { recursive: true });
  const swept = deadScratchDirs(await readdir(tmpDir), host, isProcessAlive);
  await Promise.all(swept.map((name) => rm(join(tmpDir, name), { recursive: true, force: true })));
  const path = join(tmpDir, scratchDirName(host, process.pid));
  await mkdir(path, { recursive: true });
  return { path, swept, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Signal 0 checks that a process exists; EPERM means it exists under another user. */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
