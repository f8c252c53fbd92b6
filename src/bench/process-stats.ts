/** Memory of a process and its descendants (cluster workers, build workers), read from Linux's /proc. */
import { readFileSync, readdirSync } from 'node:fs';

function children(pid: number): number[] {
  const found: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (listed) found.push(...listed.split(/\s+/u).map(Number));
    }
  } catch {
    // The process exited between listing and reading: it has no memory to count.
  }
  return found;
}

function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident memory of `pid` and every process below it, in bytes (0 where /proc is absent). */
export function treeRss(pid: number): number {
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop() as number;
    total += rssBytes(next);
    pending.push(...children(next));
  }
  return total;
}

/** Samples the tree's resident memory every `everyMs` until stopped; `stop()` gives the peak. */
export function watchPeakRss(pid: number, everyMs = 100): { stop(): number } {
  let peak = treeRss(pid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(pid))), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, treeRss(pid));
    },
  };
}
