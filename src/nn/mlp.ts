import { Dense } from './dense.js';
import { SparseDense } from './sparse-dense.js';
import type { Kernels } from './kernels.js';
import { fromKernelLayout, toKernelLayout, type Activations, type Layer, type Param } from './layer.js';
import type { Rng } from './prng.js';
import { Relu } from './relu.js';
import { Sigmoid } from './sigmoid.js';
import type { ImageBatch } from './sparse-images.js';

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
export class Parameters {
  readonly layout: readonly TensorLayout[];
  readonly views: Readonly<Record<TensorLayout['name'], Float32Array>>;

  constructor(
    readonly spec: MlpSpec,
    readonly buffer: Float32Array,
  ) {
    this.layout = parameterLayout(spec);
    const total = this.layout.reduce((n, t) => n + t.length, 0);
    if (buffer.length !== total) throw new RangeError(`expected ${total} parameters, got ${buffer.length}`);
    this.views = Object.fromEntries(
      this.layout.map((t) => [t.name, buffer.subarray(t.offset, t.offset + t.length)]),
    ) as Record<TensorLayout['name'], Float32Array>;
  }

  static allocate(spec: MlpSpec): Parameters {
    const total = parameterLayout(spec).reduce((n, t) => n + t.length, 0);
    return new Parameters(spec, new Float32Array(total));
  }

  /** The tensors as named, shaped views (no copy): what a checkpoint stores. */
  tensors(): { name: TensorLayout['name']; shape: readonly number[]; data: Float32Array }[] {
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

/**
 * The network that computes: the layers in the WebAssembly kernels' memory, with buffers
 * for batches of up to maxBatch. Its weights are a working copy in the kernels' layout;
 * load() and save() move them from and to a Parameters (the report's layout), which is
 * what checkpoints, exports and the initialisation use.
 */
export class Mlp {
  readonly input: SparseDense;
  /** After the input layer: the activation, then the output layer (logits). */
  readonly layers: readonly Layer[];
  readonly params: readonly Param[];

  constructor(
    readonly kernels: Kernels,
    readonly spec: MlpSpec,
    maxBatch: number,
  ) {
    const { inputs, units, classes, activation } = spec;
    this.input = new SparseDense(kernels, inputs, units, ['w1', 'b1'], maxBatch);
    this.layers = [activationLayer(kernels, activation, units, maxBatch), new Dense(kernels, units, classes, ['w2', 'b2'], maxBatch, true)];
    this.params = [...this.input.params, ...this.layers.flatMap((layer) => layer.params)];
  }

  /** Takes the weights of `params` (which must have this network's spec). */
  load(params: Parameters): void {
    for (const p of this.params) toKernelLayout(p, params.views[p.name as TensorLayout['name']]);
  }

  /** Writes the working weights into `params`. */
  save(params: Parameters): void {
    for (const p of this.params) fromKernelLayout(p, params.views[p.name as TensorLayout['name']]);
  }

  /** The gradient the last backward left for a parameter, in the report's layout. */
  gradient(name: TensorLayout['name']): Float32Array {
    const p = this.params.find((q) => q.name === name)!;
    const into = new Float32Array(p.shape.reduce((a, b) => a * b, 1));
    fromKernelLayout(p, into, p.grad.view);
    return into;
  }

  /** The logits a (B × classes) of the batch's images. */
  forward(batch: ImageBatch, n: number): Activations {
    let x = this.input.forward(batch, n);
    for (const layer of this.layers) x = layer.forward(x, n);
    return x;
  }

  /** Given ∂E/∂a, fills every param's grad. */
  backward(dLogits: Activations, n: number): void {
    let d: Activations | null = dLogits;
    for (let l = this.layers.length - 1; l >= 0 && d !== null; l--) d = this.layers[l]!.backward(d, n);
    if (d !== null) this.input.backward(d, n);
  }
}

function activationLayer(kernels: Kernels, activation: MlpSpec['activation'], units: number, maxBatch: number): Layer {
  switch (activation) {
    case 'sigmoid':
      return new Sigmoid(kernels, units, maxBatch);
    case 'relu':
      return new Relu(kernels, units, maxBatch);
    default:
      throw new Error(`no layer for activation ${String(activation satisfies never)}`);
  }
}
