import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who is training a run: enough to tell later whether that process still lives. */
export interface Owner {
  pid: number;
  host: string;
  /** The process's start time (Linux: clock ticks since boot), or null where unknown. */
  processStart: string | null;
}

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

/**
 * This machine as runs record it: $RUNNER_HOST, else the hostname. Two containers sharing
 * a hostname (or a pid namespace) must set it apart, since a pid means nothing elsewhere.
 */
export function hostIdentity(): string {
  return process.env.RUNNER_HOST || hostname();
}

let self: Owner | undefined;

/** This process as an owner; read once, since it never changes (ownership checks ask often). */
export function currentOwner(): Owner {
  self ??= { pid: process.pid, host: hostIdentity(), processStart: procStat(process.pid)?.start ?? null };
  return self;
}

/** Whether `owner` is this very process. */
export function isSelf(owner: Owner): boolean {
  const me = currentOwner();
  return owner.host === me.host && owner.pid === me.pid && (owner.processStart === null || owner.processStart === me.processStart);
}

/**
 * Whether a process of this host is alive: its pid exists and (where /proc tells) started
 * at the recorded time, so a reused pid does not count; a zombie trains nothing.
 */
export function localProcessAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(owner.pid);
  if (stat === null) return true; // no /proc: the pid exists, and that is all we can tell
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return owner.processStart === null || stat.start === owner.processStart;
}
