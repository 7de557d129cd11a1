import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { RunFailedError } from '../errors.js';
import { openDatabase } from '../store/db.js';
import { RunStore } from '../store/runs.js';
import { DivergedError, initialState, train } from '../train/loop.js';
import { JsonReporter, PlainReporter } from '../ui/plain-reporter.js';
import type { Reporter } from '../ui/reporter.js';
import { codeVersion } from '../version.js';
import { describeData, prepareExperiment } from './prepare.js';

export const trainUsage = `Usage: runner FILE.yaml [--set key=value]... [--db PATH] [--json]
       runner train FILE.yaml ...

Trains the experiment and records every epoch (loss, weights, PRNG state) in the run
database. Prints the run id, then one line per epoch:

  epoch 3/10  cross-entropy 0.573851  0.41s

Options:
  --set key=value   override a key of the experiment, validated like the file
                    (repeatable; data.normalize=true for nested keys)
  --db PATH         the run database (default: $RUNNER_DB, else runs/runs.db)
  --json            one JSON object per line on stdout instead of text
  -h, --help        this text

Exit codes: 0 completed, 1 the run failed (e.g. the loss became NaN),
            2 usage or input error (nothing is written)
`;

export interface TrainArgs {
  file: string;
  overrides: string[];
  db: string;
  json: boolean;
}

/** Validates, loads the data, then creates the run and trains it. Bad input fails before the db is opened. */
export async function trainCommand(args: TrainArgs): Promise<number> {
  const prepared = prepareExperiment(args.file, args.overrides);
  const { experiment, dataset, loaded } = prepared;
  const state = initialState(experiment, dataset.train.pixels, dataset.classes);

  const store = new RunStore(openDatabase(args.db));
  const dataSha256 = Object.fromEntries(dataset.files.map((f) => [f.role, f.sha256])) as Parameters<
    RunStore['createRun']
  >[0]['dataSha256'];
  const runId = store.createRun(
    {
      name: experiment.name,
      configYaml: loaded.yaml,
      overrides: loaded.overrides,
      configJson: prepared.configJson,
      configHash: prepared.configHash,
      seed: experiment.seed,
      epochs: experiment.epochs,
      experimentPath: resolve(loaded.file),
      dataSource: dataset.source,
      dataSha256,
      codeVersion: codeVersion(),
      pid: process.pid,
      host: hostname(),
    },
    state.params.tensors(),
    state.rng.saveState(),
  );

  const reporter: Reporter = args.json ? new JsonReporter(process.stdout) : new PlainReporter(process.stdout);
  reporter.runStart({ runId, experiment, data: describeData(prepared), db: args.db });
  const started = performance.now();
  let lastLoss: number | null = null;
  const end = (status: 'completed' | 'failed', error: string | null) =>
    reporter.finished({
      runId,
      status,
      epochs: state.epoch,
      crossEntropy: lastLoss,
      seconds: (performance.now() - started) / 1000,
      error,
    });

  try {
    await train(experiment, dataset.train, state, (event) => {
      if (event.type === 'epoch-end') {
        store.recordEpoch(runId, event, event.params.tensors(), event.rng.saveState());
        lastLoss = event.crossEntropy;
      }
      reporter.event(event);
    });
  } catch (e) {
    const reason = e instanceof DivergedError ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
    store.finishRun(runId, 'failed', reason);
    end('failed', reason);
    store.db.close();
    if (e instanceof DivergedError) throw new RunFailedError(runId, reason);
    throw e;
  }
  store.finishRun(runId, 'completed');
  end('completed', null);
  store.db.close();
  return 0;
}
