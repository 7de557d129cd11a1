import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Experiment } from '../config/experiment.generated.js';
import { loadExperiment, type LoadedExperiment } from '../config/load.js';
import { featureLayersOf, isFeatureLayer, networkOf, optimizerOf } from '../config/network.js';
import type { Trial } from '../config/sweep.js';
import { imageShape, loadDataset, splitTraining, type Dataset, type DataRole, type TrainingData } from '../data/dataset.js';
import type { RunSettings } from '../store/store.js';
import { ConfigError } from '../errors.js';
import { describeActivations, describeNetwork, featureShapes, type NetworkSpec, type OptimizerSpec } from '../nn/spec.js';
import { fitsInMemory, scoringBatch } from '../nn/network.js';
import { batchesPerEpoch } from '../train/loop.js';

/** An experiment checked against its data, ready to train. */
export interface Prepared {
  loaded: LoadedExperiment;
  /** The validated experiment with batches_per_epoch filled in: all a run depends on. */
  experiment: Experiment;
  dataset: Dataset;
  /** `experiment` as canonical JSON (sorted keys), and its SHA-256. */
  configJson: string;
  configHash: string;
}

/** Loads and validates the experiment, then its data. Writes nothing. */
export function prepareExperiment(file: string, overrides: readonly string[]): Prepared {
  return prepareLoaded(loadExperiment(file, overrides));
}

/** As prepareExperiment, for an experiment already loaded (or parsed from text). */
export function prepareLoaded(loaded: LoadedExperiment): Prepared {
  const dataset = loadDataset(loaded.experiment.data, loaded.dir);
  const e = loaded.experiment;
  checkFeatureShapes(e, dataset, (path) => loaded.where(path));
  const trained = trainedCount(e, dataset, loaded.where(['batch_size']), loaded);
  checkMemory(e, dataset, (path) => loaded.where(path));
  const experiment: Experiment = { ...e, batches_per_epoch: batchesPerEpoch(e, trained) };
  const configJson = canonicalJson(experiment);
  return {
    loaded,
    experiment,
    dataset,
    configJson,
    configHash: createHash('sha256').update(configJson).digest('hex'),
  };
}

/** The settings a run records: the experiment as written and validated, its network and optimizer resolved, and its data's hashes. */
export function runSettings(prepared: Prepared): RunSettings {
  const { loaded, experiment, dataset } = prepared;
  const network = networkOf(experiment, imageShape(dataset.train), dataset.classes);
  const optimizer = optimizerOf(experiment);
  return {
    configYaml: loaded.yaml,
    overrides: loaded.overrides,
    configJson: prepared.configJson,
    configHash: prepared.configHash,
    seed: experiment.seed,
    experimentPath: resolve(loaded.file),
    dataSource: dataset.source,
    dataSha256: Object.fromEntries(dataset.files.map((f) => [f.role, f.sha256])) as Record<DataRole, string>,
    architecture: describeNetwork(network),
    activations: describeActivations(network),
    optimizer: optimizer.name,
    optimizerJson: JSON.stringify(storedOptimizer(optimizer)),
  };
}

/** An optimizer's settings as the run database keeps them: the experiment's key names (learning_rate, beta1, initial_accumulator). */
export function storedOptimizer(o: OptimizerSpec): Record<string, string | number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v as string | number]));
}

/**
 * One trial of a sweep, ready to train: the trial's experiment (batches_per_epoch filled
 * in) over the sweep's already loaded data, recorded with the sweep file's YAML.
 */
export function prepareTrial(loaded: LoadedExperiment, dataset: Dataset, trial: Trial): Prepared {
  const e = trial.experiment;
  const swept = loaded.experiment.sweep?.batch_size;
  const item = Array.isArray(swept) ? swept.indexOf(e.batch_size) : -1;
  const at =
    item >= 0
      ? loaded.where(['sweep', 'batch_size', String(item)]) + `: sweep.batch_size[${item}]`
      : swept !== undefined
        ? loaded.where(['sweep', 'batch_size']) + ': sweep.batch_size'
        : loaded.where(['batch_size']);
  const where = trialWhere(loaded, trial);
  checkFeatureShapes(e, dataset, where);
  const trained = trainedCount(e, dataset, at, loaded);
  checkMemory(e, dataset, where);
  const experiment: Experiment = { ...e, batches_per_epoch: batchesPerEpoch(e, trained) };
  const configJson = canonicalJson(experiment);
  return { loaded, experiment, dataset, configJson, configHash: createHash('sha256').update(configJson).digest('hex') };
}

/**
 * Where a trial's network problem is said: at the file's layer, or, when the trial's
 * layers come from the sweep block, at its first swept layers key, naming the trial and
 * its values (`sweep.layers[0].conv.size: trial 3 (layers[0].conv.size=9): layers[1]: …`).
 */
function trialWhere(loaded: LoadedExperiment, trial: Trial): (path: string[]) => string {
  const swept = Object.keys(trial.values).find((k) => k === 'layers' || k.startsWith('layers['));
  if (swept === undefined) return (path) => loaded.where(path);
  const values = Object.entries(trial.values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  return () => `${loaded.where(['sweep', swept])}: sweep.${swept}: trial ${trial.index} (${values})`;
}

/**
 * Refuses conv and pooling layers whose windows do not fit the feature maps they get
 * (from the data's image shape), at the layer's line:col, with the shapes up to it: e.g.
 * `layers[2]: pool 2 on 1×1 feature maps: the window is larger than its input (shapes:
 * 1×28×28 → 32×1×1)`.
 */
function checkFeatureShapes(e: Experiment, dataset: Dataset, at: (path: string[]) => string): void {
  const features = featureLayersOf(e);
  if (features.length === 0) return;
  const image = imageShape(dataset.train);
  const result = featureShapes(image, features);
  if (!('problem' in result)) return;
  const indices = (e.layers ?? []).flatMap((l, i) => (isFeatureLayer(l) ? [i] : []));
  const i = indices[result.layer]!;
  const before = featureShapes(image, features.slice(0, result.layer));
  const chain = [image, ...('shapes' in before ? before.shapes : [])].map((s) => `${s.channels}×${s.height}×${s.width}`).join(' → ');
  throw new ConfigError([`${at(['layers', String(i)])}: layers[${i}]: ${result.problem} (shapes: ${chain})`]);
}

/**
 * Refuses a network with feature layers whose buffers do not fit in the kernels' 1 GiB:
 * for training (batch_size images at a time, beside the training images) and for scoring
 * (the held-out or test images). Built for real and dropped (fitsInMemory), before
 * anything is written.
 */
function checkMemory(e: Experiment, dataset: Dataset, at: (path: string[]) => string): void {
  if (featureLayersOf(e).length === 0) return;
  const spec = networkOf(e, imageShape(dataset.train), dataset.classes);
  const held = e.data.validation ?? 0;
  const { pixels, count } = dataset.train;
  const advice = 'use a smaller batch_size, fewer filters or smaller feature maps (a stride, or pooling sooner)';
  if (!fits(spec, optimizerOf(e), e.batch_size, (count - held) * pixels)) {
    throw new ConfigError([`${at(['layers'])}: this network's buffers for batches of ${e.batch_size}, beside the ${count - held} training images, need more than the kernels' 1 GiB of memory (WebAssembly's limit): ${advice}`]);
  }
  const scored = Math.max(held, dataset.test.count);
  const chunk = scoringBatch(spec, e.batch_size);
  if (!fits(spec, null, chunk, scored * pixels)) {
    throw new ConfigError([`${at(['layers'])}: scoring this network ${chunk} images at a time, beside the ${scored} ${held > dataset.test.count ? 'held-out' : 'test'} images, needs more than the kernels' 1 GiB of memory (WebAssembly's limit): ${advice}`]);
  }
}

/** fitsInMemory's answers in this process: a sweep's trials often share a network and batch. */
const fitted = new Map<string, boolean>();

function fits(spec: NetworkSpec, optimizer: OptimizerSpec | null, maxBatch: number, imageBytes: number): boolean {
  const key = JSON.stringify([spec, optimizer?.name ?? null, maxBatch, imageBytes]);
  let answer = fitted.get(key);
  if (answer === undefined) fitted.set(key, (answer = fitsInMemory(spec, optimizer, maxBatch, imageBytes)));
  return answer;
}

/**
 * How many training images a run trains on: the training file's, less data.validation's
 * held-out ones. Refuses a split that holds out every image, or leaves fewer than a batch
 * (`batchAt` says where batch_size came from).
 */
function trainedCount(e: Experiment, dataset: Dataset, batchAt: string, loaded: LoadedExperiment): number {
  const held = e.data.validation ?? 0;
  const count = dataset.train.count;
  if (held >= count) {
    throw new ConfigError([`${loaded.where(['data', 'validation'])}: data.validation ${held} holds out every training image (the training file has ${count})`]);
  }
  if (e.batch_size > count - held) {
    const left = held > 0 ? `${count - held} training images left after data.validation ${held}` : `${count} training images`;
    throw new ConfigError([`${batchAt}: batch_size ${e.batch_size} is larger than the ${left}`]);
  }
  return count - held;
}

/** The images a run trains on and those it holds out, as data.validation splits them. */
export function trainingData(dataset: Dataset, experiment: Experiment): TrainingData {
  return splitTraining(dataset.train, experiment.data.validation ?? 0);
}

/** How the data reads in a header line. */
export function describeData(dataset: Dataset, experiment: Experiment, experimentDir: string): string {
  const source =
    dataset.source === 'mnist'
      ? 'mnist'
      : dataset.source === 'cifar10'
        ? `cifar10 ${resolve(experimentDir, experiment.data.dir!)}`
        : resolve(experimentDir, experiment.data.train_images!);
  const pixels = experiment.data.normalize ? 'pixels / 255' : 'raw 0..255 pixels';
  const held = experiment.data.validation ?? 0;
  const counts = held > 0 ? `${dataset.train.count - held} train, ${held} validation` : `${dataset.train.count} train`;
  return `${source} (${counts}, ${dataset.test.count} test, ${pixels}), ${experiment.batches_per_epoch} batches/epoch`;
}

/** JSON with object keys sorted, so equal experiments hash equally whatever the key order in the file. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
