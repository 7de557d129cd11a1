import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { stringify } from 'yaml';
import { parseExperiment } from '../config/load.js';
import { ConfigError, DataError, StoreError } from '../errors.js';
import { imageShape } from '../data/dataset.js';
import { BATCH_NORM_EPSILON, networkOf } from '../config/network.js';
import { inferNetwork } from '../nn/parameters.js';
import { Rng } from '../nn/prng.js';
import { describeNetwork, type NetworkSpec } from '../nn/spec.js';
import { readNpz } from '../npz/npz.js';
import { withStore } from '../store/open.js';
import type { Tensor } from '../store/store.js';
import { codeVersion } from '../version.js';
import { prepareExperiment, prepareLoaded, runSettings, type Prepared } from './prepare.js';
import { networkForTensors, parametersFrom } from './run-weights.js';
import type { DbChoice } from './session.js';

export const importUsage = `Usage: runner import FILE.npz [--name NAME] [--experiment FILE.yaml] [--db PATH|URL] [--json]

Stores the weights in an .npz file as a new run, with status imported and the weights
as its epoch 0. The file is what runner export writes, or what the report's own code
saved: np.savez(FILE, w1=W1, b1=b1, w2=W2, b2=b2), with w1 (units × 784), b1 (units),
w2 (10 × units) and b2 (10), float32 or float64. A deeper network has w1, b1, …, wL, bL
and, for batch norm on hidden layer K, bnK_gamma, bnK_beta, bnK_mean, bnK_var: the
network is inferred from the names and shapes. The weights are stored as float32, as
the runner trains; float64 values are rounded to the nearest float32.

Then runner eval, predict and export work on the run, and
runner resume RUN_ID --epochs N [--experiment FILE.yaml] trains it further.

The run's settings (activations, dropout, pixel scaling, data, optimizer, and what resume
trains with) come from --experiment, whose layers must be the file's; else from the
report: sigmoid layers, raw 0..255 MNIST pixels, batch 100, SGD at 0.01, seed 0.

Options:
  --name NAME             the run's name (default: the file's name without .npz)
  --experiment FILE.yaml  the settings the weights go with (its layers must be the file's)
  --db PATH|URL           the run store: a SQLite file, or a postgresql:// URL
                          (default: $RUNNER_DB, else runs/runs.db)
  --json                  {run_id, name, imported_from, tensors, rounded_to_float32}
  -h, --help              this text

Exit codes: 0 imported, 2 unreadable or malformed file, wrong shapes or keys (nothing
            is written)
`;

export interface ImportArgs {
  file: string;
  name: string | undefined;
  experiment: string | undefined;
  db: DbChoice;
  json: boolean;
}

/** Reads and checks everything, then writes the run in one transaction: a bad file writes nothing. */
export async function importCommand(args: ImportArgs): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(args.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(`${args.file}: cannot read: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
  const arrays = readNpz(bytes, args.file);
  const name = args.name ?? basename(args.file).replace(/\.npz$/i, '');
  if (name === '') throw new DataError(args.name === '' ? 'runner import: --name must not be empty' : `runner import: ${args.file}: give the run a --name`);
  const { prepared, declared, tensors, rounded } = [...arrays.keys()].some((k) => /^conv\d+_/.test(k))
    ? featureNetwork(args, arrays)
    : denseNetwork(args, arrays, name);
  // Stored in the runner's order (parameterLayout), whatever the file's.
  const params = parametersFrom(declared, tensors, args.file);
  const settings = runSettings(prepared);
  const runId = await withStore(args.db, { mustExist: false }, (store) =>
    store.createImportedRun(
      {
        ...settings,
        experimentPath: args.experiment === undefined ? '' : settings.experimentPath,
        name,
        path: resolve(args.file),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        codeVersion: codeVersion(),
      },
      params.tensors(),
      Rng.fromSeed(prepared.experiment.seed).saveState(),
    ),
  );
  const shapes = params.tensors().map((t) => `${t.name} ${t.shape.join('×')}`).join(', ');
  if (args.json) {
    const shown = {
      run_id: runId,
      name,
      imported_from: resolve(args.file),
      tensors: params.tensors().map((t) => ({ name: t.name, shape: t.shape })),
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

/** What is imported: the settings, the network they declare, and the file's tensors for it. */
interface Imported {
  prepared: Prepared;
  declared: NetworkSpec;
  tensors: Tensor[];
  rounded: boolean;
}

/** A dense network: inferred from the file's names and shapes, checked against --experiment's layers (or the report's settings). */
function denseNetwork(args: ImportArgs, arrays: Arrays, name: string): Imported {
  const { tensors, network, rounded } = modelTensors(arrays, args.file);
  const prepared = args.experiment === undefined ? reportSettings(name, network) : prepareExperiment(args.experiment, []);
  const where = args.experiment === undefined ? 'the report\'s settings' : args.experiment;
  const declared = networkOf(prepared.experiment, network.inputs, network.classes);
  if (shapeOf(declared) !== shapeOf(network)) {
    const key = prepared.experiment.layers === undefined ? 'units' : 'layers';
    throw new ConfigError([
      `${prepared.loaded.where([key])}: the experiment declares a ${shapeOf(declared)} network, but ${args.file} holds a ${shapeOf(network)} one`,
    ]);
  }
  if (prepared.dataset.train.pixels !== network.inputs) {
    throw new DataError(
      `${args.file}: w1 takes ${network.inputs} inputs, but the images of ${where} have ${prepared.dataset.train.pixels} pixels`,
    );
  }
  return { prepared, declared, tensors, rounded };
}

/**
 * A network with conv layers: its strides, paddings and pooling are not in the file, so
 * --experiment declares it, and every array must be the one its layout names, so shaped.
 */
function featureNetwork(args: ImportArgs, arrays: Arrays): Imported {
  if (args.experiment === undefined) {
    throw new DataError(`${args.file}: holds convolution filters (conv1_w, …): give the experiment that declares its layers with --experiment (strides, paddings and pooling are not in the file)`);
  }
  const { tensors, rounded } = float32Tensors(arrays, args.file);
  const prepared = prepareExperiment(args.experiment, []);
  let declared: NetworkSpec;
  try {
    declared = networkForTensors(prepared.experiment, tensors, args.file, imageShape(prepared.dataset.train));
  } catch (e) {
    if (e instanceof StoreError) throw new DataError(e.message);
    throw e;
  }
  return { prepared, declared, tensors, rounded };
}

type Arrays = Map<string, { shape: number[]; data: Float64Array }>;

/** The file's arrays as float32 tensors: every value finite after rounding, each problem one line. */
function float32Tensors(arrays: Arrays, file: string): { tensors: Tensor[]; rounded: boolean } {
  const problems: string[] = [];
  const tensors: Tensor[] = [];
  let rounded = false;
  for (const [name, { shape, data }] of arrays) {
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

/**
 * The file's arrays as float32 tensors, and the network they describe (inferNetwork: the
 * key names complete, each shape chaining into the next). Every problem is reported, one
 * line each.
 */
function modelTensors(arrays: Arrays, file: string) {
  const list = [...arrays].map(([name, a]) => ({ name, shape: a.shape, data: a.data }));
  const inferred = inferNetwork(list);
  if ('problems' in inferred) throw new DataError(inferred.problems.map((p) => `${file}: ${p}`).join('\n'));
  const { tensors, rounded } = float32Tensors(arrays, file);
  const network: NetworkSpec = {
    inputs: inferred.inputs,
    classes: inferred.classes,
    hidden: inferred.hidden.map((h) => ({ units: h.units, activation: 'sigmoid', batchNorm: h.batchNorm ? { epsilon: BATCH_NORM_EPSILON } : null, dropout: 0 })),
  };
  return { tensors, network, rounded };
}

/** A network's shape alone (units and batch norm), as describeNetwork writes it. */
function shapeOf(n: NetworkSpec): string {
  return describeNetwork({ ...n, hidden: n.hidden.map((h) => ({ ...h, dropout: 0 })) });
}

/**
 * The report's settings for weights imported without an experiment: sigmoid, raw MNIST
 * pixels, batch 100, SGD at 0.01, seed 0; the units from w1 (or, for a deeper network,
 * sigmoid layers as the file's shapes say, with batch norm where it has bnK_* arrays).
 */
function reportSettings(name: string, network: NetworkSpec): Prepared {
  const shape =
    network.hidden.length === 1 && !network.hidden[0]!.batchNorm
      ? { units: network.hidden[0]!.units, activation: 'sigmoid' }
      : { layers: network.hidden.map((h) => ({ units: h.units, activation: 'sigmoid', ...(h.batchNorm ? { batch_norm: true } : {}) })) };
  const experiment = {
    name,
    seed: 0,
    ...shape,
    batch_size: 100,
    epochs: 10,
    learning_rate: 0.01,
    init_scale: 'fan_in',
    data: { dataset: 'mnist', normalize: false },
  };
  const text = `# runner import was given no --experiment: the report's settings, with the layers from the file's shapes.\n${stringify(experiment)}`;
  return prepareLoaded(parseExperiment(text, "the report's settings"));
}
