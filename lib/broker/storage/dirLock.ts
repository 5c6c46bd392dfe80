import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { FerrisError } from '../../types/errors.js';

/** What identifies a running process across pid reuse: its pid and its start time (Linux clock ticks since boot). */
interface ProcessIdentity {
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat; undefined where /proc does not exist. */
  readonly startTime: string | undefined;
}

/** A process as /proc/<pid>/stat describes it: its state letter and start time; undefined when there is no such file. */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', startTime: fields[19] ?? '' };
}

function hasProc(): boolean {
  return procStat(process.pid) !== undefined;
}

/**
 * Whether the process that wrote `holder` still runs. With /proc (Linux) a zombie (Z) or dead
 * (X) process counts as gone, and so does a live process with another start time (the pid was
 * reused); elsewhere signal 0 decides.
 */
function holderAlive(holder: ProcessIdentity): boolean {
  if (hasProc()) {
    const stat = procStat(holder.pid);
    if (stat === undefined || stat.state === 'Z' || stat.state === 'X') return false;
    return holder.startTime === undefined || holder.startTime === stat.startTime;
  }
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error: unknown) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): ProcessIdentity | undefined {
  const [pid, startTime] = text.trim().split(' ');
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 ? { pid: n, startTime } : undefined;
}

/**
 * Claims a directory for this process by writing `<pid> <start time>` to `path`. A lock whose
 * holder is dead, a zombie, or a different process that reuses its pid is taken over, so a
 * restart right after `kill -9` works; a live holder makes it fail with a message naming it.
 */
export function lockDirectory(dir: string, path: string): void {
  let holder: ProcessIdentity | undefined;
  try {
    holder = parseHolder(readFileSync(path, 'utf8'));
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (holder !== undefined && holder.pid !== process.pid && holderAlive(holder)) {
    throw new FerrisError('IO', `broker data dir ${dir} is in use by process ${holder.pid} (remove ${path} if that is wrong)`);
  }
  const self = procStat(process.pid);
  writeFileSync(path, self === undefined ? String(process.pid) : `${process.pid} ${self.startTime}`);
}

/** Releases a lock taken by {@link lockDirectory}. */
export function unlockDirectory(path: string): void {
  rmSync(path, { force: true });
}
