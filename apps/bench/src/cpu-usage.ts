import { readFile } from 'node:fs/promises';

/** Linux clock ticks per second (USER_HZ); 100 on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

/**
 * User + system CPU seconds of a live process and of its children that ended (ffmpeg,
 * ffprobe), from /proc/<pid>/stat; 0 once it is gone.
 */
export async function processCpuSeconds(pid: number): Promise<number> {
  try {
    return parseProcessCpuSeconds(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return 0;
  }
}

/** utime + stime + cutime + cstime of a /proc/<pid>/stat line (fields 14–17). */
export function parseProcessCpuSeconds(stat: string): number {
  // Counted after the `(comm)` part, which may hold spaces: state is field 3 of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
  return ticks / TICKS_PER_SECOND;
}

/** Busy and total CPU seconds of the whole machine, from the first line of /proc/stat. */
export async function machineCpuSeconds(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!;
  const ticks = line.split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  const idle = ticks[3]! + ticks[4]!;
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}
