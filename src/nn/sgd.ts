import type { Kernels } from './kernels.js';
import type { Param } from './layer.js';

/** Plain SGD, as the report: W ← W − lr·dW for every parameter, in float32. */
export function sgdStep(kernels: Kernels, params: readonly Param[], learningRate: number): void {
  for (const { value, grad } of params) kernels.fn.sgd(value.ptr, grad.ptr, value.length, learningRate);
}
