/**
 * From a validated experiment to what nn/ builds: its hidden layers, its optimizer with
 * every hyper-parameter filled in (the course's defaults), and both in one line for
 * listings. The defaults live here, not in the schema, so that an experiment validates to
 * what was written (`optimizer: adam` stays `adam`) and its config hash does not move.
 */
import type { FeatureLayerSpec, HiddenLayerSpec, ImageShape, NetworkSpec, OptimizerName, OptimizerSpec } from '../nn/spec.js';
import type { ConvLayer, Experiment, HiddenLayer, PoolLayer } from './experiment.generated.js';

/** Batch normalization's ε when a layer says `batch_norm: true` or gives no epsilon. */
export const BATCH_NORM_EPSILON = 1e-5;

/** A hyper-parameter as a YAML key, the OptimizerSpec field it fills, and its default. */
interface HyperParameter {
  key: string;
  field: string;
  default: number;
}

/**
 * The course's optimizers: the default learning rate ('required' for sgd, which has none;
 * null for adadelta, which takes none) and the hyper-parameters, in the order they are listed.
 */
export const OPTIMIZERS: Readonly<Record<OptimizerName, { learningRate: number | 'required' | null; hyper: readonly HyperParameter[] }>> = {
  sgd: { learningRate: 'required', hyper: [] },
  momentum: { learningRate: 0.01, hyper: [{ key: 'momentum', field: 'momentum', default: 0.9 }] },
  adagrad: { learningRate: 0.001, hyper: [{ key: 'initial_accumulator', field: 'initialAccumulator', default: 1e-8 }] },
  rmsprop: {
    learningRate: 0.001,
    hyper: [
      { key: 'rho', field: 'rho', default: 0.9 },
      { key: 'epsilon', field: 'epsilon', default: 1e-8 },
    ],
  },
  adadelta: {
    learningRate: null,
    hyper: [
      { key: 'rho', field: 'rho', default: 0.95 },
      { key: 'epsilon', field: 'epsilon', default: 1e-6 },
    ],
  },
  adam: {
    learningRate: 0.001,
    hyper: [
      { key: 'beta1', field: 'beta1', default: 0.9 },
      { key: 'beta2', field: 'beta2', default: 0.999 },
      { key: 'epsilon', field: 'epsilon', default: 1e-8 },
    ],
  },
};

export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];

/** The optimizer an experiment names: `optimizer`, its `name`, or sgd when there is none. */
export function optimizerNameOf(e: Pick<Experiment, 'optimizer'>): OptimizerName {
  const o = e.optimizer;
  return o === undefined ? 'sgd' : typeof o === 'string' ? o : o.name;
}

type AnyLayer = HiddenLayer | ConvLayer | PoolLayer;

/** Whether a `layers` item is a convolution or pooling layer (else a dense one). */
export function isFeatureLayer(l: AnyLayer): l is ConvLayer | PoolLayer {
  return 'conv' in l || 'pool' in l;
}

function batchNormOf(b: HiddenLayer['batch_norm']): { epsilon: number } | null {
  return b === true ? { epsilon: BATCH_NORM_EPSILON } : typeof b === 'object' ? { epsilon: b.epsilon ?? BATCH_NORM_EPSILON } : null;
}

/** The hidden dense layers an experiment declares: those of `layers`, or the one layer of the units + activation shorthand. */
export function hiddenLayersOf(e: Experiment): HiddenLayerSpec[] {
  if (e.layers !== undefined) {
    return e.layers.filter((l): l is HiddenLayer => !isFeatureLayer(l)).map((l) => ({
      units: l.units,
      activation: l.activation ?? 'sigmoid',
      batchNorm: batchNormOf(l.batch_norm),
      dropout: l.dropout ?? 0,
    }));
  }
  if (e.units === undefined) throw new Error('the experiment declares neither units nor layers (it was not validated)');
  return [{ units: e.units, activation: e.activation, batchNorm: null, dropout: 0 }];
}

/** The optimizer with every hyper-parameter filled in (the course's defaults). */
export function optimizerOf(e: Experiment): OptimizerSpec {
  const name = optimizerNameOf(e);
  const given = (typeof e.optimizer === 'object' ? e.optimizer : {}) as Record<string, unknown>;
  const { learningRate: defaultRate, hyper } = OPTIMIZERS[name];
  const spec: Record<string, unknown> = { name };
  if (defaultRate !== null) {
    const rate = e.learning_rate ?? (defaultRate === 'required' ? undefined : defaultRate);
    if (rate === undefined) throw new Error(`learning_rate is required with ${name} (the experiment was not validated)`);
    spec.learningRate = rate;
  }
  for (const h of hyper) spec[h.field] = typeof given[h.key] === 'number' ? given[h.key] : h.default;
  return spec as unknown as OptimizerSpec;
}

/**
 * The convolution and pooling layers an experiment declares, with their defaults filled in
 * (stride 1, padding 0 for conv; stride = size for pool), in order: `layers` puts them
 * before the dense layers (rules.ts checks it).
 */
export function featureLayersOf(e: Pick<Experiment, 'layers'>): FeatureLayerSpec[] {
  const features: FeatureLayerSpec[] = [];
  for (const l of e.layers ?? []) {
    if ('conv' in l) {
      const { filters, size, stride = 1, padding = 0 } = l.conv;
      features.push({ kind: 'conv', filters, size, stride, padding, activation: l.activation ?? 'sigmoid', batchNorm: batchNormOf(l.batch_norm) });
    } else if ('pool' in l) {
      features.push({ kind: 'pool', size: l.pool.size, stride: l.pool.stride ?? l.pool.size });
    }
  }
  return features;
}

/**
 * The network an experiment declares over images of `image`'s shape (a dense network uses
 * only its size; a number is a flat input of that many values, for dense networks).
 */
export function networkOf(e: Experiment, image: ImageShape | number, classes: number): NetworkSpec {
  const inputs = typeof image === 'number' ? image : image.channels * image.height * image.width;
  const features = featureLayersOf(e);
  if (features.length === 0) return { inputs, classes, hidden: hiddenLayersOf(e) };
  if (typeof image === 'number') throw new RangeError('convolution and pooling layers need the images\' shape, not only their size');
  return { inputs, classes, hidden: hiddenLayersOf(e), image, features };
}

/** The optimizer's name for listings, and its settings in one line, e.g. "adam (lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8)". */
export function describeOptimizer(o: OptimizerSpec): string {
  const fields = o as unknown as Record<string, number>;
  const settings = [
    ...('learningRate' in o ? [`lr ${formatNumber(o.learningRate)}`] : []),
    ...OPTIMIZERS[o.name].hyper.map((h) => `${h.key} ${formatNumber(fields[h.field]!)}`),
  ];
  return `${o.name} (${settings.join(', ')})`;
}

/** 0.001 as `0.001`, and smaller ones as `1e-6` (where String gives `0.000001`). */
function formatNumber(x: number): string {
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential() : String(x);
}
