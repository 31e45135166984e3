import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time a process has used so far (user + system, every thread: the JIT and GC threads
 * too), in ms. Read from /proc, so it measures a child process without its cooperation.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3 on.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
