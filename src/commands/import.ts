import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { stringify } from 'yaml';
import { parseExperiment } from '../config/load.js';
import { CLASSES } from '../data/dataset.js';
import { ConfigError, DataError } from '../errors.js';
import { Rng } from '../nn/prng.js';
import { formatShape } from '../npz/npy.js';
import { readNpz } from '../npz/npz.js';
import { openDatabase } from '../store/db.js';
import { RunStore, type Tensor } from '../store/runs.js';
import { codeVersion } from '../version.js';
import { prepareExperiment, prepareLoaded, runSettings, type Prepared } from './prepare.js';
import type { DbChoice } from './session.js';

export const importUsage = `Usage: runner import FILE.npz [--name NAME] [--experiment FILE.yaml] [--db PATH] [--json]

Stores the weights in an .npz file as a new run, with status imported and the weights
as its epoch 0. The file is what runner export writes, or what the report's own code
saved: np.savez(FILE, w1=W1, b1=b1, w2=W2, b2=b2), with w1 (units × 784), b1 (units),
w2 (10 × units) and b2 (10), float32 or float64. The weights are stored as float32, as
the runner trains; float64 values are rounded to the nearest float32.

Then runner eval, predict and export work on the run, and
runner resume RUN_ID --epochs N [--experiment FILE.yaml] trains it further.

The run's settings (activation, pixel scaling, data, and what resume trains with) come
from --experiment, else from the report: sigmoid, raw 0..255 MNIST pixels, batch 100,
learning rate 0.01, seed 0.

Options:
  --name NAME             the run's name (default: the file's name without .npz)
  --experiment FILE.yaml  the settings the weights go with (its units must match w1)
  --db PATH               the run database (default: $RUNNER_DB, else runs/runs.db)
  --json                  {run_id, name, imported_from, tensors, rounded_to_float32}
  -h, --help              this text

Exit codes: 0 imported, 2 unreadable or malformed file, wrong shapes or keys (nothing
            is written)
`;

/** The arrays an exported model holds, in the runner's storage order. */
const NAMES = ['w1', 'b1', 'w2', 'b2'] as const;

export interface ImportArgs {
  file: string;
  name: string | undefined;
  experiment: string | undefined;
  db: DbChoice;
  json: boolean;
}

/** Reads and checks everything, then writes the run in one transaction: a bad file writes nothing. */
export function importCommand(args: ImportArgs): number {
  let bytes: Buffer;
  try {
    bytes = readFileSync(args.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(`${args.file}: cannot read: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
  const { tensors, rounded } = modelTensors(readNpz(bytes, args.file), args.file);
  const [units, inputs] = tensors[0]!.shape as [number, number];
  const name = args.name ?? basename(args.file).replace(/\.npz$/i, '');
  if (name === '') throw new DataError(args.name === '' ? 'runner import: --name must not be empty' : `runner import: ${args.file}: give the run a --name`);

  const prepared = args.experiment === undefined ? reportSettings(name, units) : prepareExperiment(args.experiment, []);
  const where = args.experiment === undefined ? 'the report\'s settings' : args.experiment;
  if (prepared.experiment.units !== units) {
    throw new ConfigError([
      `${prepared.loaded.where(['units'])}: units is ${prepared.experiment.units}, but ${args.file}'s w1 has ${units} rows (units)`,
    ]);
  }
  if (prepared.dataset.train.pixels !== inputs) {
    throw new DataError(
      `${args.file}: w1 takes ${inputs} inputs, but the images of ${where} have ${prepared.dataset.train.pixels} pixels`,
    );
  }
  const settings = runSettings(prepared);
  const store = new RunStore(openDatabase(args.db.path));
  let runId: number;
  try {
    runId = store.createImportedRun(
      {
        ...settings,
        experimentPath: args.experiment === undefined ? '' : settings.experimentPath,
        name,
        path: resolve(args.file),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        codeVersion: codeVersion(),
      },
      tensors,
      Rng.fromSeed(prepared.experiment.seed).saveState(),
    );
  } finally {
    store.db.close();
  }
  const shapes = tensors.map((t) => `${t.name} ${t.shape.join('×')}`).join(', ');
  if (args.json) {
    const shown = {
      run_id: runId,
      name,
      imported_from: resolve(args.file),
      tensors: tensors.map((t) => ({ name: t.name, shape: t.shape })),
      rounded_to_float32: rounded,
    };
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(
    `imported ${args.file} as run ${runId} (${name}): ${shapes}` +
      `${rounded ? '; float64 values rounded to float32' : ''}\n` +
      `next: runner eval ${runId}, runner predict ${runId} 0, or runner resume ${runId} --epochs 10\n`,
  );
  return 0;
}

/**
 * w1, b1, w2, b2 from the file's arrays, as float32 tensors, after checking the key names
 * and the shapes fit one another: w1 (units × inputs), b1 (units), w2 (10 × units), b2 (10).
 * Every problem is reported, one line each.
 */
function modelTensors(arrays: Map<string, { shape: number[]; data: Float64Array }>, file: string) {
  const problems: string[] = [];
  for (const name of NAMES) if (!arrays.has(name)) problems.push(`${file}: no ${name}.npy (a model holds w1, b1, w2 and b2)`);
  for (const name of arrays.keys()) {
    if (!(NAMES as readonly string[]).includes(name)) problems.push(`${file}: unexpected array ${name}.npy (a model holds only w1, b1, w2 and b2)`);
  }
  if (problems.length > 0) throw new DataError(problems.join('\n'));

  const get = (name: (typeof NAMES)[number]) => arrays.get(name)!;
  const w1 = get('w1').shape;
  if (w1.length !== 2 || w1[0]! < 1 || w1[1]! < 1) {
    // Every other shape follows from w1's: report only this.
    throw new DataError(`${file}: w1 has shape ${formatShape(w1)}, expected 2 dimensions (units, pixels), e.g. (32, 784)`);
  }
  const units = w1[0]!;
  const expected: Record<(typeof NAMES)[number], number[]> = { w1, b1: [units], w2: [CLASSES, units], b2: [CLASSES] };
  const tensors: Tensor[] = [];
  let rounded = false;
  for (const name of NAMES) {
    const { shape, data } = get(name);
    const want = expected[name];
    if (shape.join(',') !== want.join(',')) {
      problems.push(`${file}: ${name} has shape ${formatShape(shape)}, expected ${formatShape(want)}${SHAPE_HINT[name]}`);
      continue;
    }
    // Checked after rounding: a float64 beyond float32's range becomes infinite.
    const stored = Float32Array.from(data);
    if (!stored.every(Number.isFinite)) {
      problems.push(
        `${file}: ${name} holds ${data.every(Number.isFinite) ? "values beyond float32's range (about ±3.4e38)" : 'NaN or infinite values'}`,
      );
    }
    if (!rounded) rounded = stored.some((v, k) => v !== data[k]);
    tensors.push({ name, shape, data: stored });
  }
  if (problems.length > 0) throw new DataError(problems.join('\n'));
  return { tensors, rounded };
}

const SHAPE_HINT: Record<(typeof NAMES)[number], string> = {
  w1: '',
  b1: ": one bias per row of w1",
  w2: `: ${CLASSES} classes × the units of w1`,
  b2: `: one bias per class`,
};

/** The report's settings for weights imported without an experiment. */
function reportSettings(name: string, units: number): Prepared {
  const experiment = {
    name,
    seed: 0,
    units,
    activation: 'sigmoid',
    batch_size: 100,
    epochs: 10,
    learning_rate: 0.01,
    init_scale: 'fan_in',
    data: { dataset: 'mnist', normalize: false },
  };
  const text = `# runner import was given no --experiment: the report's settings, with units from w1.\n${stringify(experiment)}`;
  return prepareLoaded(parseExperiment(text, "the report's settings"));
}
