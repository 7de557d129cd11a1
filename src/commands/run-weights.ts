import { dirname } from 'node:path';
import type { Experiment } from '../config/experiment.generated.js';
import { validateStoredExperiment } from '../config/load.js';
import { loadDataset, type Dataset } from '../data/dataset.js';
import { DataError, StoreError, UsageError } from '../errors.js';
import { featureLayersOf, networkOf } from '../config/network.js';
import { inferNetwork, parameterLayout, Parameters, python } from '../nn/parameters.js';
import { describeNetwork, type ImageShape, type NetworkSpec } from '../nn/spec.js';
import type { RunRow, Store, Tensor } from '../store/store.js';
import { requireRun, withExistingStore } from './open-existing.js';
import type { DbChoice } from './session.js';

/** One epoch's weights of a run, ready to run forward, with the settings they were trained under. */
export interface RunWeights {
  experiment: Experiment;
  epoch: number;
  params: Parameters;
}

/** Reads one run and the weights of one of its epochs from the database, and closes it. */
export function readRunWeights(db: DbChoice, runId: number, epochText: string | undefined, command: string): Promise<RunWeights & { run: RunRow }> {
  return withExistingStore(db, async (store) => {
    const run = await requireRun(store, runId, db);
    return { run, ...(await runWeights(store, run, epochText, command)) };
  });
}

/**
 * The weights of `run` after `epochText` (an --epoch value; default: its last checkpoint).
 * A run has weights for epoch 0 (as initialised or imported) and every finished epoch.
 */
export async function runWeights(store: Store, run: RunRow, epochText: string | undefined, command: string): Promise<RunWeights> {
  const experiment = validateStoredExperiment(run.config_json, `run ${run.id}'s stored config`);
  const epochs = await store.checkpointEpochs(run.id);
  if (epochs.length === 0) throw new StoreError(`run ${run.id} has no stored weights`);
  let epoch = epochs[epochs.length - 1]!;
  if (epochText !== undefined) {
    if (!/^\d{1,15}$/.test(epochText)) throw new UsageError(`runner ${command}: --epoch must be a whole number >= 0 (got "${epochText}")`);
    epoch = Number(epochText);
    if (!epochs.includes(epoch)) {
      throw new UsageError(`runner ${command}: run ${run.id} has weights for epochs 0–${epochs[epochs.length - 1]}, not ${epoch}`);
    }
  }
  const tensors = await store.weights(run.id, epoch);
  const label = `run ${run.id}, epoch ${epoch}`;
  const spec = networkForTensors(experiment, tensors, label, architectureImage(run.architecture));
  return { experiment, epoch, params: parametersFrom(spec, tensors, label) };
}

/**
 * The image shape a run's architecture line starts with (`1x28x28-c32k5-p2-128-10`), which
 * a network with feature layers records; null for a dense one (`784-32-10`).
 */
export function architectureImage(architecture: string | null | undefined): ImageShape | null {
  const m = /^(\d+)x(\d+)x(\d+)-/.exec(architecture ?? '');
  return m ? { channels: Number(m[1]), height: Number(m[2]), width: Number(m[3]) } : null;
}

/**
 * The network an experiment declares, sized by stored tensors (w1's pixels, wL's classes),
 * and checked to be the network those tensors hold (inferNetwork): the same hidden layers,
 * with batch norm where they have its tensors. With conv or pooling layers the tensors do
 * not say the strides, paddings or the image's size: the network is the experiment's over
 * images of `image`'s shape, and every tensor must be the one its layout names, shaped so.
 */
export function networkForTensors(experiment: Experiment, tensors: readonly Tensor[], label: string, image: ImageShape | null): NetworkSpec {
  if (featureLayersOf(experiment).length > 0) return featureNetworkForTensors(experiment, tensors, label, image);
  const inferred = inferNetwork(tensors);
  if ('problems' in inferred) throw new StoreError(inferred.problems.map((p) => `${label}: ${p}`).join('\n'));
  const spec = networkOf(experiment, inferred.inputs, inferred.classes);
  const held: NetworkSpec = {
    ...inferred,
    hidden: inferred.hidden.map((h) => ({ units: h.units, activation: 'sigmoid', batchNorm: h.batchNorm ? { epsilon: 0 } : null, dropout: 0 })),
  };
  const shape = (n: NetworkSpec) => describeNetwork({ ...n, hidden: n.hidden.map((h) => ({ ...h, dropout: 0 })) });
  if (shape(spec) !== shape(held)) {
    throw new StoreError(`${label}: the weights are a ${shape(held)} network, but its experiment declares ${shape(spec)}`);
  }
  return spec;
}

function featureNetworkForTensors(experiment: Experiment, tensors: readonly Tensor[], label: string, image: ImageShape | null): NetworkSpec {
  if (image === null) throw new StoreError(`${label}: the experiment has conv or pooling layers, but the run does not record its images' shape`);
  let L = 0;
  while (tensors.some((t) => t.name === `w${L + 1}`)) L++;
  const classes = tensors.find((t) => t.name === `w${L}`)?.shape[0];
  if (classes === undefined) throw new StoreError(`${label}: no w1 (a network holds w1, b1, …, wL, bL)`);
  const spec = networkOf(experiment, image, classes);
  const expected = parameterLayout(spec);
  const problems = expected.flatMap((t) => {
    const held = tensors.find((s) => s.name === t.name);
    if (!held) return [`no ${t.name} (the experiment's ${describeNetwork(spec)} network has it)`];
    return held.shape.join('x') === t.shape.join('x') ? [] : [`${t.name} has shape ${python(held.shape)}, but the experiment's ${describeNetwork(spec)} network has ${python(t.shape)}`];
  });
  for (const t of tensors) if (!expected.some((e) => e.name === t.name)) problems.push(`unexpected array ${t.name} (the experiment's ${describeNetwork(spec)} network has ${expected.map((e) => e.name).join(', ')})`);
  if (problems.length > 0) throw new StoreError(problems.map((p) => `${label}: ${p}`).join('\n'));
  return spec;
}

/** Fresh parameters holding copies of `tensors`, each checked against the layout `spec` gives. */
export function parametersFrom(spec: NetworkSpec, tensors: readonly Tensor[], label: string): Parameters {
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

/**
 * The dataset a run's settings name (`loaded`, when the caller holds it already),
 * checked to fit its weights (images of `inputs` pixels).
 */
export function runDataset(run: RunRow, experiment: Experiment, inputs: number, loaded?: Dataset): Dataset {
  const dataset = loaded ?? loadDataset(experiment.data, dirname(run.experiment_path || '.'));
  if (dataset.test.pixels !== inputs) {
    throw new DataError(
      `run ${run.id}'s weights take images of ${inputs} pixels, but its test images have ${dataset.test.pixels}`,
    );
  }
  return dataset;
}
