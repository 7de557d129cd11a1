import type { Kernels } from './kernels.js';
import type { Param } from './layer.js';

/** Plain SGD, as the report: W ← W − lr·dW for every parameter, in float32. */
export function sgdStep(kernels: Kernels, params: readonly Param[], learningRate: number): void {
  for (const { value, grad, splitAt } of params) {
    if (splitAt === undefined) kernels.fn.sgd(value.ptr, grad.ptr, value.length, learningRate);
    else {
      // Each thread updates the half of the weights it computed the gradient of.
      kernels.split(
        'sgd',
        [value.ptr, grad.ptr, splitAt, learningRate],
        [value.ptr + splitAt * 4, grad.ptr + splitAt * 4, value.length - splitAt, learningRate],
      );
    }
  }
}
