import type { Dataset, DataRole } from '../data/dataset.js';
import type { Evaluation, RunRow, Store } from '../store/store.js';
import { evaluate } from '../train/evaluate.js';
import { formatLoss, formatPercent } from '../ui/reporter.js';
import { processCodeVersion } from './code-version.js';
import { parseRunId, requireRun, withExistingStore } from './open-existing.js';
import { runDataset, runWeights } from './run-weights.js';
import type { DbChoice } from './session.js';

export const evalUsage = `Usage: runner eval RUN_ID [--epoch N] [--db PATH|URL] [--json]

Scores a run's weights on the test images (MNIST's 10,000, or the experiment's
test_images/test_labels files): the accuracy, i.e. the share of images whose most
probable class is the label, and the mean cross-entropy. The result is stored per
(run, epoch) in the evaluations table, so runner runs, runner compare and the
run_summary view show it. Evaluating an epoch again replaces its row.

Options:
  --epoch N   the weights after epoch N (0: as initialised or imported; default: the last)
  --db PATH|URL the run store: a SQLite file, or a postgresql:// URL
              (default: $RUNNER_DB, else runs/runs.db)
  --json      the stored row as one JSON object
  -h, --help  this text
`;

export async function evalCommand(args: { runId: string; epoch: string | undefined; db: DbChoice; json: boolean }): Promise<number> {
  const runId = parseRunId('eval', args.runId);
  return withExistingStore(args.db, async (store) => {
    const run = await requireRun(store, runId, args.db);
    const row = await scoreRun(store, run, args.epoch);
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ run_id: runId, name: run.name, ...row }, null, 2)}\n`);
    } else {
      process.stdout.write(
        `run ${runId} (${run.name}), epoch ${row.epoch}: test accuracy ${formatPercent(row.test_accuracy)} ` +
          `(${row.test_correct}/${row.test_images}), test cross-entropy ${formatLoss(row.test_cross_entropy)}\n`,
      );
    }
    return 0;
  });
}

/**
 * Scores a run's weights after an epoch (default: the last) on its test images, and
 * stores the result. `loaded`: the run's data as this process already holds it (a sweep's
 * worker); otherwise it is read from the files the run's settings name.
 */
export async function scoreRun(
  store: Store,
  run: RunRow,
  epochText: string | undefined,
  loaded?: Dataset,
): Promise<Omit<Evaluation, 'evaluated_at'>> {
  const { experiment, epoch, params } = await runWeights(store, run, epochText, 'eval');
  const dataset = runDataset(run, experiment, params.spec.inputs, loaded);
  const result = evaluate(params, dataset.test, experiment.data.normalize, experiment.batch_size);
  const sha = (role: DataRole) => dataset.files.find((f) => f.role === role)!.sha256;
  const row = {
    epoch,
    test_accuracy: result.accuracy,
    test_cross_entropy: result.crossEntropy,
    test_images: result.images,
    test_correct: result.correct,
    test_images_sha256: sha('test_images'),
    test_labels_sha256: sha('test_labels'),
    code_version: processCodeVersion(),
  };
  await store.recordEvaluation(run.id, row);
  return row;
}
