import { readFileSync } from 'node:fs';

/**
 * A process's resident memory in MB (2^20 bytes) from /proc/<pid>/status: `VmRSS` now, or
 * `VmHWM`, the most it has held since it started. Read from outside, so a child is measured
 * without its cooperation and without the allocations asking it would cost.
 */
export function residentMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const found = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!found) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(found[1]) / 1024;
}

/**
 * Samples a process's VmRSS every `intervalMs` until stopped, and once more on stopping, so a
 * peak in the last interval is not missed entirely; returns the largest sample.
 */
export function sampleResident(pid: number, intervalMs = 100): { stop(): { maxMb: number; samples: number } } {
  let maxMb = residentMb(pid);
  let samples = 1;
  const take = () => {
    maxMb = Math.max(maxMb, residentMb(pid));
    samples += 1;
  };
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { maxMb, samples };
    },
  };
}
