/**
 * Memory of the browser as the operating system sees it: the proportional
 * set size (PSS) of every process descended from this Node process — the
 * Chromium the bench launched, its renderer (where the page's workers and
 * their WASM heaps live), GPU and utility processes. PSS rather than RSS:
 * Chromium's processes share libraries and memory, which RSS would count once
 * per process. Linux only (`/proc`); elsewhere every sample is NaN.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Bytes of PSS summed over this process's descendants (not itself). */
export function browserPssBytes(): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return Number.NaN;
  }
  const parent = new Map<number, number>();
  for (const name of entries) {
    try {
      // Field 4 of /proc/PID/stat, after the parenthesised command (which may hold spaces).
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  const ours = new Set<number>([process.pid]);
  // Parents usually have lower ids, but not always: iterate until stable.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!ours.has(pid) && ours.has(ppid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  ours.delete(process.pid);
  let total = 0;
  for (const pid of ours) {
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      total += Number(match?.[1] ?? 0) * 1024;
    } catch {
      // Gone, or not ours to read.
    }
  }
  return total;
}

/** Samples {@link browserPssBytes} every `intervalMs` until stopped; resolves the peak. */
export function watchPeakMemory(intervalMs = 250): { stop(): number } {
  let peak = browserPssBytes();
  const timer = setInterval(() => {
    peak = Math.max(peak, browserPssBytes());
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, browserPssBytes());
    },
  };
}
