import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { Experiment } from '../config/experiment.generated.js';
import { loadExperiment, type LoadedExperiment } from '../config/load.js';
import { networkOf, optimizerOf } from '../config/network.js';
import type { Trial } from '../config/sweep.js';
import { loadDataset, type Dataset, type DataRole } from '../data/dataset.js';
import type { RunSettings } from '../store/store.js';
import { ConfigError } from '../errors.js';
import { describeActivations, describeNetwork, type OptimizerSpec } from '../nn/spec.js';
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
  if (e.batch_size > dataset.train.count) {
    throw new ConfigError([
      `${loaded.where(['batch_size'])}: batch_size ${e.batch_size} is larger than the ${dataset.train.count} training images`,
    ]);
  }
  const experiment: Experiment = { ...e, batches_per_epoch: batchesPerEpoch(e, dataset.train.count) };
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
  const network = networkOf(experiment, dataset.train.pixels, dataset.classes);
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
  if (e.batch_size > dataset.train.count) {
    const swept = loaded.experiment.sweep?.batch_size;
    const item = Array.isArray(swept) ? swept.indexOf(e.batch_size) : -1;
    const at = item >= 0 ? loaded.where(['sweep', 'batch_size', String(item)]) + `: sweep.batch_size[${item}]` : loaded.where(['batch_size']);
    throw new ConfigError([`${at}: batch_size ${e.batch_size} is larger than the ${dataset.train.count} training images`]);
  }
  const experiment: Experiment = { ...e, batches_per_epoch: batchesPerEpoch(e, dataset.train.count) };
  const configJson = canonicalJson(experiment);
  return { loaded, experiment, dataset, configJson, configHash: createHash('sha256').update(configJson).digest('hex') };
}

/** How the data reads in a header line. */
export function describeData(dataset: Dataset, experiment: Experiment, experimentDir: string): string {
  const source = dataset.source === 'mnist' ? 'mnist' : resolve(experimentDir, experiment.data.train_images!);
  const pixels = experiment.data.normalize ? 'pixels / 255' : 'raw 0..255 pixels';
  return `${source} (${dataset.train.count} train, ${dataset.test.count} test, ${pixels}), ${experiment.batches_per_epoch} batches/epoch`;
}

/** JSON with object keys sorted, so equal experiments hash equally whatever the key order in the file. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
