import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync, type BigIntStats } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/*
 * The SHA-256 of a data file, remembered between runs: hashing MNIST's 47 MB of training
 * images takes longer than reading them. An entry is trusted only for the very file it was
 * made from, as the kernel describes it: the same real path, device, inode, size, mtime and
 * ctime, to the nanosecond. Any write changes the ctime (which no utimes call can set
 * back), a replaced file has another inode, so a changed file is hashed again. A file
 * changed within the last RACY_NS of the clock is not remembered: timestamps advance in
 * ticks, and a second write within the same tick would leave the same stamps. The cache
 * can only save time: an entry that is unreadable, malformed or for other stamps is
 * ignored, and a folder that cannot be written is skipped without a word.
 */

/** Files changed this recently (by the wall clock, in ns) are hashed but not remembered. */
const RACY_NS = 2_000_000_000n;
const FORMAT = 'runner data sha256 1';
/** An entry is a few hundred bytes; anything larger there is not one. */
const MAX_ENTRY_BYTES = 8192;

/**
 * Where entries live: $RUNNER_CACHE_DIR, else $XDG_CACHE_HOME/runner (when absolute, as the
 * XDG spec asks), else ~/.cache/runner; null when $RUNNER_NO_CACHE is set (to anything but
 * the empty string), or when there is no home to fall back to.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.RUNNER_NO_CACHE) return null;
  if (env.RUNNER_CACHE_DIR) return resolve(env.RUNNER_CACHE_DIR);
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'runner');
  let home = env.HOME;
  if (!home) {
    try {
      home = homedir();
    } catch {
      return null;
    }
  }
  return home && isAbsolute(home) ? join(home, '.cache', 'runner') : null;
}

export interface HashedFile {
  bytes: Buffer;
  /** SHA-256 of `bytes`, hex. */
  sha256: string;
  /** Whether the hash came from the cache rather than from hashing `bytes`. */
  cached: boolean;
}

export interface HashOptions {
  /** The cache folder; default cacheDirectory(); null: no cache. */
  dir?: string | null;
  /** The wall clock in ns since the epoch (tests move it); default now. */
  nowNs?: bigint;
}

/** What identifies the content of a file without reading it. */
interface FileStamp {
  path: string;
  dev: string;
  ino: string;
  size: string;
  mtime_ns: string;
  ctime_ns: string;
}

/**
 * Reads a whole file and gives its SHA-256, from the cache when an entry matches the file
 * as it was while being read. Throws what reading the file throws (ENOENT, EISDIR, …);
 * nothing the cache does ever throws.
 */
export function readHashed(path: string, options: HashOptions = {}): HashedFile {
  const dir = options.dir === undefined ? cacheDirectory() : options.dir;
  const fd = openSync(path, 'r');
  let bytes: Buffer;
  let before: BigIntStats;
  let after: BigIntStats;
  try {
    before = fstatSync(fd, { bigint: true });
    bytes = readFileSync(fd);
    after = fstatSync(fd, { bigint: true });
  } finally {
    closeSync(fd);
  }
  const hash = () => createHash('sha256').update(bytes).digest('hex');
  if (dir === null) return { bytes, sha256: hash(), cached: false };
  const stamp = stampOf(path, before);
  // Written to while being read: what was read is no version the stamps describe.
  if (stamp === null || !sameStamp(stamp, stampOf(path, after, stamp.path))) return { bytes, sha256: hash(), cached: false };
  const entry = entryPath(dir, stamp.path);
  const remembered = lookup(entry, stamp);
  if (remembered !== null) return { bytes, sha256: remembered, cached: true };
  const sha256 = hash();
  const nowNs = options.nowNs ?? BigInt(Date.now()) * 1_000_000n;
  const changedNs = before.mtimeNs > before.ctimeNs ? before.mtimeNs : before.ctimeNs;
  if (nowNs - changedNs >= RACY_NS) remember(dir, entry, { ...stamp, sha256 });
  return { bytes, sha256, cached: false };
}

function stampOf(path: string, s: BigIntStats, realPath?: string): FileStamp | null {
  let real = realPath;
  if (real === undefined) {
    try {
      real = realpathSync(path);
    } catch {
      return null;
    }
  }
  return { path: real, dev: String(s.dev), ino: String(s.ino), size: String(s.size), mtime_ns: String(s.mtimeNs), ctime_ns: String(s.ctimeNs) };
}

const STAMP_KEYS = ['path', 'dev', 'ino', 'size', 'mtime_ns', 'ctime_ns'] as const;

function sameStamp(a: FileStamp, b: FileStamp | null): boolean {
  return b !== null && STAMP_KEYS.every((k) => a[k] === b[k]);
}

/** One entry per file, named by the hash of its real path. */
function entryPath(dir: string, realPath: string): string {
  return join(dir, 'data-sha256', `${createHash('sha256').update(realPath).digest('hex')}.json`);
}

/** The remembered hash, if the entry is well-formed and for exactly this stamp. */
function lookup(entry: string, stamp: FileStamp): string | null {
  try {
    const text = readFileSync(entry, 'utf8');
    if (text.length > MAX_ENTRY_BYTES) return null;
    const e = JSON.parse(text) as Record<string, unknown>;
    if (e === null || typeof e !== 'object' || e.format !== FORMAT) return null;
    if (!STAMP_KEYS.every((k) => typeof e[k] === 'string' && e[k] === stamp[k])) return null;
    return typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256) ? e.sha256 : null;
  } catch {
    return null;
  }
}

/** Writes the entry whole or not at all (a temp file renamed over it); any failure is ignored. */
function remember(dir: string, entry: string, value: FileStamp & { sha256: string }): void {
  const temp = `${entry}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(join(dir, 'data-sha256'), { recursive: true, mode: 0o700 });
    writeFileSync(temp, `${JSON.stringify({ format: FORMAT, ...value })}\n`, { mode: 0o600 });
    renameSync(temp, entry);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // never written
    }
  }
}
