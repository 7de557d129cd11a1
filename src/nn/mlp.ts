import { Dense } from './dense.js';
import type { Layer, Vec } from './layer.js';
import type { Rng } from './prng.js';
import { Relu } from './relu.js';
import { Sequential } from './sequential.js';
import { Sigmoid } from './sigmoid.js';

/**
 * The report's network: inputs → units (sigmoid or relu) → classes (softmax, in the loss).
 * Its parameters live in one Float32Array with named views, so a checkpoint is one buffer.
 */
export interface MlpSpec {
  inputs: number;
  units: number;
  classes: number;
  activation: 'sigmoid' | 'relu';
}

export interface TensorLayout {
  /** The report's name. */
  name: 'w1' | 'b1' | 'w2' | 'b2';
  /** Row-major: [rows, cols] for a matrix, [n] for a vector. */
  shape: readonly number[];
  /** Inputs of the layer it belongs to: the report initialises W and b with std sqrt(1/fan_in). */
  fanIn: number;
  offset: number;
  length: number;
}

/** w1 (units × inputs), b1 (units), w2 (classes × units), b2 (classes), in that order. */
export function parameterLayout(spec: MlpSpec): TensorLayout[] {
  const { inputs, units, classes } = spec;
  const tensors: Omit<TensorLayout, 'offset' | 'length'>[] = [
    { name: 'w1', shape: [units, inputs], fanIn: inputs },
    { name: 'b1', shape: [units], fanIn: inputs },
    { name: 'w2', shape: [classes, units], fanIn: units },
    { name: 'b2', shape: [classes], fanIn: units },
  ];
  let offset = 0;
  return tensors.map((t) => {
    const length = t.shape.reduce((a, b) => a * b, 1);
    const laid = { ...t, offset, length };
    offset += length;
    return laid;
  });
}

/** All parameters in one buffer, with a view per tensor. */
export class Parameters<V extends Vec = Float32Array> {
  readonly layout: readonly TensorLayout[];
  readonly views: Readonly<Record<TensorLayout['name'], V>>;

  constructor(
    readonly spec: MlpSpec,
    readonly buffer: V,
  ) {
    this.layout = parameterLayout(spec);
    const total = this.layout.reduce((n, t) => n + t.length, 0);
    if (buffer.length !== total) throw new RangeError(`expected ${total} parameters, got ${buffer.length}`);
    this.views = Object.fromEntries(
      this.layout.map((t) => [t.name, buffer.subarray(t.offset, t.offset + t.length)]),
    ) as Record<TensorLayout['name'], V>;
  }

  static allocate(spec: MlpSpec): Parameters<Float32Array> {
    const total = parameterLayout(spec).reduce((n, t) => n + t.length, 0);
    return new Parameters(spec, new Float32Array(total));
  }

  /** The tensors as named, shaped views (no copy): what a checkpoint stores. */
  tensors(): { name: TensorLayout['name']; shape: readonly number[]; data: V }[] {
    return this.layout.map((t) => ({ name: t.name, shape: t.shape, data: this.views[t.name] }));
  }

  /**
   * Every entry ~ Normal(0, std), drawn in layout order, row-major. std is sqrt(1/fan_in)
   * for 'fan_in' (the report), else the given number.
   */
  initialise(initScale: 'fan_in' | number, rng: Rng): void {
    for (const t of this.layout) {
      const std = initScale === 'fan_in' ? Math.sqrt(1 / t.fanIn) : initScale;
      const view = this.views[t.name];
      for (let k = 0; k < view.length; k++) view[k] = rng.normal(0, std);
    }
  }
}

/** The layers over `params`' views, with buffers for batches of up to maxBatch. */
export function buildMlp<V extends Vec>(params: Parameters<V>, maxBatch: number): Sequential {
  const { inputs, units, classes, activation } = params.spec;
  const { w1, b1, w2, b2 } = params.views;
  return new Sequential([
    new Dense(inputs, units, w1, b1, ['w1', 'b1'], maxBatch, false),
    activationLayer(activation, units, maxBatch),
    new Dense(units, classes, w2, b2, ['w2', 'b2'], maxBatch, true),
  ]);
}

function activationLayer(activation: MlpSpec['activation'], units: number, maxBatch: number): Layer {
  switch (activation) {
    case 'sigmoid':
      return new Sigmoid(units, maxBatch);
    case 'relu':
      return new Relu(units, maxBatch);
    default:
      throw new Error(`no layer for activation ${String(activation satisfies never)}`);
  }
}
