import { StoreError, UsageError } from '../errors.js';
import { isPostgresUrl, redactUrl } from './pg-url.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** The run store as the user chose it: --db, else $RUNNER_DB, else runs/runs.db. */
export interface DbChoice {
  /** A SQLite file's path, or a postgresql:// URL (with any password). */
  location: string;
  /** How it is shown: the path, or the URL without its password. */
  label: string;
  /** Given with --db, so a printed command must repeat it. */
  fromFlag: boolean;
}

const ANY_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Recognises a URL before a path, so `postgresql://…` never becomes a folder named `postgresql:`. */
export function dbChoice(location: string, fromFlag: boolean): DbChoice {
  if (isPostgresUrl(location)) return { location, label: redactUrl(location), fromFlag };
  if (ANY_URL.test(location)) {
    throw new UsageError(`runner: ${location.replace(/\/\/[^@/]*@/, '//…@')} is not a store: give a SQLite file path or a postgresql:// URL`);
  }
  return { location, label: location, fromFlag };
}

/**
 * Opens the store. `mustExist`: for commands that only read runs, which never create a
 * store (a missing file, or a database without the runner's tables, is refused).
 * `readOnly`: for the dashboard, which must exist and is never written, migrated or
 * switched to another journal mode.
 */
export async function openStore(db: DbChoice, options: { mustExist: boolean; readOnly?: boolean }): Promise<Store> {
  if (isPostgresUrl(db.location)) {
    const { openPostgres } = await import('./postgres.js');
    // The dashboard answers pages: it waits seconds for a restarting server, not minutes.
    return openPostgres(db.location, options.readOnly ? { ...options, retrySeconds: 5 } : options);
  }
  if (db.location === '') throw new StoreError('runner: --db needs a path (see runner --help)');
  return SqliteStore.open(db.location, options);
}

/** Runs `work` on an open store and closes it, whatever happens. */
export async function withStore<T>(db: DbChoice, options: { mustExist: boolean }, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db, options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
