import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { parseExperiment } from '../config/load.js';
import { expandTrials } from '../config/sweep.js';
import { loadDataset } from '../data/dataset.js';
import { StoreError, UsageError } from '../errors.js';
import { scoreRun } from './eval.js';
import { openExistingStore, parseRunId } from './open-existing.js';
import { prepareTrial } from './prepare.js';
import { ownerAlive } from '../liveness.js';
import { isLive, resumeCommand } from './resume.js';
import type { DbChoice } from './session.js';
import { trainPrepared } from './train.js';

/**
 * `runner trial SWEEP_ID TRIAL`: what a sweep's worker process runs (not for users, and
 * not in --help). Claims the trial in the database and trains it, or resumes it, printing
 * JSON lines; then scores it on the test images. A trial already done, failed, or being
 * trained elsewhere is left alone, with a line saying so. Stops gracefully when its parent
 * goes away (its IPC channel closes).
 */
export async function trialCommand(args: { sweepId: string; trial: string; db: DbChoice }): Promise<number> {
  const sweepId = parseRunId('trial', args.sweepId, 'sweep id');
  if (!/^\d{1,9}$/.test(args.trial)) throw new UsageError(`runner trial: "${args.trial}" is not a trial number`);
  const index = Number(args.trial);
  if (process.channel) {
    // The channel to the sweep's process must not keep this one alive once its work is done;
    // its closing (that process died) stops the training after the current batch.
    process.channel.unref();
    process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  const say = (fields: object) => process.stdout.write(`${JSON.stringify({ event: 'trial', trial: index, ...fields })}\n`);

  const store = openExistingStore(args.db);
  let existing;
  let loaded;
  try {
    const sweep = store.getSweep(sweepId);
    if (!sweep) throw new StoreError(`no sweep ${sweepId} in ${args.db.path}`);
    loaded = parseExperiment(sweep.config_yaml, sweep.experiment_path, JSON.parse(sweep.overrides_json) as string[], dirname(sweep.experiment_path));
    if (index >= sweep.trials) throw new UsageError(`sweep ${sweepId} has ${sweep.trials} trials, not ${index + 1}`);
    existing = store.trialRun(sweepId, index);
  } finally {
    store.db.close();
  }

  let code: number;
  if (existing) {
    if (existing.status === 'completed' && !scored(args.db, existing.id)) {
      // Trained and not yet scored: by a process still alive (another runner's trial, about
      // to score it), or by one stopped while scoring it, whose work this one finishes.
      if (existing.pid !== null && existing.host !== null && ownerAlive({ pid: existing.pid, host: existing.host, processStart: existing.process_start }, existing.heartbeat_at)) {
        say({ status: 'busy', run_id: existing.id });
        return 0;
      }
      code = 0; // score it below
    } else if (existing.status === 'completed' || existing.status === 'failed') {
      say({ status: existing.status === 'completed' ? 'done' : 'failed', run_id: existing.id });
      return 0;
    } else if (isLive(existing)) {
      say({ status: 'busy', run_id: existing.id });
      return 0;
    } else {
      code = await resumeExisting(existing.id, args.db, say);
      if (code === BUSY) return 0;
    }
  } else {
    const trial = expandTrials(loaded)[index]!;
    const prepared = prepareTrial(loaded, loadDataset(loaded.experiment.data, loaded.dir), trial);
    try {
      code = await trainPrepared(prepared, args.db, 'json', { sweepId, index, values: trial.values });
    } catch (e) {
      // The (sweep, trial) unique index: another process created this trial's run first.
      if (e instanceof Database.SqliteError && e.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        say({ status: 'busy' });
        return 0;
      }
      throw e;
    }
  }
  if (code === 0) {
    // Scoring takes a moment after the run is recorded complete; a stop now would leave it
    // unscored (the next run of the sweep scores it), so signals wait until it is done.
    const ignore = () => {};
    process.on('SIGINT', ignore);
    process.on('SIGTERM', ignore);
    const done = openExistingStore(args.db);
    try {
      const run = done.trialRun(sweepId, index)!;
      const row = scoreRun(done, run, undefined);
      say({ status: 'evaluated', run_id: run.id, epoch: row.epoch, test_accuracy: row.test_accuracy, test_cross_entropy: row.test_cross_entropy });
    } finally {
      done.db.close();
    }
  }
  return code;
}

/** Returned by resumeExisting when another process took the trial first. */
const BUSY = -1;

async function resumeExisting(runId: number, db: DbChoice, say: (fields: object) => void): Promise<number> {
  try {
    return await resumeCommand({ runId: String(runId), epochs: undefined, force: false, experiment: undefined, db, ui: 'json' });
  } catch (e) {
    // Another process claimed it between our look and our claim.
    if (e instanceof UsageError && /is being trained by pid/.test(e.message)) {
      say({ status: 'busy', run_id: runId });
      return BUSY;
    }
    throw e;
  }
}

/** Whether a run has been scored on the test images. */
function scored(db: DbChoice, runId: number): boolean {
  const store = openExistingStore(db);
  try {
    return store.evaluations(runId).length > 0;
  } finally {
    store.db.close();
  }
}
