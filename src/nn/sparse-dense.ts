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
  /** The batch inverted for backward (sparse_transpose), for layers wider than SCATTER_VECTORS: per pixel, its samples and values. */
  private readonly poff: number;
  private readonly psample: number;
  private readonly pval: number;
  private input: ImageBatch | null = null;
  /** The two halves' kernel arguments for the current input and batch size (made once, not per batch). */
  private jobs: Jobs | null = null;

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
    const inverted = this.nv > SCATTER_VECTORS;
    this.poff = inverted ? kernels.alloc((inputs + 1) * 4) : 0;
    this.psample = inverted ? kernels.alloc(maxBatch * inputs * 4) : 0;
    this.pval = inverted ? kernels.alloc(maxBatch * inputs) : 0;
  }

  /** The arguments of both halves of forward and backward for this input and batch size. */
  private jobsFor(input: ImageBatch, batch: number, dOutput: number): Jobs {
    const j = this.jobs;
    if (j !== null && j.input === input && j.batch === batch && j.dOutput === dOutput) return j;
    const { images } = input;
    const [w, b] = this.params as [Param, Param];
    const { nv, middle, inputs, poff, psample, pval } = this;
    const from = [input.ptr, batch] as const;
    const data = [images.idx, images.val, images.xs, w.value.ptr] as const;
    const rest = [images.idx, images.val, images.xs, dOutput, nv, w.grad.ptr] as const;
    const pixels = [poff, psample, pval, images.xs, w.grad.ptr, dOutput, nv] as const;
    this.jobs = {
      input,
      batch,
      dOutput,
      forward: [
        [...from, images.offsets, images.middles, ...data, b.value.ptr, this.output.data.ptr, nv],
        [...from, images.middles, images.offsets + 4, ...data, this.zeros.ptr, this.upper.data.ptr, nv],
      ],
      scatter: [
        [...from, images.offsets, images.middles, ...rest, 0, middle],
        [...from, images.middles, images.offsets + 4, ...rest, middle, inputs],
      ],
      pixels: [
        [...pixels, 0, middle],
        [...pixels, middle, inputs],
      ],
    };
    return this.jobs;
  }

  // t[s] = W · x[s] + b        t: B × outputs
  forward(input: ImageBatch, batch: number): Activations {
    const { images } = input;
    if (images.pixels !== this.inputs) throw new RangeError(`images of ${images.pixels} pixels into a layer of ${this.inputs} inputs`);
    this.input = input;
    const { nv, output, upper } = this;
    const [here, there] = this.jobsFor(input, batch, this.jobs?.dOutput ?? 0).forward;
    this.kernels.split('sparse_forward', here, there);
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
    const b = this.params[1]!;
    const { kernels, poff, psample, pval, nv, inputs } = this;
    kernels.fn.column_sums(dOutput.data.ptr, batch, nv, b.grad.ptr);
    const jobs = this.jobsFor(input, batch, dOutput.data.ptr);
    if (nv <= SCATTER_VECTORS) {
      kernels.split('sparse_backward_scatter', jobs.scatter[0], jobs.scatter[1]);
      return null;
    }
    kernels.fn.sparse_transpose(input.ptr, batch, images.offsets, images.idx, images.val, inputs, poff, psample, pval);
    kernels.split('sparse_backward_pixels', jobs.pixels[0], jobs.pixels[1]);
    return null;
  }
}

interface Jobs {
  input: ImageBatch;
  batch: number;
  dOutput: number;
  forward: [number[], number[]];
  scatter: [number[], number[]];
  pixels: [number[], number[]];
}
