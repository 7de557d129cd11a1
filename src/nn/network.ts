import { BatchNorm } from './batch-norm.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import type { Kernels } from './kernels.js';
import { fromKernelLayout, toKernelLayout, type Activations, type Layer, type Param } from './layer.js';
import type { Parameters } from './parameters.js';
import type { Rng } from './prng.js';
import { Relu } from './relu.js';
import { Sigmoid } from './sigmoid.js';
import type { Activation, NetworkSpec } from './spec.js';
import { SparseDense } from './sparse-dense.js';
import type { ImageBatch } from './sparse-images.js';

/**
 * The network that computes: its layers in the WebAssembly kernels' memory, with buffers
 * for batches of up to maxBatch. Input → for each hidden layer K: dense (the first over
 * the images' nonzero pixels), [batch norm], activation, [dropout] → the output dense
 * layer (logits; the softmax is in the loss).
 *
 * Its weights are a working copy in the kernels' layout; load() and save() move them from
 * and to a Parameters (the report's layout), which checkpoints, exports and the
 * initialisation use.
 */
export class Network {
  readonly input: SparseDense;
  /** After the input layer, in order, up to the output layer. */
  readonly layers: readonly Layer[];
  /** Every trained parameter (W, b, γ, β), named as in Parameters. */
  readonly params: readonly Param[];
  private readonly batchNorms: { name: number; layer: BatchNorm }[] = [];
  private readonly dropouts: Dropout[] = [];

  constructor(
    readonly kernels: Kernels,
    readonly spec: NetworkSpec,
    maxBatch: number,
  ) {
    const { inputs, classes, hidden } = spec;
    if (hidden.length === 0) throw new RangeError('a network needs at least one hidden layer');
    this.input = new SparseDense(kernels, inputs, hidden[0]!.units, ['w1', 'b1'], maxBatch);
    const layers: Layer[] = [];
    hidden.forEach((h, k) => {
      const K = k + 1;
      if (h.batchNorm) {
        const bn = new BatchNorm(kernels, h.units, maxBatch, [`bn${K}_gamma`, `bn${K}_beta`], h.batchNorm.epsilon);
        this.batchNorms.push({ name: K, layer: bn });
        layers.push(bn);
      }
      layers.push(activationLayer(kernels, h.activation, h.units, maxBatch));
      if (h.dropout > 0) {
        const dropout = new Dropout(kernels, h.units, maxBatch, h.dropout);
        this.dropouts.push(dropout);
        layers.push(dropout);
      }
      const outputs = hidden[k + 1]?.units ?? classes;
      layers.push(new Dense(kernels, h.units, outputs, [`w${K + 1}`, `b${K + 1}`], maxBatch, true));
    });
    this.layers = layers;
    this.params = [...this.input.params, ...layers.flatMap((layer) => layer.params)];
  }

  /** Training mode: batch statistics (accumulated for the epoch) and dropout masks drawn from `rng`. */
  train(rng: Rng): void {
    for (const { layer } of this.batchNorms) layer.training = true;
    for (const d of this.dropouts) {
      d.training = true;
      d.rng = rng;
    }
  }

  /** Evaluation mode: the stored batch-norm statistics, dropout as × (1 − ρ). */
  eval(): void {
    for (const { layer } of this.batchNorms) layer.training = false;
    for (const d of this.dropouts) {
      d.training = false;
      d.rng = null;
    }
  }

  /** Starts an epoch: the batch-norm statistics that save() stores are this epoch's. */
  beginEpoch(): void {
    for (const { layer } of this.batchNorms) layer.resetStatistics();
  }

  /** Takes the weights and batch-norm statistics of `params` (which must have this network's spec). */
  load(params: Parameters): void {
    for (const p of this.params) toKernelLayout(p, params.views[p.name]!);
    for (const { name, layer } of this.batchNorms) {
      layer.mean.view.set(params.views[`bn${name}_mean`]!);
      layer.variance.view.set(params.views[`bn${name}_var`]!);
    }
  }

  /** Writes the working weights into `params`, and the batch-norm statistics of the epoch so far. */
  save(params: Parameters): void {
    for (const p of this.params) fromKernelLayout(p, params.views[p.name]!);
    for (const { name, layer } of this.batchNorms) layer.epochStatistics(params.views[`bn${name}_mean`]!, params.views[`bn${name}_var`]!);
  }

  /** The gradient the last backward left for a parameter, in the report's layout. */
  gradient(name: string): Float32Array {
    const p = this.params.find((q) => q.name === name);
    if (!p) throw new RangeError(`no parameter ${name}`);
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

function activationLayer(kernels: Kernels, activation: Activation, units: number, maxBatch: number): Layer {
  switch (activation) {
    case 'sigmoid':
      return new Sigmoid(kernels, units, maxBatch);
    case 'relu':
      return new Relu(kernels, units, maxBatch);
    default:
      throw new Error(`no layer for activation ${String(activation satisfies never)}`);
  }
}
