import { vectors, type F32, type Kernels } from './kernels.js';
import type { Activations, Layer, Param } from './layer.js';

/** W and b of a fully connected layer, t = W x + b, in the kernels' layout (Wᵀ: inputs × padded outputs). */
export function denseParams(kernels: Kernels, inputs: number, outputs: number, names: readonly [string, string]): Param[] {
  const padded = vectors(outputs) * 4;
  return [
    { name: names[0], shape: [outputs, inputs], value: kernels.f32(inputs * padded), grad: kernels.f32(inputs * padded) },
    { name: names[1], shape: [outputs], value: kernels.f32(padded), grad: kernels.f32(padded) },
  ];
}

/** A fully connected layer over dense inputs, t = W x + b: the report's second layer. */
export class Dense implements Layer {
  readonly params: readonly Param[];
  private readonly nv: number;
  private readonly output: Activations;
  private readonly dInput: Activations | null;
  private input: Activations | null = null;

  /**
   * @param names  the report's names for W and b, e.g. ['w2', 'b2']
   * @param inputGradient  whether backward computes ∂E/∂x (false for a first layer)
   */
  constructor(
    private readonly kernels: Kernels,
    readonly inputs: number,
    readonly outputs: number,
    names: readonly [string, string],
    maxBatch: number,
    inputGradient: boolean,
  ) {
    this.nv = vectors(outputs);
    this.params = denseParams(kernels, inputs, outputs, names);
    this.output = { data: kernels.f32(maxBatch * this.nv * 4), width: outputs, nv: this.nv };
    const nvIn = vectors(inputs);
    this.dInput = inputGradient ? { data: kernels.f32(maxBatch * nvIn * 4), width: inputs, nv: nvIn } : null;
  }

  // t[s] = W · x[s] + b        x: B × inputs, t: B × outputs
  forward(input: Activations, batch: number): Activations {
    this.input = input;
    const [w, b] = this.params as [Param, Param];
    this.kernels.fn.dense_forward(input.data.ptr, input.nv, this.inputs, batch, w.value.ptr, b.value.ptr, this.output.data.ptr, this.nv);
    return this.output;
  }

  // dW = dTᵀ · x  (kept as its transpose)    db = Σ_s dT[s]    dx = dT · W  (B × inputs)
  backward(dOutput: Activations, batch: number): Activations | null {
    const input = this.input!;
    const [w, b] = this.params as [Param, Param];
    const { dInput } = this;
    this.kernels.fn.dense_backward(input.data.ptr, input.nv, this.inputs, batch, w.value.ptr, w.grad.ptr, b.grad.ptr, dOutput.data.ptr, this.nv, dInput?.data.ptr ?? 0);
    return dInput;
  }
}
