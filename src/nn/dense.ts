import { LONG_WORK, vectors, type Kernels } from './kernels.js';
import type { Activations, Layer, Param } from './layer.js';
import type { ImageShape } from './spec.js';

/** W and b of a fully connected layer, t = W x + b, in the kernels' layout (Wᵀ: inputs × padded outputs). */
export function denseParams(kernels: Kernels, inputs: number, outputs: number, names: readonly [string, string]): Param[] {
  const padded = vectors(outputs) * 4;
  return [
    { name: names[0], shape: [outputs, inputs], value: kernels.f32(inputs * padded), grad: kernels.f32(inputs * padded) },
    { name: names[1], shape: [outputs], value: kernels.f32(padded), grad: kernels.f32(padded) },
  ];
}

/**
 * Vector multiply-adds (samples × inputs × output vectors) below which a product runs on
 * this thread alone. The kernels do 6 to 7 of them a nanosecond (dense.wat), and a split
 * costs about 0.5 µs back to back, more when the helper has to wake: measured on two
 * cores, splitting gains nothing at 10K (32 → 10, batch 100), 10% at 19K, 25–40% from 26K.
 */
const SPLIT_WORK = 24576;

/**
 * A fully connected layer over dense inputs, t = W x + b (any widths).
 *
 * With a helper thread (Kernels.split) each product runs in two halves at once: the
 * forward and ∂E/∂x over the samples, ∂E/∂W over the rows of Wᵀ (the inputs), so each
 * thread writes its own rows. Every number is computed in the same order whichever half
 * it falls in (dense.wat), so the result is the same bits with or without a helper, and
 * whether or not a product is split.
 */
export class Dense implements Layer {
  readonly params: readonly Param[];
  private readonly nv: number;
  private readonly output: Activations;
  private readonly dInput: Activations | null;
  private input: Activations | null = null;
  /** The input row where ∂E/∂W divides between the threads. */
  private readonly middle: number;
  // The halves' arguments for split(), filled on each call (nothing allocated per batch).
  private readonly here8 = [0, 0, 0, 0, 0, 0, 0, 0];
  private readonly there8 = [0, 0, 0, 0, 0, 0, 0, 0];
  private readonly here7 = [0, 0, 0, 0, 0, 0, 0];
  private readonly there7 = [0, 0, 0, 0, 0, 0, 0];

  /**
   * @param names  the report's names for W and b, e.g. ['w2', 'b2']
   * @param inputGradient  whether backward computes ∂E/∂x (false for a first layer)
   * @param flattens  the feature maps this layer's input holds, when it follows conv or
   *   pooling layers: its inputs are then their rows (positions × channelStride floats, pad
   *   channels included, whose weights stay 0), and W is [outputs, C·H·W] in NumPy's
   *   flatten order (Param.inputRows)
   */
  constructor(
    private readonly kernels: Kernels,
    readonly inputs: number,
    readonly outputs: number,
    names: readonly [string, string],
    maxBatch: number,
    inputGradient: boolean,
    flattens?: { shape: ImageShape; channelStride: number },
  ) {
    this.nv = vectors(outputs);
    this.middle = Math.ceil(inputs / 4) * 2;
    let [w, b] = denseParams(kernels, inputs, outputs, names) as [Param, Param];
    if (flattens) {
      const { shape: { channels, height, width }, channelStride } = flattens;
      const positions = height * width;
      if (inputs !== positions * channelStride) throw new RangeError(`a dense layer of ${inputs} inputs over ${channels}×${height}×${width} feature maps`);
      const inputRows = new Int32Array(channels * positions);
      for (let c = 0; c < channels; c++) for (let p = 0; p < positions; p++) inputRows[c * positions + p] = p * channelStride + c;
      w = { ...w, shape: [outputs, channels * positions], inputRows };
    }
    // A large W is updated in the two halves of rows the threads computed the gradient of.
    const splits = this.middle < inputs && w.value.length >= 4096;
    this.params = [splits ? { ...w, splitAt: this.middle * this.nv * 4 } : w, b];
    this.output = { data: kernels.f32(maxBatch * this.nv * 4), width: outputs, nv: this.nv };
    const nvIn = vectors(inputs);
    this.dInput = inputGradient ? { data: kernels.f32(maxBatch * nvIn * 4), width: inputs, nv: nvIn } : null;
  }

  // t[s] = W · x[s] + b        x: B × inputs, t: B × outputs
  forward(input: Activations, batch: number): Activations {
    this.input = input;
    const [w, b] = this.params as [Param, Param];
    const { nv, here8: here, there8: there } = this;
    const x = input.data.ptr;
    const out = this.output.data.ptr;
    if (!this.worthSplitting(batch)) {
      this.kernels.fn.dense_forward(x, input.nv, this.inputs, batch, w.value.ptr, b.value.ptr, out, nv);
      return this.output;
    }
    const half = halfOf(batch);
    set8(here, x, input.nv, this.inputs, half, w.value.ptr, b.value.ptr, out, nv);
    set8(there, x + half * input.nv * 16, input.nv, this.inputs, batch - half, w.value.ptr, b.value.ptr, out + half * nv * 16, nv);
    this.kernels.split('dense_forward', here, there, this.long(batch));
    return this.output;
  }

  // dW = dTᵀ · x  (kept as its transpose)    db = Σ_s dT[s]    dx = dT · W  (B × inputs)
  backward(dOutput: Activations, batch: number): Activations | null {
    const input = this.input!;
    const [w, b] = this.params as [Param, Param];
    const { dInput, nv, here7: here, there7: there, kernels, inputs } = this;
    const x = input.data.ptr;
    const dt = dOutput.data.ptr;
    kernels.fn.column_sums(dt, batch, nv, b.grad.ptr);
    const split = this.worthSplitting(batch);
    if (!split || this.middle >= inputs) kernels.fn.dense_backward_weights(x, input.nv, inputs, batch, dt, nv, w.grad.ptr);
    else {
      // Over the input rows: [0, middle) here, [middle, inputs) there.
      const { middle } = this;
      set7(here, x, input.nv, middle, batch, dt, nv, w.grad.ptr);
      set7(there, x + middle * 4, input.nv, inputs - middle, batch, dt, nv, w.grad.ptr + middle * nv * 16);
      kernels.split('dense_backward_weights', here, there, this.long(batch));
    }
    if (dInput === null) return null;
    if (!split) kernels.fn.dense_backward_input(dt, nv, batch, w.value.ptr, inputs, dInput.data.ptr, input.nv);
    else {
      const half = halfOf(batch);
      const dx = dInput.data.ptr;
      set7(here, dt, nv, half, w.value.ptr, inputs, dx, input.nv);
      set7(there, dt + half * nv * 16, nv, batch - half, w.value.ptr, inputs, dx + half * input.nv * 16, input.nv);
      kernels.split('dense_backward_input', here, there, this.long(batch));
    }
    return dInput;
  }

  /** Whether a product over this batch is long enough to wake a sleeping helper for (Kernels.split). */
  private long(batch: number): boolean {
    return batch * this.inputs * this.nv >= LONG_WORK;
  }

  /** Whether a product over this batch is big enough for two threads (any answer gives the same bits). */
  private worthSplitting(batch: number): boolean {
    return batch >= 2 && batch * this.inputs * this.nv >= SPLIT_WORK;
  }
}

/** The samples of the first half of a batch (of at least 2): even when it can be, so both halves run whole 2-row tiles. */
function halfOf(batch: number): number {
  return Math.min(batch - 1, Math.ceil(batch / 4) * 2);
}

/** Writes a kernel's 8 (or 7) arguments into `to`, reused from call to call. */
function set8(to: number[], a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number): void {
  to[0] = a; to[1] = b; to[2] = c; to[3] = d; to[4] = e; to[5] = f; to[6] = g; to[7] = h;
}

function set7(to: number[], a: number, b: number, c: number, d: number, e: number, f: number, g: number): void {
  to[0] = a; to[1] = b; to[2] = c; to[3] = d; to[4] = e; to[5] = f; to[6] = g;
}
