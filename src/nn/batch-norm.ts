import { vectors, type F32, type Kernels } from './kernels.js';
import type { Activations, Layer, Param } from './layer.js';

/**
 * Batch normalization of a layer's pre-activation t (Ioffe & Szegedy 2015), per unit:
 *   training:   μ_B = mean of t over the batch, σ²_B = its variance (divided by B),
 *               x̂ = (t − μ_B) / √(σ²_B + ε),  y = γ x̂ + β    (γ = 1, β = 0 initially)
 *   evaluation: the same with E[t] and Var[t] for μ_B and σ²_B: the mean of the epoch's
 *               μ_B, and B/(B − 1) × the mean of its σ²_B (epochStatistics()).
 * γ and β are parameters (bnK_gamma, bnK_beta) the optimizer updates like any other.
 */
export class BatchNorm implements Layer {
  readonly params: readonly Param[];
  /** Training (batch statistics, accumulated for the epoch) or evaluation (the stored ones). */
  training = true;
  /** E[t] and Var[t] for evaluation, padded: what load() sets. */
  readonly mean: F32;
  readonly variance: F32;
  private readonly nv: number;
  private readonly y: Activations;
  private readonly xhat: F32;
  private readonly inv: F32;
  private readonly dx: Activations;
  /** Float64 totals of the epoch's μ_B (nv·4 doubles), then of its σ²_B. */
  private readonly sumsPtr: number;
  private batches = 0;
  private batchSize = 0;

  /** @param names  the parameters' names: ['bn1_gamma', 'bn1_beta'] */
  constructor(
    private readonly kernels: Kernels,
    readonly units: number,
    maxBatch: number,
    names: readonly [string, string],
    readonly epsilon: number,
  ) {
    const nv = (this.nv = vectors(units));
    const vector = () => kernels.f32(nv * 4);
    this.params = [
      { name: names[0], shape: [units], value: vector(), grad: vector() },
      { name: names[1], shape: [units], value: vector(), grad: vector() },
    ];
    this.mean = vector();
    this.variance = vector();
    this.inv = vector();
    this.y = { data: kernels.f32(maxBatch * nv * 4), width: units, nv };
    this.dx = { data: kernels.f32(maxBatch * nv * 4), width: units, nv };
    this.xhat = kernels.f32(maxBatch * nv * 4);
    this.sumsPtr = kernels.alloc(nv * 4 * 2 * 8);
  }

  // y = γ (t − μ) / √(σ² + ε) + β    t, y: B × units
  forward(t: Activations, batch: number): Activations {
    const [gamma, beta] = this.params as [Param, Param];
    if (this.training) {
      this.kernels.fn.bn_forward_train(t.data.ptr, batch, this.nv, gamma.value.ptr, beta.value.ptr, this.epsilon,
        this.y.data.ptr, this.xhat.ptr, this.inv.ptr, this.sumsPtr);
      this.batches++;
      this.batchSize = batch;
    } else {
      this.kernels.fn.bn_forward_eval(t.data.ptr, batch, this.nv, gamma.value.ptr, beta.value.ptr, this.mean.ptr, this.variance.ptr,
        this.epsilon, this.y.data.ptr);
    }
    return this.y;
  }

  // ∂γ = Σ_s dy ⊙ x̂,  ∂β = Σ_s dy,  dt = (γ / (B √(σ² + ε))) (B dy − ∂β − x̂ ⊙ ∂γ)
  backward(dY: Activations, batch: number): Activations {
    const [gamma, beta] = this.params as [Param, Param];
    this.kernels.fn.bn_backward(dY.data.ptr, batch, this.nv, gamma.value.ptr, this.xhat.ptr, this.inv.ptr, this.dx.data.ptr,
      gamma.grad.ptr, beta.grad.ptr);
    return this.dx;
  }

  /** Starts a new epoch's statistics. */
  resetStatistics(): void {
    new Uint8Array(this.kernels.buffer, this.sumsPtr, this.nv * 4 * 2 * 8).fill(0);
    this.batches = 0;
  }

  /**
   * E[t] = mean of the epoch's μ_B and Var[t] = B/(B − 1) × mean of its σ²_B, one value per
   * unit, rounded to float32. Before any batch: 0 and 1 (x̂ = t).
   */
  epochStatistics(mean: Float32Array, variance: Float32Array): void {
    const lanes = this.nv * 4;
    const sums = new Float64Array(this.kernels.buffer, this.sumsPtr, lanes * 2);
    const b = this.batchSize;
    for (let j = 0; j < this.units; j++) {
      mean[j] = this.batches === 0 ? 0 : sums[j]! / this.batches;
      variance[j] = this.batches === 0 ? 1 : b > 1 ? ((b / (b - 1)) * sums[lanes + j]!) / this.batches : sums[lanes + j]! / this.batches;
    }
  }
}
