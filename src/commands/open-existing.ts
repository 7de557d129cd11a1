import { UsageError } from '../errors.js';
import { openStore, withStore, type DbChoice } from '../store/open.js';
import type { RunRow, Store } from '../store/store.js';

/** The run store for commands that read runs: it must exist already (they never create one). */
export function openExistingStore(db: DbChoice): Promise<Store> {
  return openStore(db, { mustExist: true });
}

/** Runs `work` on the existing store, and closes it. */
export function withExistingStore<T>(db: DbChoice, work: (store: Store) => Promise<T>): Promise<T> {
  return withStore(db, { mustExist: true }, work);
}

/** A run id as typed on the command line: a whole number >= 1. */
export function parseRunId(command: string, text: string, what = 'run id'): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) throw new UsageError(`runner ${command}: "${text}" is not a ${what}`);
  return Number(text);
}

/** The run with this id, or a usage error naming the store. */
export async function requireRun(store: Store, runId: number, db: DbChoice): Promise<RunRow> {
  const run = await store.getRun(runId);
  if (!run) throw new UsageError(`no run ${runId} in ${db.label}`);
  return run;
}
