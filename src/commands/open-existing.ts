import { existsSync } from 'node:fs';
import { StoreError, UsageError } from '../errors.js';
import { openDatabase } from '../store/db.js';
import { RunStore, type RunRow } from '../store/runs.js';
import type { DbChoice } from './session.js';

/** The run database for commands that read runs: it must exist already (they never create one). */
export function openExistingStore(db: DbChoice): RunStore {
  if (db.path !== ':memory:' && !existsSync(db.path)) {
    throw new StoreError(`${db.path}: no run database here (give --db PATH)`);
  }
  return new RunStore(openDatabase(db.path));
}

/** A run id as typed on the command line: a whole number >= 1. */
export function parseRunId(command: string, text: string, what = 'run id'): number {
  if (!/^\d{1,15}$/.test(text) || Number(text) < 1) throw new UsageError(`runner ${command}: "${text}" is not a ${what}`);
  return Number(text);
}

/** The run with this id, or a usage error naming the database. */
export function requireRun(store: RunStore, runId: number, db: DbChoice): RunRow {
  const run = store.getRun(runId);
  if (!run) throw new UsageError(`no run ${runId} in ${db.path}`);
  return run;
}
