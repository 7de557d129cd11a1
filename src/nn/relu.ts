import { ActivationLayer, type Activations } from './layer.js';

/** y = max(0, t). */
export class Relu extends ActivationLayer {
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
