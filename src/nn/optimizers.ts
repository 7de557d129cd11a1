import type { F32, Kernels } from './kernels.js';
import { fromKernelLayout, toKernelLayout, type Param } from './layer.js';
import type { OptimizerSpec } from './spec.js';

/** One tensor of an optimizer's state (ΔW, h, s, m or v of a parameter), in the report's layout. */
export interface StateTensor {
  /** `<parameter>.<slot>`: w1.m, b2.h, bn1_gamma.delta … */
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

/** What an exact resume needs of an optimizer: its step count (Adam's t) and its state tensors. */
export interface OptimizerState {
  step: number;
  tensors: StateTensor[];
}

/** The state each optimizer keeps per parameter, by the course's names (ΔW is `delta`). */
const SLOTS: Record<OptimizerSpec['name'], readonly string[]> = {
  sgd: [],
  momentum: ['delta'],
  adagrad: ['h'],
  rmsprop: ['h'],
  adadelta: ['h', 's'],
  adam: ['m', 'v'],
};

/** Parameters at least this long have their update split between the two threads. */
const SPLIT_FLOATS = 4096;

/**
 * The course's optimizers over a network's parameters, in the kernels (update.wat): one
 * step() updates every parameter from the gradient its layer's backward left, biases and
 * batch-norm γ, β included. The state lives beside the parameters in the kernels' layout
 * (pad lanes included); state() and load() move it to and from the report's layout.
 */
export class Optimizer {
  /** Updates done so far: Adam's t. */
  step = 0;
  private readonly slots: { param: Param; buffers: F32[] }[];

  constructor(
    private readonly kernels: Kernels,
    private readonly params: readonly Param[],
    readonly spec: OptimizerSpec,
  ) {
    this.slots = params.map((param) => ({ param, buffers: SLOTS[spec.name].map(() => kernels.f32(param.value.length)) }));
    this.reset();
  }

  /**
   * The state at step 0 for parameters of these names and shapes, in the report's layout:
   * what a new run's epoch-0 checkpoint stores (the same as state() of a fresh Optimizer).
   */
  static initialState(spec: OptimizerSpec, params: readonly { name: string; shape: readonly number[] }[]): OptimizerState {
    const initial = spec.name === 'adagrad' ? spec.initialAccumulator : 0;
    const tensors = params.flatMap((p) =>
      SLOTS[spec.name].map((slot) => ({
        name: `${p.name}.${slot}`,
        shape: p.shape,
        data: new Float32Array(p.shape.reduce((x, y) => x * y, 1)).fill(initial),
      })),
    );
    return { step: 0, tensors };
  }

  /** The state as at step 0: zeros, or h₀ for AdaGrad (in every lane, so g / √h is 0, not 0/0, where g is). */
  reset(): void {
    this.step = 0;
    const initial = this.spec.name === 'adagrad' ? this.spec.initialAccumulator : 0;
    for (const { buffers } of this.slots) for (const b of buffers) b.view.fill(initial);
  }

  /** One update of every parameter: W ← W + (the optimizer's step, from g = ∂E/∂W). */
  update(): void {
    this.step++;
    const o = this.spec;
    // Adam's bias corrections 1 / (1 − βᵗ), in float64 from the β the kernel uses (rounded
    // to float32), rounded once when passed to the kernel: at t = 1, v · r2 is g² to float32's precision.
    const r1 = o.name === 'adam' ? 1 / (1 - Math.fround(o.beta1) ** this.step) : 0;
    const r2 = o.name === 'adam' ? 1 / (1 - Math.fround(o.beta2) ** this.step) : 0;
    for (const { param, buffers } of this.slots) {
      const { value, grad } = param;
      const n = value.length;
      const [a, b] = buffers;
      const run = (from: number, count: number) => {
        const at = (f: F32) => f.ptr + from * 4;
        switch (o.name) {
          case 'sgd':
            return ['sgd', [at(value), at(grad), count, o.learningRate]] as const;
          case 'momentum':
            return ['momentum', [at(value), at(grad), at(a!), count, o.learningRate, o.momentum]] as const;
          case 'adagrad':
            return ['adagrad', [at(value), at(grad), at(a!), count, o.learningRate]] as const;
          case 'rmsprop':
            return ['rmsprop', [at(value), at(grad), at(a!), count, o.learningRate, o.rho, o.epsilon]] as const;
          case 'adadelta':
            return ['adadelta', [at(value), at(grad), at(a!), at(b!), count, o.rho, o.epsilon]] as const;
          case 'adam':
            return ['adam', [at(value), at(grad), at(a!), at(b!), count, o.learningRate, o.beta1, o.beta2, o.epsilon, r1, r2]] as const;
        }
      };
      const splitAt = param.splitAt ?? (n >= SPLIT_FLOATS ? Math.floor(n / 8) * 4 : undefined);
      if (splitAt === undefined) {
        const [name, args] = run(0, n);
        (this.kernels.fn[name] as (...args: number[]) => void)(...args);
      } else {
        // Each thread updates one part; every float on its own, so the same bits either way.
        const [name, here] = run(0, splitAt);
        this.kernels.split(name, here, run(splitAt, n - splitAt)[1]);
      }
    }
  }

  /** The step count and every state tensor, copied into the report's layout (shaped like its parameter). */
  state(): OptimizerState {
    const tensors: StateTensor[] = [];
    for (const { param, buffers } of this.slots) {
      SLOTS[this.spec.name].forEach((slot, k) => {
        const data = new Float32Array(param.shape.reduce((x, y) => x * y, 1));
        fromKernelLayout(param, data, buffers[k]!.view);
        tensors.push({ name: `${param.name}.${slot}`, shape: param.shape, data });
      });
    }
    return { step: this.step, tensors };
  }

  /**
   * Restores a state() taken from an optimizer of the same spec over the same parameters.
   * Throws a RangeError naming the first tensor that is missing or of another size.
   */
  load(state: OptimizerState): void {
    this.reset();
    this.step = state.step;
    for (const { param, buffers } of this.slots) {
      SLOTS[this.spec.name].forEach((slot, k) => {
        const name = `${param.name}.${slot}`;
        const t = state.tensors.find((s) => s.name === name);
        const length = param.shape.reduce((x, y) => x * y, 1);
        if (!t) throw new RangeError(`no optimizer state ${name}`);
        if (t.data.length !== length) throw new RangeError(`optimizer state ${name} has ${t.data.length} values, not ${length}`);
        toKernelLayout(param, t.data, buffers[k]!.view);
      });
    }
  }
}
