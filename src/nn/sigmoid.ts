import type { Layer } from './layer.js';

/**
 * y = 1 / (1 + exp(-t)), written so exp never overflows: on raw 0..255 pixels t reaches
 * the thousands, where the report's NumPy exp(-t) overflowed.
 */
export class Sigmoid implements Layer {
  readonly params = [];
  private readonly y: Float64Array;
  private readonly dT: Float64Array;

  constructor(readonly units: number, maxBatch: number) {
    this.y = new Float64Array(maxBatch * units);
    this.dT = new Float64Array(maxBatch * units);
  }

  // y = σ(t)    t, y: B × units
  forward(t: Float64Array, batch: number): Float64Array {
    const y = this.y;
    for (let k = 0, n = batch * this.units; k < n; k++) y[k] = sigmoid(t[k]!);
    return y;
  }

  // dT = dY ⊙ (1 − y) ⊙ y
  backward(dY: Float64Array, batch: number): Float64Array {
    const { y, dT } = this;
    for (let k = 0, n = batch * this.units; k < n; k++) {
      const yk = y[k]!;
      dT[k] = dY[k]! * (1 - yk) * yk;
    }
    return dT;
  }
}

/** σ(t) for any finite or infinite t, with exp only ever of a non-positive number. */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}
