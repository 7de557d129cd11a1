import { existsSync } from 'node:fs';
import { StoreError } from '../errors.js';
import { openDatabase } from '../store/db.js';
import { RunStore } from '../store/runs.js';
import type { DbChoice } from './session.js';

/** The run database for commands that read runs: it must exist already (they never create one). */
export function openExistingStore(db: DbChoice): RunStore {
  if (db.path !== ':memory:' && !existsSync(db.path)) {
    throw new StoreError(`${db.path}: no run database here (give --db PATH)`);
  }
  return new RunStore(openDatabase(db.path));
}
