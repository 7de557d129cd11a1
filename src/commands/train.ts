import { openDatabase } from '../store/db.js';
import { RunStore } from '../store/runs.js';
import { currentOwner } from '../liveness.js';
import { initialState } from '../train/loop.js';
import { codeVersion } from '../version.js';
import { describeData, prepareExperiment, runSettings } from './prepare.js';
import { runSession, type DbChoice, type UiMode } from './session.js';

export const trainUsage = `Usage: runner FILE.yaml [--set key=value]... [--db PATH] [--json]
       runner train FILE.yaml ...

Trains the experiment and records every epoch (loss, weights, PRNG state) in the run
database. Prints the run id, then one line per epoch:

  epoch 3/10  cross-entropy 0.573851  0.41s

Ctrl-C (or SIGTERM) stops after the current batch, keeps every finished epoch, and
prints how to resume.

Options:
  --set key=value   override a key of the experiment, validated like the file
                    (repeatable; data.normalize=true for nested keys)
  --db PATH         the run database (default: $RUNNER_DB, else runs/runs.db)
  --json            one JSON object per line on stdout instead of text
  -h, --help        this text

Exit codes: 0 completed, 1 the run failed (e.g. the loss became NaN),
            2 usage or input error (nothing is written), 130 interrupted
`;

export interface TrainArgs {
  file: string;
  overrides: string[];
  db: DbChoice;
  ui: UiMode;
}

/** Validates, loads the data, then creates the run and trains it. Bad input fails before the db is opened. */
export async function trainCommand(args: TrainArgs): Promise<number> {
  const prepared = prepareExperiment(args.file, args.overrides);
  const { experiment, dataset, loaded } = prepared;
  const state = initialState(experiment, dataset.train.pixels, dataset.classes);

  const store = new RunStore(openDatabase(args.db.path));
  const runId = store.createRun(
    {
      ...runSettings(prepared),
      name: experiment.name,
      epochs: experiment.epochs,
      codeVersion: codeVersion(),
      owner: currentOwner(),
    },
    state.params.tensors(),
    state.rng.saveState(),
  );
  return runSession({
    store,
    db: args.db,
    runId,
    experiment,
    train: dataset.train,
    dataLine: describeData(prepared.dataset, experiment, loaded.dir),
    state,
    resumedAfter: null,
    ui: args.ui,
  });
}
