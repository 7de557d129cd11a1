/**
 * The output layer and the loss together, as the report divides by B once, here:
 *   y2 = softmax(a) per sample,  E = −(1/B) Σ_s log y2[s][label_s],  dA = (y2 − onehot) / B
 *
 * log y2 is taken as (a − max a) − log Σ exp(a − max a), which is finite for any finite
 * logits: no exp overflows and no log of 0 gives −∞.
 */
export class SoftmaxCrossEntropy {
  /** y2: B × classes. */
  readonly probabilities: Float64Array;
  private readonly dA: Float64Array;
  private labels: ArrayLike<number> = [];

  constructor(readonly classes: number, maxBatch: number) {
    this.probabilities = new Float64Array(maxBatch * classes);
    this.dA = new Float64Array(maxBatch * classes);
  }

  /** Mean cross-entropy of the batch. `logits` a: B × classes; labels: B class indices. */
  forward(logits: Float64Array, labels: ArrayLike<number>, batch: number): number {
    const { classes, probabilities } = this;
    this.labels = labels;
    let total = 0;
    for (let s = 0; s < batch; s++) {
      const o = s * classes;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) if (logits[o + c]! > max) max = logits[o + c]!;
      let sum = 0;
      for (let c = 0; c < classes; c++) {
        const e = Math.exp(logits[o + c]! - max);
        probabilities[o + c] = e;
        sum += e;
      }
      for (let c = 0; c < classes; c++) probabilities[o + c]! /= sum;
      total -= logits[o + labels[s]!]! - max - Math.log(sum);
    }
    return total / batch;
  }

  // dA = (y2 − onehot) / B    B × classes
  backward(batch: number): Float64Array {
    const { classes, probabilities, dA, labels } = this;
    for (let s = 0; s < batch; s++) {
      const o = s * classes;
      const label = labels[s]!;
      for (let c = 0; c < classes; c++) dA[o + c] = (probabilities[o + c]! - (c === label ? 1 : 0)) / batch;
    }
    return dA;
  }
}
