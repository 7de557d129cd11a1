import { imageShape } from '../data/dataset.js';
import { openStore } from '../store/open.js';
import { ownerState } from '../store/ownership.js';
import { currentOwner } from '../liveness.js';
import { initialState } from '../train/loop.js';
import { processCodeVersion } from './code-version.js';
import { loadExperiment } from '../config/load.js';
import { isSweep } from '../config/sweep.js';
import { UsageError } from '../errors.js';
import type { NewRun, RunRow } from '../store/store.js';
import { describeData, prepareLoaded, runSettings, trainingData, type Prepared } from './prepare.js';
import { runSession, type DbChoice, type UiMode } from './session.js';

export const trainUsage = `Usage: runner FILE.yaml [--set key=value]... [--db PATH|URL] [--jobs N] [--plain | --json]
       runner train FILE.yaml ...

Trains the experiment and records every epoch (loss, weights, PRNG state) in the run
database. Prints the run id, then one line per epoch:

  epoch 3/10  cross-entropy 0.573851  0.41s

Ctrl-C (or SIGTERM) stops after the current batch, keeps every finished epoch, and
prints how to resume.

An experiment with a sweep block (see the README) is a sweep: each combination of the
listed values is a trial, an ordinary run. Running the same file again continues the
sweep: completed trials are skipped, interrupted ones resumed, missing ones started.

Options:
  --set key=value   override a key of the experiment, validated like the file
                    (repeatable; data.normalize=true for nested keys)
  --db PATH|URL     the run store: a SQLite file, or postgresql://user@host/db
                    (default: $RUNNER_DB, else runs/runs.db)
  --json            one JSON object per line on stdout instead of text
  --plain           plain lines instead of the terminal UI
  --jobs N          for a sweep: trials trained at once (default: the number of cores)
  -h, --help        this text

Exit codes: 0 completed, 1 the run failed (e.g. the loss became NaN),
            2 usage or input error (nothing is written), 130 interrupted
`;

export interface TrainArgs {
  file: string;
  overrides: string[];
  db: DbChoice;
  ui: UiMode;
  /** --jobs: trials at once, for a sweep. */
  jobs: string | undefined;
}

/**
 * Validates, loads the data, then creates the run and trains it; an experiment with a
 * sweep block runs its trials instead. Bad input fails before the db is opened.
 */
export async function trainCommand(args: TrainArgs): Promise<number> {
  const loaded = loadExperiment(args.file, args.overrides);
  if (isSweep(loaded.experiment)) {
    const { runSweep } = await import('./sweep-run.js');
    return runSweep({ loaded, db: args.db, ui: args.ui, jobs: args.jobs });
  }
  if (args.jobs !== undefined) throw new UsageError(`runner: --jobs is for experiments with a sweep block; ${args.file} has none`);
  const code = await trainPrepared(prepareLoaded(loaded), args.db, args.ui);
  if (typeof code !== 'number') throw new Error('a run without a trial cannot exist already');
  return code;
}

/**
 * Creates a run (a sweep's trial, with `trial`) and trains it. For a trial whose run
 * another process created first, returns that run untouched.
 */
export async function trainPrepared(
  prepared: Prepared,
  db: DbChoice,
  ui: UiMode,
  trial?: NewRun['trial'],
): Promise<number | { kind: 'trial-exists'; run: RunRow }> {
  const { experiment, dataset, loaded } = prepared;
  const state = initialState(experiment, imageShape(dataset.train), dataset.classes);
  const store = await openStore(db, { mustExist: false });
  let created;
  try {
    created = await store.createRun(
      { ...runSettings(prepared), name: experiment.name, epochs: experiment.epochs, codeVersion: processCodeVersion(), owner: currentOwner(), trial },
      state.params.tensors(),
      state.rng.saveState(),
      state.optimizer ?? { step: 0, tensors: [] },
    );
  } catch (e) {
    await store.close();
    throw e;
  }
  let runId: number, generation: number;
  if (created.kind === 'created') {
    ({ runId, generation } = created);
  } else if (ownerState(created.run).kind === 'self' && created.run.claim_generation === 1) {
    // Our own create, whose commit went in though its answer was cut off (then retried).
    ({ id: runId, claim_generation: generation } = created.run);
  } else {
    await store.close();
    return created;
  }
  return runSession({
    store,
    db,
    runId,
    generation,
    experiment,
    ...trainingData(dataset, experiment),
    dataLine: describeData(dataset, experiment, loaded.dir),
    state,
    resumedAfter: null,
    ui,
  });
}
