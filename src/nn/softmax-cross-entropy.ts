import { vectors, type F32, type Kernels } from './kernels.js';
import type { Activations } from './layer.js';

/**
 * The output layer and the loss together, as the report divides by B once, here:
 *   y2 = softmax(a) per sample,  E = −(1/B) Σ_s log y2[s][label_s],  dA = (y2 − onehot) / B
 *
 * The kernel takes exp only of a − max a ≤ 0, and log y2[label] is taken as
 * (a − max a) − log Σ exp(a − max a), which is finite for any finite logits: no exp
 * overflows and no log of 0 gives −∞.
 */
export class SoftmaxCrossEntropy {
  /** y2: B × classes (rows padded). */
  readonly probabilities: Activations;
  private readonly dA: Activations;
  /** Per sample: max a, and Σ exp(a − max a). */
  private readonly stats: F32;
  private readonly labelsPtr: number;
  private labelBytes: Uint8Array;

  constructor(
    private readonly kernels: Kernels,
    readonly classes: number,
    readonly maxBatch: number,
  ) {
    const nv = vectors(classes);
    this.probabilities = { data: kernels.f32(maxBatch * nv * 4), width: classes, nv };
    this.dA = { data: kernels.f32(maxBatch * nv * 4), width: classes, nv };
    this.stats = kernels.f32(maxBatch * 2);
    this.labelsPtr = kernels.alloc(maxBatch);
    this.labelBytes = new Uint8Array(kernels.buffer, this.labelsPtr, maxBatch);
  }

  /** Mean cross-entropy of the batch. `logits` a: B × classes; labels: B class indices. */
  forward(logits: Activations, labels: ArrayLike<number>, batch: number): number {
    if (this.labelBytes.buffer !== this.kernels.buffer) this.labelBytes = new Uint8Array(this.kernels.buffer, this.labelsPtr, this.maxBatch);
    const labelBytes = this.labelBytes;
    for (let s = 0; s < batch; s++) labelBytes[s] = labels[s]!;
    const { nv } = logits;
    this.kernels.fn.softmax_forward(logits.data.ptr, batch, nv, this.classes, this.probabilities.data.ptr, this.stats.ptr);
    const a = logits.data.view;
    const stats = this.stats.view;
    let total = 0;
    for (let s = 0; s < batch; s++) total -= a[s * nv * 4 + labelBytes[s]!]! - stats[2 * s]! - Math.log(stats[2 * s + 1]!);
    return total / batch;
  }

  // dA = (y2 − onehot) / B    B × classes
  backward(batch: number): Activations {
    this.kernels.fn.softmax_backward(this.probabilities.data.ptr, this.labelsPtr, batch, this.dA.nv, this.dA.data.ptr);
    return this.dA;
  }
}
