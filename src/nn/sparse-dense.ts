import { vectors, type F32, type Kernels } from './kernels.js';
import { denseParams } from './dense.js';
import type { Activations, Param } from './layer.js';
import { middleOf, type ImageBatch } from './sparse-images.js';

/**
 * The first layer, t = W x + b, over images kept as their nonzero pixels (SparseImages):
 * W·x and dW = dT·xᵀ visit only the nonzero pixels, each adding x times one contiguous
 * row of Wᵀ. Nothing uses ∂E/∂x, so backward returns null.
 *
 * The rows of Wᵀ (one per pixel) are in two halves, below and above the middle pixel, and
 * every step works on each half separately: t = (b + W_lo·x_lo) + W_hi·x_hi, each half of
 * dW and of the update on its own. With a helper thread (Kernels.split) each thread owns
 * one half, so the weights stay in its core's cache; without one the same sums are made
 * one after the other, so the result is the same bits either way.
 */
/** Output vectors up to which backward adds each sample into dWᵀ's rows directly (no inversion of the batch). */
const SCATTER_VECTORS = 8;

export class SparseDense {
  readonly params: readonly Param[];
  private readonly nv: number;
  private readonly output: Activations;
  /** The upper half's share of t, and a zero bias for it. */
  private readonly upper: Activations;
  private readonly zeros: F32;
  private readonly middle: number;
  /** The batch inverted for backward (sparse_transpose): per pixel, its samples and values. */
  private readonly poff: number;
  private readonly psample: number;
  private readonly pval: number;
  private input: ImageBatch | null = null;

  /**
   * @param names  the report's names for W and b: ['w1', 'b1']
   */
  constructor(
    private readonly kernels: Kernels,
    readonly inputs: number,
    readonly outputs: number,
    names: readonly [string, string],
    maxBatch: number,
  ) {
    this.nv = vectors(outputs);
    this.middle = middleOf(inputs);
    const [w, b] = denseParams(kernels, inputs, outputs, names);
    // SGD updates Wᵀ's rows in the same two halves (see sgdStep).
    this.params = [{ ...w!, splitAt: this.middle * this.nv * 4 }, b!];
    this.output = { data: kernels.f32(maxBatch * this.nv * 4), width: outputs, nv: this.nv };
    this.upper = { data: kernels.f32(maxBatch * this.nv * 4), width: outputs, nv: this.nv };
    this.zeros = kernels.f32(this.nv * 4);
    this.poff = kernels.alloc((inputs + 1) * 4);
    this.psample = kernels.alloc(maxBatch * inputs * 4);
    this.pval = kernels.alloc(maxBatch * inputs);
  }

  // t[s] = W · x[s] + b        t: B × outputs
  forward(input: ImageBatch, batch: number): Activations {
    const { images } = input;
    if (images.pixels !== this.inputs) throw new RangeError(`images of ${images.pixels} pixels into a layer of ${this.inputs} inputs`);
    this.input = input;
    const [w, b] = this.params as [Param, Param];
    const { nv, output, upper } = this;
    const from = [input.ptr, batch] as const;
    const data = [images.idx, images.val, images.xs, w.value.ptr] as const;
    this.kernels.split(
      'sparse_forward',
      [...from, images.offsets, images.middles, ...data, b.value.ptr, output.data.ptr, nv],
      [...from, images.middles, images.offsets + 4, ...data, this.zeros.ptr, upper.data.ptr, nv],
    );
    this.kernels.fn.add(output.data.ptr, upper.data.ptr, output.data.ptr, batch * nv * 4);
    return output;
  }

  // dW = dTᵀ · x  (outputs × inputs, kept as its transpose)    db = Σ_s dT[s]
  // Row p of dWᵀ is Σ_s x_s[p] dT[s], summed over the samples in order from 0. Up to 8
  // vectors of outputs (32 units), each sample's dT stays in registers while it is added
  // into the rows of its pixels (sparse_backward_scatter). Wider layers invert the batch
  // into per-pixel lists first, so each row is summed in registers and stored once
  // (sparse_backward_pixels). Both give the same bits.
  backward(dOutput: Activations, batch: number): null {
    const input = this.input!;
    const { images } = input;
    const [w, b] = this.params as [Param, Param];
    const { kernels, poff, psample, pval, nv, middle, inputs } = this;
    kernels.fn.column_sums(dOutput.data.ptr, batch, nv, b.grad.ptr);
    if (nv <= SCATTER_VECTORS) {
      const from = [input.ptr, batch] as const;
      const rest = [images.idx, images.val, images.xs, dOutput.data.ptr, nv, w.grad.ptr] as const;
      kernels.split(
        'sparse_backward_scatter',
        [...from, images.offsets, images.middles, ...rest, 0, middle],
        [...from, images.middles, images.offsets + 4, ...rest, middle, inputs],
      );
      return null;
    }
    kernels.fn.sparse_transpose(input.ptr, batch, images.offsets, images.idx, images.val, inputs, poff, psample, pval);
    const rest = [poff, psample, pval, images.xs, w.grad.ptr, dOutput.data.ptr, nv] as const;
    kernels.split('sparse_backward_pixels', [...rest, 0, middle], [...rest, middle, inputs]);
    return null;
  }
}

