import { dirname } from 'node:path';
import type { Experiment } from '../config/experiment.generated.js';
import { validateStoredExperiment } from '../config/load.js';
import { loadDataset, type Dataset } from '../data/dataset.js';
import { DataError, StoreError, UsageError } from '../errors.js';
import { Parameters, type MlpSpec } from '../nn/mlp.js';
import type { RunRow, RunStore, Tensor } from '../store/runs.js';
import { openExistingStore, requireRun } from './open-existing.js';
import type { DbChoice } from './session.js';

/** One epoch's weights of a run, ready to run forward, with the settings they were trained under. */
export interface RunWeights {
  experiment: Experiment;
  epoch: number;
  params: Parameters;
}

/** Reads one run and the weights of one of its epochs from the database, and closes it. */
export function readRunWeights(db: DbChoice, runId: number, epochText: string | undefined, command: string): RunWeights & { run: RunRow } {
  const store = openExistingStore(db);
  try {
    const run = requireRun(store, runId, db);
    return { run, ...runWeights(store, run, epochText, command) };
  } finally {
    store.db.close();
  }
}

/**
 * The weights of `run` after `epochText` (an --epoch value; default: its last checkpoint).
 * A run has weights for epoch 0 (as initialised or imported) and every finished epoch.
 */
export function runWeights(store: RunStore, run: RunRow, epochText: string | undefined, command: string): RunWeights {
  const experiment = validateStoredExperiment(run.config_json, `run ${run.id}'s stored config`);
  const epochs = store.checkpointEpochs(run.id);
  if (epochs.length === 0) throw new StoreError(`run ${run.id} has no stored weights`);
  let epoch = epochs[epochs.length - 1]!;
  if (epochText !== undefined) {
    if (!/^\d{1,15}$/.test(epochText)) throw new UsageError(`runner ${command}: --epoch must be a whole number >= 0 (got "${epochText}")`);
    epoch = Number(epochText);
    if (!epochs.includes(epoch)) {
      throw new UsageError(`runner ${command}: run ${run.id} has weights for epochs 0–${epochs[epochs.length - 1]}, not ${epoch}`);
    }
  }
  const tensors = store.weights(run.id, epoch);
  const w1 = tensors.find((t) => t.name === 'w1');
  const w2 = tensors.find((t) => t.name === 'w2');
  if (!w1 || !w2 || w1.shape.length !== 2 || w2.shape.length !== 2) {
    throw new StoreError(`run ${run.id}: the weights of epoch ${epoch} lack w1 or w2`);
  }
  const spec: MlpSpec = { inputs: w1.shape[1]!, units: w1.shape[0]!, classes: w2.shape[0]!, activation: experiment.activation };
  return { experiment, epoch, params: parametersFrom(spec, tensors, `run ${run.id}, epoch ${epoch}`) };
}

/** Fresh parameters holding copies of `tensors`, each checked against the layout `spec` gives. */
export function parametersFrom(spec: MlpSpec, tensors: readonly Tensor[], label: string): Parameters {
  const params = Parameters.allocate(spec);
  for (const t of params.tensors()) {
    const stored = tensors.find((s) => s.name === t.name);
    if (!stored || stored.data.length !== t.data.length || stored.shape.join('x') !== t.shape.join('x')) {
      throw new StoreError(`${label}: no ${t.name} of shape ${t.shape.join('×')}`);
    }
    t.data.set(stored.data);
  }
  return params;
}

/** The dataset a run's settings name, checked to fit its weights (images of `inputs` pixels). */
export function runDataset(run: RunRow, experiment: Experiment, inputs: number): Dataset {
  const dataset = loadDataset(experiment.data, dirname(run.experiment_path || '.'));
  if (dataset.test.pixels !== inputs) {
    throw new DataError(
      `run ${run.id}'s weights take images of ${inputs} pixels, but its test images have ${dataset.test.pixels}`,
    );
  }
  return dataset;
}
