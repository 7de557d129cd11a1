import { vectors, type F32, type Kernels } from './kernels.js';

/**
 * What every layer is: a forward and a backward over a batch, computed by the WebAssembly
 * kernels (kernels.wat) in float32, with every buffer allocated once in the kernels'
 * memory for the largest batch. The training loop allocates nothing per batch.
 *
 * Layout: one row per sample, padded to whole 4-float vectors (the report writes the same
 * matrices transposed, units × B; the sums are the same). Pad lanes are 0.
 */
export interface Activations {
  /** batch × (nv · 4) floats. */
  data: F32;
  /** Floats used per row: 32 for the hidden layer. */
  width: number;
  /** 4-float vectors per row: ceil(width / 4). */
  nv: number;
}

/**
 * One parameter tensor of a layer, with the gradient the last backward left for it. In the
 * kernels' memory a weight matrix is stored transposed (inputs × outputs, rows padded), a
 * bias padded; `shape` is the report's: [outputs, inputs] (W1 is 32 × 784) or [outputs].
 */
export interface Param {
  /** The report's name: w1, b1, w2, b2. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: F32;
  /** ∂E/∂value, in the same layout, overwritten by every backward. */
  readonly grad: F32;
  /** Where the value divides into the halves two threads own (a float offset), if it does. */
  readonly splitAt?: number;
  /**
   * The kernel row of each input, in the report's order, when it is not the input's own
   * number: a convolution's filters (report [F, C, k, k], kernel rows in im2col's (dy, dx, c)
   * order) and the first dense layer after one (report inputs in NumPy's flatten order
   * c·H·W + y·W + x, kernel rows (y·W + x)·channels' stride + c). Kernel rows it does not
   * name (pad channels) stay 0.
   */
  readonly inputRows?: Int32Array;
}

/**
 * What an elementwise activation layer holds: its outputs y and its input gradient dT, one
 * padded row per sample. Each activation (sigmoid.ts, relu.ts) adds its own forward and
 * backward kernels.
 */
export abstract class ActivationLayer implements Layer {
  readonly params = [];
  protected readonly y: Activations;
  protected readonly dT: Activations;

  constructor(
    protected readonly kernels: Kernels,
    readonly units: number,
    maxBatch: number,
  ) {
    const nv = vectors(units);
    this.y = { data: kernels.f32(maxBatch * nv * 4), width: units, nv };
    this.dT = { data: kernels.f32(maxBatch * nv * 4), width: units, nv };
  }

  abstract forward(t: Activations, batch: number): Activations;
  abstract backward(dY: Activations, batch: number): Activations;
}

export interface Layer {
  /** Computes the batch's outputs; keeps what backward needs. The result is owned by the layer. */
  forward(input: Activations, batch: number): Activations;
  /**
   * Given ∂E/∂output, fills the params' grads and returns ∂E/∂input, or null when the layer
   * was built without an input gradient (the first layer: nothing uses ∂E/∂x).
   */
  backward(dOutput: Activations, batch: number): Activations | null;
  readonly params: readonly Param[];
}

/**
 * Copies a tensor in the report's layout (row-major [outputs, …inputs], or [outputs]) into a
 * param's kernel layout: entry (j, i) goes to row(i) · stride + j, where row(i) is i or
 * param.inputRows[i]. A bias is the case inputs = 1.
 */
export function toKernelLayout(param: Param, from: ArrayLike<number>, into: Float32Array = param.value.view): void {
  const { outputs, inputs, stride, rows } = kernelGeometry(param);
  for (let j = 0; j < outputs; j++) for (let i = 0; i < inputs; i++) into[rows(i) * stride + j] = from[j * inputs + i]!;
}

/** The inverse of toKernelLayout: a param's values (or its grad) in the report's layout. */
export function fromKernelLayout(param: Param, into: Float32Array, from: Float32Array = param.value.view): void {
  const { outputs, inputs, stride, rows } = kernelGeometry(param);
  for (let j = 0; j < outputs; j++) for (let i = 0; i < inputs; i++) into[j * inputs + i] = from[rows(i) * stride + j]!;
}

function kernelGeometry(param: Param) {
  const [outputs, ...rest] = param.shape as [number, ...number[]];
  const order = param.inputRows;
  return {
    outputs,
    inputs: rest.reduce((a, b) => a * b, 1),
    stride: rowStride(outputs),
    rows: order ? (i: number) => order[i]! : (i: number) => i,
  };
}

/** Floats per padded row of `width` floats. */
export function rowStride(width: number): number {
  return Math.ceil(width / 4) * 4;
}
