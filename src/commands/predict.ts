import { UsageError } from '../errors.js';
import { argmax, classProbabilities } from '../train/evaluate.js';
import { digitLines, sideBySide } from '../ui/digit-image.js';
import { parseRunId } from './open-existing.js';
import { readRunWeights, runDataset } from './run-weights.js';
import type { DbChoice } from './session.js';

export const predictUsage = `Usage: runner predict RUN_ID TEST_INDEX [--epoch N] [--db PATH|URL] [--json]

Recognises one test image (TEST_INDEX counts from 0, as NumPy does) with a run's
weights: prints the image in block characters beside its true label, the predicted
digit (the most probable class) and all 10 softmax probabilities. Writes nothing.

Options:
  --epoch N   the weights after epoch N (0: as initialised or imported; default: the last)
  --db PATH|URL the run store: a SQLite file, or a postgresql:// URL
              (default: $RUNNER_DB, else runs/runs.db)
  --json      {run_id, epoch, index, label, predicted, correct, probabilities[10]}
  -h, --help  this text
`;

export async function predictCommand(args: { runId: string; index: string; epoch: string | undefined; db: DbChoice; json: boolean }): Promise<number> {
  const runId = parseRunId('predict', args.runId);
  if (!/^\d{1,15}$/.test(args.index)) throw new UsageError(`runner predict: "${args.index}" is not a test image index (0, 1, 2 …)`);
  const index = Number(args.index);
  const { run, experiment, epoch, params } = await readRunWeights(args.db, runId, args.epoch, 'predict');
  const { test } = runDataset(run, experiment, params.spec.inputs);
  if (index >= test.count) {
    throw new UsageError(`runner predict: test image ${index} does not exist; there are ${test.count} (0–${test.count - 1})`);
  }
  const probabilities = classProbabilities(params, test, index, experiment.data.normalize);
  const predicted = argmax(probabilities, 0, probabilities.length);
  const label = test.labels[index]!;
  if (args.json) {
    const shown = { run_id: runId, epoch, index, label, predicted, correct: predicted === label, probabilities: [...probabilities] };
    process.stdout.write(`${JSON.stringify(shown)}\n`);
    return 0;
  }
  const image = test.images.subarray(index * test.pixels, (index + 1) * test.pixels);
  const best = Math.max(...probabilities);
  const facts = [
    `test image ${index} of ${test.count}`,
    '',
    `true label  ${label}`,
    `predicted   ${predicted}  ${predicted === label ? '(correct)' : '(wrong)'}`,
    '',
    'class  probability',
    ...[...probabilities].map(
      (p, c) => `${String(c).padStart(5)}  ${p.toFixed(4)}  ${'█'.repeat(Math.round((p / best) * 20))}${c === predicted ? ' ◀' : ''}`.trimEnd(),
    ),
  ];
  const lines = [`run ${runId} (${run.name}), weights after epoch ${epoch}`, '', ...sideBySide(digitLines(image, test.rows, test.cols), facts)];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
