import { dirname } from 'node:path';
import { parseExperiment } from '../config/load.js';
import { expandTrials } from '../config/sweep.js';
import { loadDataset } from '../data/dataset.js';
import { StoreError, UsageError } from '../errors.js';
import { scoreRun } from './eval.js';
import { mayBeScoring } from '../store/ownership.js';
import { openExistingStore, parseRunId, withExistingStore } from './open-existing.js';
import { prepareTrial } from './prepare.js';
import { resumeInStore } from './resume.js';
import { TakenOverError, type DbChoice } from './session.js';
import { trainPrepared } from './train.js';

/**
 * `runner trial SWEEP_ID TRIAL`: what a sweep's worker process runs (not for users, and
 * not in --help). Claims the trial in the database and trains it, or resumes it, printing
 * JSON lines; then scores it on the test images. A trial already done, failed, or being
 * trained elsewhere is left alone, with a line saying so. Stops gracefully when its parent
 * goes away (its IPC channel closes).
 */
export async function trialCommand(args: { sweepId: string; trial: string; db: DbChoice; dir: string | undefined }): Promise<number> {
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

  const store = await openExistingStore(args.db);
  let existing;
  let loaded;
  try {
    const sweep = await store.getSweep(sweepId);
    if (!sweep) throw new StoreError(`no sweep ${sweepId} in ${args.db.label}`);
    // The data is this machine's: relative paths resolve in the folder of its copy of the sweep file.
    loaded = parseExperiment(sweep.config_yaml, sweep.experiment_path, sweep.overrides, args.dir ?? dirname(sweep.experiment_path));
    if (index >= sweep.trials) throw new UsageError(`sweep ${sweepId} has ${sweep.trials} trials, not ${index + 1}`);
    existing = await store.trialRun(sweepId, index);
  } catch (e) {
    await store.close();
    throw e;
  }

  let code: number;
  try {
    if (existing?.status === 'completed') {
      const scored = (await store.evaluations(existing.id)).length > 0;
      await store.close();
      // Trained and not yet scored: by a process still alive (about to score it), or by one
      // stopped while scoring it, whose work this one finishes.
      if (scored) return done(say, { status: 'done', run_id: existing.id });
      if (mayBeScoring(existing)) return done(say, { status: 'busy', run_id: existing.id });
      code = 0; // score it below
    } else if (existing?.status === 'failed') {
      await store.close();
      return done(say, { status: 'failed', run_id: existing.id });
    } else if (existing) {
      const outcome = await resumeInStore(store, existing.id, {
        epochs: undefined,
        force: false,
        experiment: undefined,
        db: args.db,
        ui: 'json',
        dataDir: loaded.dir,
        unfinishedOnly: true,
      });
      if (typeof outcome !== 'number' && outcome.kind === 'finished') {
        // Finished by another worker since we looked: a completed one is scored by it.
        return done(say, { status: outcome.status === 'completed' ? 'done' : 'failed', run_id: existing.id });
      }
      if (typeof outcome !== 'number') {
        return done(say, outcome.refusal.kind === 'busy' ? { status: 'busy', run_id: existing.id } : { status: 'failed', run_id: existing.id });
      }
      code = outcome;
    } else {
      await store.close();
      const trial = expandTrials(loaded)[index]!;
      const prepared = prepareTrial(loaded, loadDataset(loaded.experiment.data, loaded.dir), trial);
      const outcome = await trainPrepared(prepared, args.db, 'json', { sweepId, index, values: trial.values });
      // Another process created this trial's run first.
      if (typeof outcome !== 'number') return done(say, { status: 'busy', run_id: outcome.run.id });
      code = outcome;
    }
  } catch (e) {
    // Frozen past the grace period, this worker's trial went to another: drop it, move on.
    if (e instanceof TakenOverError) return done(say, { status: 'taken-over', run_id: e.runId });
    throw e;
  }
  if (code === 0) {
    // Scoring takes a moment after the run is recorded complete; a stop now would leave it
    // unscored (the next run of the sweep scores it), so signals wait until it is done.
    const ignore = () => {};
    process.on('SIGINT', ignore);
    process.on('SIGTERM', ignore);
    await withExistingStore(args.db, async (done) => {
      const run = (await done.trialRun(sweepId, index))!;
      const row = await scoreRun(done, run, undefined);
      say({ status: 'evaluated', run_id: run.id, epoch: row.epoch, test_accuracy: row.test_accuracy, test_cross_entropy: row.test_cross_entropy });
    });
  }
  return code;
}

function done(say: (fields: object) => void, fields: object): number {
  say(fields);
  return 0;
}
