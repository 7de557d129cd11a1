import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** The schema version this runner writes: the number of migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Opens (creating if needed) a run database: WAL, a 5 s busy timeout, foreign keys, and
 * the schema migrated to SCHEMA_VERSION. A file that is not SQLite, or was written by a
 * newer runner, is refused before anything is written to it.
 */
export function openDatabase(path: string): Db {
  let db: Db;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (e) {
    throw new StoreError(`${path}: cannot open the run database: ${(e as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw newerRunner(path, version);
    }
    // Switching a new file to WAL, and migrating it, can meet another process doing the same:
    // SQLite then answers "database is locked" at once (a lock it cannot wait for), so wait here.
    withBusyRetry(() => db.pragma('journal_mode = WAL'));
    db.pragma('foreign_keys = ON');
    withBusyRetry(() => migrate(db));
    return db;
  } catch (e) {
    db.close();
    throw openFailure(path, e);
  }
}

/**
 * Opens an existing run database for reading only, as the dashboard does: no journal-mode
 * switch, no migration, no write of any kind (SQLite may create the -wal and -shm files
 * beside a WAL database, as any reader does; the database file itself is untouched). A
 * file of another schema version is refused, since a reader cannot migrate it.
 */
export function openDatabaseReadOnly(path: string): Db {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new StoreError(`${path}: is a folder, not a run database; give the file (e.g. ${join(path, 'runs.db')})`);
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new StoreError(`${path}: cannot open the run database: ${(e as Error).message}`);
  }
  try {
    // A reader waits on a writer only in a rollback-journal file's commit, and the wait
    // blocks the whole (synchronous) server: a short one, then the request is told the store is busy.
    db.pragma('busy_timeout = 1000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) throw new StoreError(`${path}: no runs here (not a run database); give another --db path`);
    if (version > SCHEMA_VERSION) {
      throw newerRunner(path, version);
    }
    if (version < SCHEMA_VERSION) {
      throw new StoreError(`${path}: written by an older runner (schema version ${version}); run \`runner runs --db ${path}\` once to upgrade it`);
    }
    return db;
  } catch (e) {
    db.close();
    const code = (e as { code?: string }).code;
    if (code?.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
      throw new StoreError(`${path}: cannot read it without writing its -shm file beside it (a WAL database in a folder this user cannot write); run runner ui as a user who can`);
    }
    throw openFailure(path, e);
  }
}

function newerRunner(path: string, version: number): StoreError {
  return new StoreError(`${path}: written by a newer runner (schema version ${version}; this one knows up to ${SCHEMA_VERSION}); upgrade runner`);
}

/** What a failure while opening (writer or reader) is said as: ours as it is, a file that is not SQLite in one line, anything else with the path. */
function openFailure(path: string, e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  if ((e as { code?: string }).code === 'SQLITE_NOTADB') return new StoreError(`${path}: not a SQLite database; give another --db path`);
  return new StoreError(`${path}: ${(e as Error).message}`);
}

/** Runs `step`, again after a pause while SQLite says the database is busy, for up to 10 s. */
function withBusyRetry<T>(step: () => T): T {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; ; waited += 20) {
    try {
      return step();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || waited >= 10_000) throw e;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

/**
 * Brings the schema to SCHEMA_VERSION inside BEGIN IMMEDIATE, so two processes opening a
 * new database at once cannot both migrate it.
 */
function migrate(db: Db): void {
  if ((db.pragma('user_version', { simple: true }) as number) >= SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}
