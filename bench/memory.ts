import { readFileSync } from 'node:fs';

/** Resident memory of a process in MiB (Linux /proc/<pid>/status): now (VmRSS) and its peak since it started (VmHWM); 0 elsewhere. */
export function residentMiB(pid: number | undefined): { now: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { now: Math.round(kib('VmRSS') / 1024), peak: Math.round(kib('VmHWM') / 1024) };
  } catch {
    return { now: 0, peak: 0 };
  }
}

/** Samples a process's resident memory every `intervalMs`; `take()` gives the highest since the last take. */
export class ResidentMemorySampler {
  private highest = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number | undefined, intervalMs = 250) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    this.highest = Math.max(this.highest, residentMiB(this.pid).now);
  }

  /** The highest RSS (MiB) sampled since the last call, this moment included. */
  take(): number {
    this.sample();
    const highest = this.highest;
    this.highest = 0;
    return highest;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
