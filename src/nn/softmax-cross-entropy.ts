import { vectors, type Kernels } from './kernels.js';
import type { Activations } from './layer.js';

/**
 * The output layer and the loss together, as the report divides by B once, here:
 *   y2 = softmax(a) per sample,  E = −(1/B) Σ_s log y2[s][label_s],  dA = (y2 − onehot) / B
 *
 * log y2 is taken as (a − max a) − log Σ exp(a − max a), which is finite for any finite
 * logits: no exp overflows and no log of 0 gives −∞. Computed in float64 (10 classes per
 * sample: cheap), from the float32 logits the kernels leave.
 */
export class SoftmaxCrossEntropy {
  /** y2: B × classes. */
  readonly probabilities: Float64Array;
  private readonly dA: Activations;
  private labels: ArrayLike<number> = [];

  constructor(
    kernels: Kernels,
    readonly classes: number,
    maxBatch: number,
  ) {
    this.probabilities = new Float64Array(maxBatch * classes);
    const nv = vectors(classes);
    this.dA = { data: kernels.f32(maxBatch * nv * 4), width: classes, nv };
  }

  /** Mean cross-entropy of the batch. `logits` a: B × classes; labels: B class indices. */
  forward(logits: Activations, labels: ArrayLike<number>, batch: number): number {
    const { classes, probabilities } = this;
    const a = logits.data.view;
    const stride = logits.nv * 4;
    this.labels = labels;
    let total = 0;
    for (let s = 0; s < batch; s++) {
      const o = s * stride;
      const p = s * classes;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) if (a[o + c]! > max) max = a[o + c]!;
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const e = Math.exp(a[o + c]! - max);
        probabilities[p + c] = e;
        sum += e;
      }
      for (let c = 0; c < classes; c++) probabilities[p + c]! /= sum;
      total -= a[o + labels[s]!]! - max - Math.log(sum);
    }
    return total / batch;
  }

  // dA = (y2 − onehot) / B    B × classes
  backward(batch: number): Activations {
    const { classes, probabilities, labels } = this;
    const dA = this.dA.data.view;
    const stride = this.dA.nv * 4;
    for (let s = 0; s < batch; s++) {
      const label = labels[s]!;
      for (let c = 0; c < classes; c++) dA[s * stride + c] = (probabilities[s * classes + c]! - (c === label ? 1 : 0)) / batch;
    }
    return this.dA;
  }
}
