import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who is training a run: enough to tell later whether that process still lives. */
export interface Owner {
  pid: number;
  host: string;
  /** The process's start time (Linux: clock ticks since boot), or null where unknown. */
  processStart: string | null;
}

/** A heartbeat older than this, from another host, means its process is gone. */
export const HEARTBEAT_TIMEOUT_SECONDS = 60;

/**
 * A process's state letter and start time, from /proc/PID/stat; null where /proc does not
 * tell (no such process, or no /proc).
 */
function procStat(pid: number): { state: string; start: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields 3 (state) and 22 (start time), counted after the ")" that ends the command
    // name, which may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, start: fields[19]! };
  } catch {
    return null;
  }
}

export function currentOwner(): Owner {
  return { pid: process.pid, host: hostname(), processStart: procStat(process.pid)?.start ?? null };
}

/**
 * Whether the owner of a `running` run is still alive. On this host: its pid exists and
 * (where /proc tells) started at the recorded time, so a reused pid does not count. On
 * another host we cannot look: a heartbeat within HEARTBEAT_TIMEOUT_SECONDS counts as alive.
 */
export function ownerAlive(owner: Owner, heartbeatAt: string | null, now = Date.now()): boolean {
  if (owner.host !== hostname()) {
    return heartbeatAt !== null && now - Date.parse(heartbeatAt) < HEARTBEAT_TIMEOUT_SECONDS * 1000;
  }
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(owner.pid);
  if (stat === null) return true; // no /proc: the pid exists, and that is all we can tell
  // A zombie (Z) or dead (X) process trains nothing; a different start time is a reused pid.
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return owner.processStart === null || stat.start === owner.processStart;
}
