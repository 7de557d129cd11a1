import { ActivationLayer, type Activations } from './layer.js';

/**
 * y = 1 / (1 + exp(-t)), written so exp never overflows: on raw 0..255 pixels t reaches
 * the thousands, where the report's NumPy exp(-t) overflowed. The kernel takes exp only
 * of −|t| and returns e^t / (1 + e^t) for negative t.
 */
export class Sigmoid extends ActivationLayer {
  // y = σ(t)    t, y: B × units
  forward(t: Activations, batch: number): Activations {
    const { nv } = this.y;
    this.kernels.fn.sigmoid_forward(t.data.ptr, this.y.data.ptr, batch * nv * 4);
    // σ(0) = 0.5 in the pad lanes: put them back to 0, as every buffer keeps them.
    if (this.units % 4 !== 0) {
      const y = this.y.data.view;
      for (let s = 0; s < batch; s++) y.fill(0, s * nv * 4 + this.units, (s + 1) * nv * 4);
    }
    return this.y;
  }

  // dT = dY ⊙ (1 − y) ⊙ y
  backward(dY: Activations, batch: number): Activations {
    this.kernels.fn.sigmoid_backward(dY.data.ptr, this.y.data.ptr, this.dT.data.ptr, batch * this.y.nv * 4);
    return this.dT;
  }
}
