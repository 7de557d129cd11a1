import type { Layer, Param } from './layer.js';

/** Layers applied in order; backward runs them in reverse. It owns no parameters. */
export class Sequential implements Layer {
  readonly params: readonly Param[];

  constructor(readonly layers: readonly Layer[]) {
    this.params = layers.flatMap((layer) => layer.params);
  }

  forward(input: Float64Array, batch: number): Float64Array {
    let x = input;
    for (const layer of this.layers) x = layer.forward(x, batch);
    return x;
  }

  backward(dOutput: Float64Array, batch: number): Float64Array | null {
    let d: Float64Array | null = dOutput;
    for (let l = this.layers.length - 1; l >= 0 && d !== null; l--) d = this.layers[l]!.backward(d, batch);
    return d;
  }
}
