import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from './load';

/** CPU time used so far, in ms, by the launcher's Node process, its PostgreSQL, this (client) process, and the whole machine. */
export interface CpuTimes {
  launcher: number;
  postgres: number;
  client: number;
  machine: number;
}

const TICK_MS = (() => {
  try {
    return 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return 10;
  }
})();

interface Stat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, plus cutime + cstime (children already reaped), in ms. */
  own: number;
  reaped: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' '); // fields[0] is field 3 (state)
    return {
      pid,
      ppid: Number(fields[1]),
      comm: text.slice(text.indexOf('(') + 1, close),
      own: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
      reaped: (Number(fields[13]) + Number(fields[14])) * TICK_MS,
    };
  } catch {
    return undefined;
  }
}

/** Busy CPU time (user, nice, system, irq, softirq) of all cores since boot, from the first line of /proc/stat. */
function machineBusy(): number {
  const [, user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq) * TICK_MS;
}

/**
 * Reads /proc (Linux only; zeros elsewhere). PostgreSQL is the launcher's `postgres` child
 * (the postmaster) with all its backends, including those that have already exited.
 */
export function cpuTimes(launcherPid: number | undefined): CpuTimes {
  const client = process.cpuUsage();
  const times: CpuTimes = { launcher: 0, postgres: 0, client: (client.user + client.system) / 1000, machine: 0 };
  if (launcherPid === undefined || process.platform !== 'linux') return times;
  times.machine = machineBusy();
  times.launcher = stat(launcherPid)?.own ?? 0;
  const all = processes();
  const postmaster = all.find((entry) => entry.ppid === launcherPid && entry.comm === 'postgres');
  if (postmaster) times.postgres = clusterCpu(postmaster, all);
  return times;
}

/**
 * CPU ms used so far by the PostgreSQL cluster whose postmaster is `postmasterPid`: the postmaster,
 * its processes, and those that have exited (autovacuum's workers come and go); undefined when
 * /proc does not show it.
 */
export function postgresCpuMs(postmasterPid: number): number | undefined {
  const all = processes();
  const postmaster = all.find((entry) => entry.pid === postmasterPid);
  return postmaster && clusterCpu(postmaster, all);
}

function processes(): Stat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((entry): entry is Stat => entry !== undefined);
}

/** A postmaster's CPU, its reaped children's and its living children's. */
function clusterCpu(postmaster: Stat, all: Stat[]): number {
  return postmaster.own + postmaster.reaped + all.filter((entry) => entry.ppid === postmaster.pid).reduce((sum, entry) => sum + entry.own, 0);
}

/** CPU ms spent between two readings. */
export function cpuSpent(before: CpuTimes, after: CpuTimes): CpuTimes {
  return {
    launcher: Math.round(after.launcher - before.launcher),
    postgres: Math.round(after.postgres - before.postgres),
    client: Math.round(after.client - before.client),
    machine: Math.round(after.machine - before.machine),
  };
}

/**
 * Waits until the launcher is quiet: the audit log (at `auditUrl`) holds an access event for each
 * of `calls`, then the launcher uses under a tenth of a core for a second; 90 s at most.
 */
export async function untilQuiet(auditUrl: string, calls: number, launcherPid: number | undefined): Promise<void> {
  const accessEvents = async () =>
    (await fetch(`${auditUrl}/metrics`).then((response) => response.text()))
      .split('\n')
      .filter((line) => line.startsWith('icjims_events_consumed_total{') && line.includes('.access.recorded.') && line.includes('result="processed"'))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  const started = Date.now();
  while (Date.now() - started < 60_000 && (await accessEvents()) < calls) await sleep(100);
  for (let before = cpuTimes(launcherPid).launcher; Date.now() - started < 90_000; ) {
    await sleep(1000);
    const now = cpuTimes(launcherPid).launcher;
    if (now - before < 100) return;
    before = now;
  }
}
