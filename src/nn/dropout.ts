import { vectors, type F32, type Kernels } from './kernels.js';
import type { Activations, Layer } from './layer.js';
import type { Rng } from './prng.js';

/**
 * Dropout on a layer's output, the course's convention: in training each node is zeroed
 * with probability ρ (y = x ⊙ mask, no rescaling) and backward passes the gradient
 * through the same mask; in evaluation y = (1 − ρ) x. The mask is drawn from the run's
 * PRNG (dropout_mask, the same xoshiro128** stream as Rng) when forward runs: after the
 * batch's indices, layer by layer, sample by sample, unit by unit.
 */
export class Dropout implements Layer {
  readonly params = [];
  training = true;
  /** Where training draws its masks from; set by Network.train(). */
  rng: Rng | null = null;
  private readonly y: Activations;
  private readonly dx: Activations;
  private readonly mask: F32;
  private readonly statePtr: number;
  /** A node drops when the PRNG's next u32 is below this: floor(ρ · 2³²). */
  private readonly threshold: number;

  constructor(
    private readonly kernels: Kernels,
    readonly units: number,
    maxBatch: number,
    readonly rate: number,
  ) {
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate ${rate}: must be in [0, 1)`);
    const nv = vectors(units);
    this.y = { data: kernels.f32(maxBatch * nv * 4), width: units, nv };
    this.dx = { data: kernels.f32(maxBatch * nv * 4), width: units, nv };
    this.mask = kernels.f32(maxBatch * nv * 4);
    this.statePtr = kernels.alloc(16);
    this.threshold = Math.floor(rate * 2 ** 32);
  }

  // training: y = x ⊙ mask, mask ~ Bernoulli(1 − ρ) per node; evaluation: y = (1 − ρ) x
  forward(x: Activations, batch: number): Activations {
    const n = batch * this.y.nv * 4;
    if (!this.training) {
      this.kernels.fn.scale(x.data.ptr, Math.fround(1 - this.rate), this.y.data.ptr, n);
      return this.y;
    }
    const rng = this.rng;
    if (rng === null) throw new Error('dropout in training needs the run\'s PRNG (Network.train)');
    const state = new Uint32Array(this.kernels.buffer, this.statePtr, 4);
    rng.writeTo(state);
    this.kernels.fn.dropout_mask(this.statePtr, this.mask.ptr, batch, this.y.nv, this.units, this.threshold);
    rng.readFrom(state);
    this.kernels.fn.mul(x.data.ptr, this.mask.ptr, this.y.data.ptr, n);
    return this.y;
  }

  // dx = dy ⊙ mask
  backward(dY: Activations, batch: number): Activations {
    this.kernels.fn.mul(dY.data.ptr, this.mask.ptr, this.dx.data.ptr, batch * this.y.nv * 4);
    return this.dx;
  }
}
