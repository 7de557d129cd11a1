import { BatchNorm } from './batch-norm.js';
import { CHUNK_BYTES, Conv2D } from './conv.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { DenseImages, ImageInput } from './image-input.js';
import { KernelMemoryError, Kernels, vectors } from './kernels.js';
import { fromKernelLayout, toKernelLayout, type Activations, type Layer, type Param } from './layer.js';
import { Optimizer } from './optimizers.js';
import type { Parameters } from './parameters.js';
import { MaxPool } from './pool.js';
import { Positions } from './positions.js';
import type { Rng } from './prng.js';
import { Relu } from './relu.js';
import { Sigmoid } from './sigmoid.js';
import { SoftmaxCrossEntropy } from './softmax-cross-entropy.js';
import { featuresOf, type Activation, type NetworkSpec, type OptimizerSpec } from './spec.js';
import { SparseDense } from './sparse-dense.js';
import { SparseImages, type ImageBatch } from './sparse-images.js';

/** What turns a batch of image numbers into the first layer's input (and takes its gradient back, if it has weights). */
interface InputLayer {
  readonly params: readonly Param[];
  /** The batch's images are the kind networkImages made for this network. */
  forward(batch: ImageBatch<SparseImages | DenseImages>, n: number): Activations;
  backward(dOutput: Activations, n: number): void;
}

/**
 * The network that computes: its layers in the WebAssembly kernels' memory, with buffers
 * for batches of up to maxBatch. Input → for each hidden layer K: dense (the first over
 * the images' nonzero pixels), [batch norm], activation, [dropout] → the output dense
 * layer (logits; the softmax is in the loss). With feature layers: the images as dense
 * HWC rows (image-input.ts) → each conv ([batch norm], activation over every position)
 * or max pooling → the dense layers as above, the first over the flattened feature maps.
 *
 * Its weights are a working copy in the kernels' layout; load() and save() move them from
 * and to a Parameters (the report's layout), which checkpoints, exports and the
 * initialisation use.
 */
export class Network {
  readonly input: InputLayer;
  /** After the input layer, in order, up to the output layer. */
  readonly layers: readonly Layer[];
  /** Every trained parameter (W, b, γ, β), named as in Parameters. */
  readonly params: readonly Param[];
  /** Each batch norm with its tensors' prefix: bn1 for hidden layer 1, conv1 for conv layer 1. */
  private readonly batchNorms: { name: string; layer: BatchNorm }[] = [];
  private readonly dropouts: Dropout[] = [];

  constructor(
    readonly kernels: Kernels,
    readonly spec: NetworkSpec,
    maxBatch: number,
  ) {
    const { inputs, classes, hidden } = spec;
    const layers: Layer[] = [];
    const features = featuresOf(spec);
    if (features.length > 0) {
      this.input = new ImageInput(kernels, spec.image!, maxBatch);
      const flattens = this.buildFeatures(layers, maxBatch);
      const first = hidden[0]?.units ?? classes;
      layers.push(new Dense(kernels, flattens.positions * flattens.channelStride, first, ['w1', 'b1'], maxBatch, true, flattens));
    } else {
      if (hidden.length === 0) throw new RangeError('a network needs at least one hidden layer');
      this.input = new SparseDense(kernels, inputs, hidden[0]!.units, ['w1', 'b1'], maxBatch);
    }
    hidden.forEach((h, k) => {
      const K = k + 1;
      if (h.batchNorm) {
        const bn = new BatchNorm(kernels, h.units, maxBatch, [`bn${K}_gamma`, `bn${K}_beta`], h.batchNorm.epsilon);
        this.batchNorms.push({ name: `bn${K}`, layer: bn });
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

  /**
   * The conv and pooling layers, pushed onto `layers`; returns the feature maps the first
   * dense layer flattens.
   */
  private buildFeatures(layers: Layer[], maxBatch: number) {
    const { kernels, spec } = this;
    let { channels, height, width } = spec.image!;
    let channelStride = channels;
    let conv = 0;
    for (const f of featuresOf(spec)) {
      if (f.kind === 'pool') {
        const pool = new MaxPool(kernels, { height, width, channels, channelStride, size: f.size, stride: f.stride }, maxBatch);
        layers.push(pool);
        ({ outHeight: height, outWidth: width } = pool);
        continue;
      }
      const K = ++conv;
      // A relu straight after the product (no batch norm between) is fused into the conv's chunks.
      const fused = f.activation === 'relu' && !f.batchNorm;
      const layer = new Conv2D(kernels, { height, width, channels, channelStride, filters: f.filters, size: f.size, stride: f.stride, padding: f.padding },
        [`conv${K}_w`, `conv${K}_b`], maxBatch, K > 1, CHUNK_BYTES, fused);
      layers.push(layer);
      ({ outHeight: height, outWidth: width } = layer);
      channels = f.filters;
      channelStride = vectors(channels) * 4;
      const positions = height * width;
      if (f.batchNorm) {
        const bn = new BatchNorm(kernels, channels, maxBatch * positions, [`conv${K}_gamma`, `conv${K}_beta`], f.batchNorm.epsilon);
        this.batchNorms.push({ name: `conv${K}`, layer: bn });
        layers.push(new Positions(bn, positions, channels, channelStride));
      }
      if (!fused) layers.push(new Positions(activationLayer(kernels, f.activation, channels, maxBatch * positions), positions, channels, channelStride));
    }
    return { shape: { channels, height, width }, channelStride, positions: height * width };
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
      layer.mean.view.set(params.views[`${name}_mean`]!);
      layer.variance.view.set(params.views[`${name}_var`]!);
    }
  }

  /** Writes the working weights into `params`, and the batch-norm statistics of the epoch so far. */
  save(params: Parameters): void {
    for (const p of this.params) fromKernelLayout(p, params.views[p.name]!);
    for (const { name, layer } of this.batchNorms) layer.epochStatistics(params.views[`${name}_mean`]!, params.views[`${name}_var`]!);
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
  forward(batch: ImageBatch<SparseImages | DenseImages>, n: number): Activations {
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

/**
 * A set of uint8 images (count × pixels, channels as planes) in the kernels' memory in the
 * form this network's input reads: their nonzero pixels for a dense first layer
 * (sparse-images.ts), the whole images for feature layers (image-input.ts). `scale` is the
 * input value of one unit of pixel byte.
 */
export function networkImages(kernels: Kernels, spec: NetworkSpec, images: Uint8Array, count: number, scale: number): SparseImages | DenseImages {
  if (featuresOf(spec).length > 0) return DenseImages.fromPixels(kernels, images, count, spec.image!, scale);
  return SparseImages.fromPixels(kernels, images, count, spec.inputs, scale);
}

/**
 * Images per forward pass when scoring: feature layers keep every layer's feature maps for
 * the whole batch (and their gradients), so they score in smaller chunks: at most 100, and
 * at most the run's training batch, which is known to fit in memory.
 */
export function scoringBatch(spec: NetworkSpec, trainingBatch = 100): number {
  return featuresOf(spec).length > 0 ? Math.max(1, Math.min(100, trainingBatch)) : 500;
}

/**
 * Whether a network for batches of up to maxBatch, with `imageBytes` of images beside it
 * (and the optimizer's state, when given), fits in one kernels' memory (1 GiB): built for
 * real in a memory of its own, then dropped. What prepare checks before a run is written.
 */
export function fitsInMemory(spec: NetworkSpec, optimizer: OptimizerSpec | null, maxBatch: number, imageBytes: number): boolean {
  const kernels = new Kernels();
  try {
    kernels.alloc(imageBytes);
    const net = new Network(kernels, spec, maxBatch);
    new SoftmaxCrossEntropy(kernels, spec.classes, maxBatch);
    if (optimizer) new Optimizer(kernels, net.params, optimizer);
    return true;
  } catch (e) {
    if (e instanceof KernelMemoryError) return false;
    throw e;
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
