import type { Layer, Param, Vec } from './layer.js';

/**
 * A fully connected layer, t = W x + b, owning W and b.
 *
 * Inputs equal to zero are skipped in W·x and in dW = dT·xᵀ: 81% of MNIST pixels are 0,
 * and skipping an exact zero changes no sum.
 */
export class Dense implements Layer {
  readonly params: readonly Param[];
  private readonly dW: Float64Array;
  private readonly db: Float64Array;
  private readonly output: Float64Array;
  private readonly dInput: Float64Array | null;
  /** Per sample, the positions and values of its nonzero inputs (gathered in forward, reused in backward). */
  private readonly nonzero: Int32Array;
  private readonly nonzeroValue: Float64Array;
  private readonly nonzeroCount: Int32Array;

  /**
   * @param w  outputs × inputs, row-major (the report's W1 is 32 × 784)
   * @param b  outputs
   * @param names  the report's names for w and b, e.g. ['w1', 'b1']
   * @param inputGradient  false for the first layer, whose ∂E/∂x nothing uses
   */
  constructor(
    readonly inputs: number,
    readonly outputs: number,
    readonly w: Vec,
    readonly b: Vec,
    names: readonly [string, string],
    maxBatch: number,
    inputGradient: boolean,
  ) {
    if (w.length !== inputs * outputs || b.length !== outputs) {
      throw new RangeError(`Dense ${names[0]}: expected ${outputs}×${inputs} and ${outputs} values`);
    }
    this.dW = new Float64Array(w.length);
    this.db = new Float64Array(b.length);
    this.params = [
      { name: names[0], value: w, grad: this.dW },
      { name: names[1], value: b, grad: this.db },
    ];
    this.output = new Float64Array(maxBatch * outputs);
    this.dInput = inputGradient ? new Float64Array(maxBatch * inputs) : null;
    this.nonzero = new Int32Array(maxBatch * inputs);
    this.nonzeroValue = new Float64Array(maxBatch * inputs);
    this.nonzeroCount = new Int32Array(maxBatch);
  }

  // t[s] = W · x[s] + b        x: B × inputs, t: B × outputs
  forward(input: Float64Array, batch: number): Float64Array {
    const { inputs, outputs, w, b, output, nonzero, nonzeroValue, nonzeroCount } = this;
    for (let s = 0; s < batch; s++) {
      const xs = s * inputs;
      let n = 0;
      for (let i = 0; i < inputs; i++) {
        const v = input[xs + i]!;
        if (v !== 0) {
          nonzero[xs + n] = i;
          nonzeroValue[xs + n] = v;
          n++;
        }
      }
      nonzeroCount[s] = n;
      const end = xs + n;
      const os = s * outputs;
      // Four rows at a time share each gathered (index, value) and keep four independent sums.
      let j = 0;
      for (; j + 4 <= outputs; j += 4) {
        const r0 = j * inputs;
        const r1 = r0 + inputs;
        const r2 = r1 + inputs;
        const r3 = r2 + inputs;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let k = xs; k < end; k++) {
          const i = nonzero[k]!;
          const v = nonzeroValue[k]!;
          a0 += w[r0 + i]! * v;
          a1 += w[r1 + i]! * v;
          a2 += w[r2 + i]! * v;
          a3 += w[r3 + i]! * v;
        }
        output[os + j] = a0 + b[j]!;
        output[os + j + 1] = a1 + b[j + 1]!;
        output[os + j + 2] = a2 + b[j + 2]!;
        output[os + j + 3] = a3 + b[j + 3]!;
      }
      for (; j < outputs; j++) {
        const row = j * inputs;
        let acc = 0;
        for (let k = xs; k < end; k++) acc += w[row + nonzero[k]!]! * nonzeroValue[k]!;
        output[os + j] = acc + b[j]!;
      }
    }
    return output;
  }

  // dW = dTᵀ · x  (outputs × inputs)    db = Σ_s dT[s]  (outputs)    dx = dT · W  (B × inputs)
  backward(dOutput: Float64Array, batch: number): Float64Array | null {
    const { inputs, outputs, w, dW, db, nonzero, nonzeroValue, nonzeroCount, dInput } = this;
    dW.fill(0);
    // Each dW entry sums over the samples in order; four rows at a time share the gathered inputs.
    let j = 0;
    for (; j + 4 <= outputs; j += 4) {
      const r0 = j * inputs;
      const r1 = r0 + inputs;
      const r2 = r1 + inputs;
      const r3 = r2 + inputs;
      for (let s = 0; s < batch; s++) {
        const ds = s * outputs + j;
        const d0 = dOutput[ds]!;
        const d1 = dOutput[ds + 1]!;
        const d2 = dOutput[ds + 2]!;
        const d3 = dOutput[ds + 3]!;
        const xs = s * inputs;
        const end = xs + nonzeroCount[s]!;
        for (let k = xs; k < end; k++) {
          const i = nonzero[k]!;
          const v = nonzeroValue[k]!;
          dW[r0 + i]! += d0 * v;
          dW[r1 + i]! += d1 * v;
          dW[r2 + i]! += d2 * v;
          dW[r3 + i]! += d3 * v;
        }
      }
    }
    for (; j < outputs; j++) {
      const row = j * inputs;
      for (let s = 0; s < batch; s++) {
        const d = dOutput[s * outputs + j]!;
        const xs = s * inputs;
        const end = xs + nonzeroCount[s]!;
        for (let k = xs; k < end; k++) dW[row + nonzero[k]!]! += d * nonzeroValue[k]!;
      }
    }
    for (let j = 0; j < outputs; j++) {
      let dbj = 0;
      for (let s = 0; s < batch; s++) dbj += dOutput[s * outputs + j]!;
      db[j] = dbj;
    }
    if (dInput === null) return null;
    for (let s = 0; s < batch; s++) {
      const ds = s * outputs;
      for (let i = 0; i < inputs; i++) {
        let acc = 0;
        for (let j = 0; j < outputs; j++) acc += w[j * inputs + i]! * dOutput[ds + j]!;
        dInput[s * inputs + i] = acc;
      }
    }
    return dInput;
  }
}
