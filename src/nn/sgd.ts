import type { Param } from './layer.js';

/** Plain SGD, as the report: W ← W − lr·dW for every parameter (rounded once to its storage). */
export function sgdStep(params: readonly Param[], learningRate: number): void {
  for (const { value, grad } of params) {
    for (let k = 0; k < value.length; k++) value[k] = value[k]! - learningRate * grad[k]!;
  }
}
