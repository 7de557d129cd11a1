import { vectors, type Kernels } from './kernels.js';
import type { Activations, Layer } from './layer.js';

/** y = max(0, t). */
export class Relu implements Layer {
  readonly params = [];
  private readonly y: Activations;
  private readonly dT: Activations;

  constructor(
    private readonly kernels: Kernels,
    readonly units: number,
    maxBatch: number,
  ) {
    const nv = vectors(units);
    this.y = { data: kernels.f32(maxBatch * nv * 4), width: units, nv };
    this.dT = { data: kernels.f32(maxBatch * nv * 4), width: units, nv };
  }

  // y = max(0, t)    t, y: B × units
  forward(t: Activations, batch: number): Activations {
    this.kernels.fn.relu_forward(t.data.ptr, this.y.data.ptr, batch * this.y.nv * 4);
    return this.y;
  }

  // dT = dY where t > 0, else 0 (y > 0 exactly when t > 0)
  backward(dY: Activations, batch: number): Activations {
    this.kernels.fn.relu_backward(dY.data.ptr, this.y.data.ptr, this.dT.data.ptr, batch * this.y.nv * 4);
    return this.dT;
  }
}
