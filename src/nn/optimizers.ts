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

/** One parameter's update: its kernel (update.wat) and arguments, in one call or two parts. */
interface KernelCall {
  name: OptimizerSpec['name'];
  here: number[];
  there: number[] | null;
}

/** Where Adam's bias corrections r1, r2 are in its kernel's arguments. */
const ADAM_R1 = 9;
const ADAM_R2 = 10;

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
  private updates: KernelCall[] | null = null;

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
    const updates = (this.updates ??= this.kernelCalls());
    if (o.name === 'adam') {
      // Adam's bias corrections 1 / (1 − βᵗ), in float64 from the β the kernel uses (rounded
      // to float32), rounded once when passed to the kernel: at t = 1, v · r2 is g² to float32's precision.
      const r1 = 1 / (1 - Math.fround(o.beta1) ** this.step);
      const r2 = 1 / (1 - Math.fround(o.beta2) ** this.step);
      for (const { here, there } of updates) {
        here[ADAM_R1] = r1;
        here[ADAM_R2] = r2;
        if (there !== null) {
          there[ADAM_R1] = r1;
          there[ADAM_R2] = r2;
        }
      }
    }
    for (const { name, here, there } of updates) {
      if (there === null) (this.kernels.fn[name] as (...args: number[]) => void)(...here);
      // Each thread updates one part; every float on its own, so the same bits either way.
      else this.kernels.split(name, here, there);
    }
  }

  /** Each parameter's update kernel and its arguments: one call, or two parts for split(). Made once. */
  private kernelCalls(): KernelCall[] {
    const o = this.spec;
    return this.slots.map(({ param, buffers }) => {
      const { value, grad } = param;
      const n = value.length;
      const [a, b] = buffers;
      const run = (from: number, count: number): number[] => {
        const at = (f: F32) => f.ptr + from * 4;
        switch (o.name) {
          case 'sgd':
            return [at(value), at(grad), count, o.learningRate];
          case 'momentum':
            return [at(value), at(grad), at(a!), count, o.learningRate, o.momentum];
          case 'adagrad':
            return [at(value), at(grad), at(a!), count, o.learningRate];
          case 'rmsprop':
            return [at(value), at(grad), at(a!), count, o.learningRate, o.rho, o.epsilon];
          case 'adadelta':
            return [at(value), at(grad), at(a!), at(b!), count, o.rho, o.epsilon];
          case 'adam':
            // r1 and r2 (ADAM_R1, ADAM_R2) are set at each step
            return [at(value), at(grad), at(a!), at(b!), count, o.learningRate, o.beta1, o.beta2, o.epsilon, 0, 0];
        }
      };
      const splitAt = param.splitAt ?? (n >= SPLIT_FLOATS ? Math.floor(n / 8) * 4 : undefined);
      if (splitAt === undefined) return { name: o.name, here: run(0, n), there: null };
      return { name: o.name, here: run(0, splitAt), there: run(splitAt, n - splitAt) };
    });
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
