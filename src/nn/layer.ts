/**
 * What every layer is: a forward and a backward over batches of typed arrays.
 *
 * Layout: one row per sample. A batch of B vectors of n values is a Float64Array of B × n,
 * sample s at [s·n, (s+1)·n). (The report writes the same matrices transposed, units × B;
 * the sums are the same.) Buffers are allocated once for the largest batch and reused, so
 * the training loop allocates nothing per batch.
 */

/** Parameter storage: Float32Array in training, Float64Array in the gradient check. */
export type Vec = Float32Array | Float64Array;

/** One parameter tensor of a layer, with the gradient the last backward left for it. */
export interface Param {
  /** The report's name: w1, b1, w2, b2. */
  readonly name: string;
  readonly value: Vec;
  /** ∂E/∂value, overwritten by every backward. */
  readonly grad: Float64Array;
}

export interface Layer {
  /** Computes the batch's outputs; keeps what backward needs. The result is owned by the layer. */
  forward(input: Float64Array, batch: number): Float64Array;
  /**
   * Given ∂E/∂output, fills the params' grads and returns ∂E/∂input, or null when the layer
   * was built without an input gradient (the first layer: nothing uses ∂E/∂x).
   */
  backward(dOutput: Float64Array, batch: number): Float64Array | null;
  readonly params: readonly Param[];
}
