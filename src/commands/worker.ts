import { isDeepStrictEqual } from 'node:util';
import { parseExperiment, type LoadedExperiment } from '../config/load.js';
import { expandTrials, type Trial } from '../config/sweep.js';
import { changedFiles, dataPaths, loadDataset, type Dataset, type DataRole } from '../data/dataset.js';
import { DataError, ExitCode, StoreError, UsageError } from '../errors.js';
import { mayBeScoring } from '../store/ownership.js';
import { scoreRun } from './eval.js';
import { exitCodeFor } from './exit-code.js';
import { openExistingStore, withExistingStore } from './open-existing.js';
import { prepareTrial } from './prepare.js';
import { resumeInStore } from './resume.js';
import { sessionRunning, TakenOverError, type DbChoice } from './session.js';
import { trainPrepared } from './train.js';
import { TRIAL_END, type WorkerMessage } from './worker-protocol.js';

/*
 * `runner worker`: one of a sweep's worker processes (not for users, and not in --help).
 * The sweep's process (sweep-run.ts) starts `--jobs` of them and hands them trials over
 * the IPC channel. Each loads the modules and the data once, then trains trial after
 * trial: it claims the trial in the store, trains it or resumes it, scores it on the test
 * images, and says what became of it.
 *
 * Messages from the sweep's process, in this order:
 *   {type: 'load', yaml, file, overrides, dir}  the sweep file as the sweep's process read
 *                    it, and the folder where its relative data paths resolve on this machine
 *   {type: 'sweep', sweepId, dataSha256}  the sweep, and the SHA-256 of the data it trains on
 *   {type: 'trial', index, epochs}  one trial, to train to `epochs` in all (any number of
 *                    these, one at a time); a completed trial with fewer (a halving sweep's,
 *                    promoted) is extended, on the same random stream
 *   {type: 'end'}  no more trials: exit
 * What it says, on stdout: {"event":"worker-ready"} once the data is loaded (or error lines
 * on stderr and an exit); per trial, the trial's JSON lines, then
 * {"event":"trial-end","trial":N,"code":C}, and on stderr the trial's lines, then the line
 * `${TRIAL_END} N`, so the sweep's process can tell each trial's lines apart on both streams.
 *
 * A trial that ends with any code but 0 (failed, interrupted, a bad store) ends the
 * worker too, as a trial's process used to end: nothing it held stays held by a live pid.
 * Ctrl-C or SIGTERM while a trial trains stops it after its batch (then the worker exits);
 * at any other moment the worker exits at once, holding nothing (while scoring, it waits
 * until the score is stored). The IPC channel closing (the sweep's process died) is a SIGTERM.
 */

export const workerUsage = `Usage: runner worker [--db PATH|URL]

One of a sweep's worker processes, which runner FILE.yaml starts for a sweep and hands
trials to over its IPC channel; not for running by hand.
`;

export async function workerCommand(args: { db: DbChoice }): Promise<number> {
  if (!process.send || !process.channel) throw new UsageError('runner worker: started by a sweep (runner FILE.yaml --jobs N), not by hand');
  try {
    return await work(args);
  } finally {
    // Whatever ended it, the channel must not keep this process alive.
    process.channel?.unref();
  }
}

async function work(args: { db: DbChoice }): Promise<number> {
  const inbox = messages();
  let scoring = false;
  let stopAsked = false;
  const onSignal = () => {
    stopAsked = true;
    // A training session stops after its batch by its own handlers; a score being stored is finished first.
    if (sessionRunning() || scoring) return;
    process.exit(ExitCode.interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The sweep's process is gone: stop as it would have asked.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));

  const load = await inbox.next();
  if (load?.type !== 'load') return ExitCode.ok;
  const sent = parseExperiment(load.yaml, load.file, load.overrides, load.dir);
  const worker: WorkerState = { db: args.db, dir: load.dir, dataset: loadDataset(sent.experiment.data, sent.dir), data: sent.experiment.data, sweep: null };
  process.stdout.write(`${JSON.stringify({ event: 'worker-ready' })}\n`);

  for (;;) {
    const message = await inbox.next();
    if (message === null || message.type === 'end') return stopAsked ? ExitCode.interrupted : ExitCode.ok;
    if (message.type === 'sweep') {
      worker.sweep = { id: message.sweepId, dataSha256: message.dataSha256, ready: null };
      continue;
    }
    if (message.type !== 'trial') continue;
    const say = (fields: object) => process.stdout.write(`${JSON.stringify({ event: 'trial', trial: message.index, ...fields })}\n`);
    let code: number;
    try {
      code = await trainTrial(worker, message.index, message.epochs, say, (on) => (scoring = on));
    } catch (e) {
      code = exitCodeFor(e);
    }
    scoring = false;
    process.stdout.write(`${JSON.stringify({ event: 'trial-end', trial: message.index, code })}\n`);
    process.stderr.write(`${TRIAL_END} ${message.index}\n`);
    // Each trial's kernels memory (some 35 MB for MNIST) lives outside the JS heap, and V8
    // collected it only every few dozen trials (2 GB resident by then): collect it now.
    // The sweep's process starts workers with --expose-gc.
    (globalThis as { gc?: () => void }).gc?.();
    if (code !== ExitCode.ok) return code;
    if (stopAsked) return ExitCode.interrupted;
  }
}

/** The IPC messages as they come; null once the channel has closed. */
function messages(): { next(): Promise<WorkerMessage | null> } {
  const queue: WorkerMessage[] = [];
  let waiting: ((m: WorkerMessage | null) => void) | null = null;
  let closed = false;
  process.on('message', (m: WorkerMessage) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(m);
    } else queue.push(m);
  });
  process.on('disconnect', () => {
    closed = true;
    waiting?.(null);
    waiting = null;
  });
  return {
    next: () => {
      if (queue.length > 0) return Promise.resolve(queue.shift()!);
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => (waiting = resolve));
    },
  };
}

interface WorkerState {
  db: DbChoice;
  /** This machine's folder of the sweep file, where relative data paths resolve. */
  dir: string;
  /** The data as loaded at the start, and the data block it was loaded for. */
  dataset: Dataset;
  data: LoadedExperiment['experiment']['data'];
  sweep: {
    id: number;
    dataSha256: Record<DataRole, string>;
    /** The sweep as stored (its experiment, its trials), once read. */
    ready: { loaded: LoadedExperiment; trials: Trial[] } | null;
  } | null;
}

/**
 * Claims one trial in the store and trains it, or resumes it, printing JSON lines; then
 * scores it on the test images. A trial already done, failed, or being trained elsewhere
 * is left alone, with a line saying so. Resolves to the trial's exit code.
 */
async function trainTrial(
  worker: WorkerState,
  index: number,
  epochs: number,
  say: (fields: object) => void,
  setScoring: (on: boolean) => void,
): Promise<number> {
  const { db } = worker;
  if (!worker.sweep) throw new Error('a trial before its sweep');
  const sweepId = worker.sweep.id;
  const store = await openExistingStore(db);
  let existing;
  let sweep;
  try {
    sweep = worker.sweep.ready ?? (await readSweep(worker, store));
    if (index >= sweep.trials.length) throw new UsageError(`sweep ${sweepId} has ${sweep.trials.length} trials, not ${index + 1}`);
    existing = await store.trialRun(sweepId, index);
  } catch (e) {
    await store.close();
    throw e;
  }
  const { loaded, trials } = sweep;
  const { dataset } = worker;

  const halving = loaded.experiment.halving !== undefined;
  let code: number;
  try {
    if (existing?.status === 'completed' && existing.epochs < epochs) {
      // Promoted to a longer rung: the same run goes on, exactly as if planned so from the start.
      const outcome = await resumeInStore(store, existing.id, {
        epochs: String(epochs),
        force: false,
        experiment: undefined,
        db,
        ui: 'json',
        dataDir: loaded.dir,
        dataset,
      });
      if (typeof outcome !== 'number') {
        return done(say, outcome.kind === 'refused' && outcome.refusal.kind === 'busy' ? { status: 'busy', run_id: existing.id } : { status: 'failed', run_id: existing.id });
      }
      code = outcome;
    } else if (existing?.status === 'completed') {
      // Scored at its last epoch (a promoted trial's earlier rung was scored too).
      const scored = (await store.evaluations(existing.id)).some((e) => e.epoch === existing.epochs);
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
        epochs: existing.epochs < epochs ? String(epochs) : undefined,
        force: false,
        experiment: undefined,
        db,
        ui: 'json',
        dataDir: loaded.dir,
        unfinishedOnly: true,
        dataset,
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
      const trial = trials[index]!;
      // A halving sweep's trial is created for its first rung, and extended when promoted.
      const planned = halving ? { ...trial, experiment: { ...trial.experiment, epochs } } : trial;
      const outcome = await trainPrepared(prepareTrial(loaded, dataset, planned), db, 'json', {
        sweepId,
        index,
        values: trial.values,
        ...(halving ? { rung: 0 as const } : {}),
      });
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
    setScoring(true);
    try {
      await withExistingStore(db, async (done) => {
        const run = (await done.trialRun(sweepId, index))!;
        const row = await scoreRun(done, run, undefined, dataset);
        say({ status: 'evaluated', run_id: run.id, epoch: row.epoch, test_accuracy: row.test_accuracy, test_cross_entropy: row.test_cross_entropy });
      });
    } finally {
      setScoring(false);
    }
  }
  return code;
}

/**
 * The sweep as stored (the data are this machine's: relative paths resolve in the folder
 * of its copy of the sweep file), checked to train on the data this worker holds: the
 * files the sweep's process read, with the SHA-256 the sweep records.
 */
async function readSweep(worker: WorkerState, store: Awaited<ReturnType<typeof openExistingStore>>) {
  const { id, dataSha256 } = worker.sweep!;
  const row = await store.getSweep(id);
  if (!row) throw new StoreError(`no sweep ${id} in ${worker.db.label}`);
  const loaded = parseExperiment(row.config_yaml, row.experiment_path, row.overrides, worker.dir);
  if (!isDeepStrictEqual(dataPaths(loaded.experiment.data, loaded.dir), dataPaths(worker.data, worker.dir))) {
    // Not what the sweep's process sent (an older sweep found by its folder): its own data.
    worker.dataset = loadDataset(loaded.experiment.data, loaded.dir);
    worker.data = loaded.experiment.data;
  }
  const changed = changedFiles(worker.dataset.files, dataSha256);
  if (changed.length > 0) {
    throw new DataError(
      changed
        .map((f) => `${f.path}: changed while sweep ${id} ran (SHA-256 ${f.sha256.slice(0, 12)}…, the sweep's ${String(dataSha256[f.role]).slice(0, 12)}…); not training on it`)
        .join('\n'),
    );
  }
  const ready = { loaded, trials: expandTrials(loaded) };
  worker.sweep!.ready = ready;
  return ready;
}

function done(say: (fields: object) => void, fields: object): number {
  say(fields);
  return 0;
}
