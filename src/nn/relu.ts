import type { Layer } from './layer.js';

/** y = max(0, t). */
export class Relu implements Layer {
  readonly params = [];
  private readonly y: Float64Array;
  private readonly dT: Float64Array;

  constructor(readonly units: number, maxBatch: number) {
    this.y = new Float64Array(maxBatch * units);
    this.dT = new Float64Array(maxBatch * units);
  }

  // y = max(0, t)    t, y: B × units
  forward(t: Float64Array, batch: number): Float64Array {
    const y = this.y;
    for (let k = 0, n = batch * this.units; k < n; k++) {
      const tk = t[k]!;
      y[k] = tk > 0 ? tk : 0;
    }
    return y;
  }

  // dT = dY where t > 0, else 0 (y > 0 exactly when t > 0)
  backward(dY: Float64Array, batch: number): Float64Array {
    const { y, dT } = this;
    for (let k = 0, n = batch * this.units; k < n; k++) dT[k] = y[k]! > 0 ? dY[k]! : 0;
    return dT;
  }
}
