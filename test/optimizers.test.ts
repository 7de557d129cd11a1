import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPTIMIZERS } from '../src/config/network.js';
import { denseParams } from '../src/nn/dense.js';
import { Kernels } from '../src/nn/kernels.js';
import { fromKernelLayout, rowStride, toKernelLayout, type Param } from '../src/nn/layer.js';
import { Optimizer, type OptimizerState } from '../src/nn/optimizers.js';
import { Rng } from '../src/nn/prng.js';
import type { OptimizerName, OptimizerSpec } from '../src/nn/spec.js';

/**
 * Every optimizer's update (src/nn/optimizers.ts, update.wat) against its equation in
 * spec.ts, written out here in float64. The kernels take the hyper-parameters as float32,
 * so the equations here use them rounded to float32 too (Math.fround): what is left is the
 * float32 rounding of the arithmetic itself.
 */

const f = Math.fround;

/** The course's defaults (src/config/network.ts), sgd with a learning rate of 0.1 (it has none). */
function defaults(name: OptimizerName): OptimizerSpec {
  const { learningRate, hyper } = OPTIMIZERS[name];
  const spec: Record<string, unknown> = { name };
  if (learningRate !== null) spec.learningRate = learningRate === 'required' ? 0.1 : learningRate;
  for (const h of hyper) spec[h.field] = h.default;
  return spec as unknown as OptimizerSpec;
}

const SPECS: OptimizerSpec[] = [
  ...(Object.keys(OPTIMIZERS) as OptimizerName[]).map(defaults),
  { name: 'sgd', learningRate: 0.37 },
  { name: 'momentum', learningRate: 0.05, momentum: 0.5 },
  { name: 'momentum', learningRate: 0.2, momentum: 0 },
  { name: 'adagrad', learningRate: 0.1, initialAccumulator: 0.5 },
  { name: 'rmsprop', learningRate: 0.01, rho: 0.5, epsilon: 1e-3 },
  { name: 'rmsprop', learningRate: 0.003, rho: 0, epsilon: 1e-6 },
  { name: 'adadelta', rho: 0.7, epsilon: 1e-3 },
  { name: 'adadelta', rho: 0, epsilon: 1e-8 },
  { name: 'adam', learningRate: 0.01, beta1: 0.5, beta2: 0.75, epsilon: 1e-4 },
  { name: 'adam', learningRate: 0.002, beta1: 0, beta2: 0.99, epsilon: 1e-6 },
];

/** The state slots of each optimizer, as Optimizer.state() names them. */
const SLOTS: Record<OptimizerName, string[]> = {
  sgd: [],
  momentum: ['delta'],
  adagrad: ['h'],
  rmsprop: ['h'],
  adadelta: ['h', 's'],
  adam: ['m', 'v'],
};

function describe(o: OptimizerSpec): string {
  return Object.entries(o)
    .map(([k, v]) => (k === 'name' ? v : `${k} ${v}`))
    .join(', ');
}

/**
 * Parameters of awkward sizes in one Kernels: a dense layer's W (7 × 5: rows of 7 padded to 8)
 * and b, another's (13 × 3, padded to 16), a γ of 6, and a W that divides between two
 * threads at a given float (as SparseDense's W1 does).
 */
function makeParams(kernels: Kernels): Param[] {
  const [w1, b1] = denseParams(kernels, 5, 7, ['w1', 'b1']);
  const [w2, b2] = denseParams(kernels, 3, 13, ['w2', 'b2']);
  const gamma: Param = { name: 'bn1_gamma', shape: [6], value: kernels.f32(8), grad: kernels.f32(8) };
  const [w3] = denseParams(kernels, 6, 9, ['w3', 'b3']);
  return [w1!, b1!, w2!, b2!, gamma, { ...w3!, splitAt: 3 * 12 }];
}

const size = (p: { shape: readonly number[] }) => p.shape.reduce((a, b) => a * b, 1);

/**
 * Per parameter, in the report's layout: start values (some 0), then per step a gradient
 * whose entries span many magnitudes and signs, with some entries 0 at every step and every
 * entry 0 at one step.
 */
function scenario(params: readonly Param[], steps: number, seed: number) {
  const rng = Rng.fromSeed(seed);
  const values = params.map((p) => Float32Array.from({ length: size(p) }, (_, k) => (k % 7 === 3 ? 0 : rng.normal(0, 1))));
  const grads = Array.from({ length: steps }, (_, step) =>
    params.map((p) =>
      Float32Array.from({ length: size(p) }, (_, k) => {
        if (k % 5 === 1 || step === 2) return 0; // a pixel that is always 0; a step with no gradient
        const magnitude = 10 ** (-4 + 6 * rng.nextFloat());
        return rng.normal(0, magnitude);
      }),
    ),
  );
  return { values, grads };
}

/** The equations of spec.ts in float64, one parameter entry at a time. */
class Reference {
  readonly w: Float64Array[];
  readonly state: Record<string, Float64Array[]> = {};
  /** Σ over the steps of |ΔW|: what a value's error scales with. */
  readonly moved: Float64Array[];
  t = 0;

  constructor(
    readonly o: OptimizerSpec,
    start: readonly Float32Array[],
  ) {
    this.w = start.map((v) => Float64Array.from(v));
    this.moved = start.map((v) => new Float64Array(v.length));
    const h0 = o.name === 'adagrad' ? f(o.initialAccumulator) : 0;
    for (const slot of SLOTS[o.name]) this.state[slot] = start.map((v) => new Float64Array(v.length).fill(slot === 'h' ? h0 : 0));
  }

  step(grads: readonly Float32Array[]): void {
    const o = this.o;
    this.t++;
    const t = this.t;
    grads.forEach((g, p) => {
      const w = this.w[p]!;
      const st = (slot: string) => this.state[slot]![p]!;
      for (let k = 0; k < g.length; k++) {
        const gk = g[k]!;
        let dw: number;
        switch (o.name) {
          case 'sgd':
            dw = -f(o.learningRate) * gk;
            break;
          case 'momentum': {
            const d = st('delta');
            d[k] = f(o.momentum) * d[k]! - f(o.learningRate) * gk;
            dw = d[k]!;
            break;
          }
          case 'adagrad': {
            const h = st('h');
            h[k] = h[k]! + gk * gk;
            dw = (-f(o.learningRate) * gk) / Math.sqrt(h[k]!);
            break;
          }
          case 'rmsprop': {
            const h = st('h');
            const rho = f(o.rho);
            h[k] = rho * h[k]! + (1 - rho) * gk * gk;
            dw = (-f(o.learningRate) * gk) / (Math.sqrt(h[k]!) + f(o.epsilon));
            break;
          }
          case 'adadelta': {
            const h = st('h');
            const s = st('s');
            const rho = f(o.rho);
            const eps = f(o.epsilon);
            h[k] = rho * h[k]! + (1 - rho) * gk * gk;
            dw = -(Math.sqrt(s[k]! + eps) / Math.sqrt(h[k]! + eps)) * gk;
            s[k] = rho * s[k]! + (1 - rho) * dw * dw;
            break;
          }
          case 'adam': {
            const m = st('m');
            const v = st('v');
            const b1 = f(o.beta1);
            const b2 = f(o.beta2);
            m[k] = b1 * m[k]! + (1 - b1) * gk;
            v[k] = b2 * v[k]! + (1 - b2) * gk * gk;
            dw = (-f(o.learningRate) * (m[k]! / (1 - b1 ** t))) / (Math.sqrt(v[k]! / (1 - b2 ** t)) + f(o.epsilon));
            break;
          }
        }
        w[k] = w[k]! + dw;
        this.moved[p]![k]! += Math.abs(dw);
      }
    });
  }
}

/** Relative tolerance of one step's arithmetic in float32 (a few roundings; more for the longer chains). */
function tolerance(o: OptimizerSpec): number {
  return o.name === 'adadelta' || o.name === 'adam' ? 4e-6 : 1e-6;
}

function setGrads(params: readonly Param[], grads: readonly Float32Array[]): void {
  params.forEach((p, k) => toKernelLayout(p, grads[k]!, p.grad.view));
}

function valuesOf(params: readonly Param[]): Float32Array[] {
  return params.map((p) => {
    const into = new Float32Array(size(p));
    fromKernelLayout(p, into);
    return into;
  });
}

/** Every pad lane of a param-shaped kernel buffer holds `value`. */
function assertPads(p: Param, buffer: Float32Array, value: number, what: string): void {
  const [outputs, inputs = 1] = p.shape as [number, number?];
  const stride = rowStride(outputs);
  for (let i = 0; i < inputs; i++) for (let j = outputs; j < stride; j++) assert.equal(buffer[i * stride + j], value, `${what}: ${p.name} pad lane [${i}][${j}]`);
}

const STEPS = 4;

for (const o of SPECS) {
  test(`${describe(o)}: ${STEPS} updates follow the equation, values and state`, () => {
    const kernels = new Kernels();
    const params = makeParams(kernels);
    const { values, grads } = scenario(params, STEPS, 17);
    params.forEach((p, k) => toKernelLayout(p, values[k]!));
    const optimizer = new Optimizer(kernels, params, o);
    const ref = new Reference(o, valuesOf(params));
    const rel = tolerance(o);
    for (let step = 1; step <= STEPS; step++) {
      setGrads(params, grads[step - 1]!);
      optimizer.update();
      ref.step(grads[step - 1]!);
      assert.equal(optimizer.step, step);
      const got = valuesOf(params);
      params.forEach((p, n) => {
        const want = ref.w[n]!;
        for (let k = 0; k < want.length; k++) {
          // The step's own rounding, plus each step's rounding of W to float32 (half an ulp, ≤ 2⁻²⁴ |W|, twice over).
          const allowed = rel * ref.moved[n]![k]! + step * 2 ** -23 * Math.abs(want[k]!);
          assert.ok(Math.abs(got[n]![k]! - want[k]!) <= allowed, `step ${step}: ${p.name}[${k}] ${got[n]![k]} vs the equation's ${want[k]} (moved ${ref.moved[n]![k]}, gradient ${grads[step - 1]![n]![k]})`);
        }
        const zeroAlways = (k: number) => k % 5 === 1;
        for (let k = 0; k < want.length; k++) if (zeroAlways(k)) assert.equal(got[n]![k], values[n]![k], `${p.name}[${k}]: no gradient ever, no move`);
        assertPads(p, p.value.view, 0, `step ${step}`);
      });
      // The state's pad lanes: h₀ for AdaGrad's h (so g / √h is 0 there), else 0.
      const slots = (optimizer as unknown as { slots: { param: Param; buffers: { view: Float32Array }[] }[] }).slots;
      assert.equal(slots.length, params.length, 'Optimizer keeps one `slots` entry per param (for this test)');
      for (const { param, buffers } of slots) {
        buffers.forEach((b, k) => assertPads(param, b.view, o.name === 'adagrad' ? f(o.initialAccumulator) : 0, `step ${step}, ${SLOTS[o.name][k]}`));
      }
      const state = optimizer.state();
      assert.equal(state.step, step);
      assert.deepEqual(
        state.tensors.map((t) => t.name),
        params.flatMap((p) => SLOTS[o.name].map((slot) => `${p.name}.${slot}`)),
      );
      for (const t of state.tensors) {
        const [name, slot] = t.name.split('.') as [string, string];
        const n = params.findIndex((p) => p.name === name);
        assert.deepEqual(t.shape, params[n]!.shape);
        const want = ref.state[slot]![n]!;
        for (let k = 0; k < want.length; k++) {
          // A running average of squares compounds a relative error per step; ΔW (momentum) one of η g too.
          const allowed = step * rel * (Math.abs(want[k]!) + (slot === 'delta' ? ref.moved[n]![k]! : 0)) + 1e-45;
          assert.ok(Math.abs(t.data[k]! - want[k]!) <= allowed, `step ${step}: ${t.name}[${k}] ${t.data[k]} vs the equation's ${want[k]}`);
        }
      }
    }
  });
}

test("Adam's bias correction: the first step is η · sign(g) when √v̂ ≫ ε, whatever β₁, β₂", () => {
  // At t = 1, m / (1 − β₁) = g and v / (1 − β₂) = g² exactly, so W moves by η g / (|g| + ε).
  for (const [beta1, beta2] of [[0.9, 0.999], [0.9, 0.9999], [0.95, 0.99999], [0.5, 0.75]] as const) {
    const kernels = new Kernels();
    const [w, b] = denseParams(kernels, 3, 5, ['w1', 'b1']) as [Param, Param];
    const o: OptimizerSpec = { name: 'adam', learningRate: 0.001, beta1, beta2, epsilon: 1e-8 };
    const optimizer = new Optimizer(kernels, [w, b], o);
    const g = Float32Array.from({ length: 15 }, (_, k) => (k % 2 ? -1 : 1) * 2 ** (k - 7));
    toKernelLayout(w, g, w.grad.view);
    optimizer.update();
    const moved = new Float32Array(15);
    fromKernelLayout(w, moved);
    moved.forEach((v, k) => {
      const want = (-f(0.001) * g[k]!) / (Math.abs(g[k]!) + f(1e-8));
      assert.ok(Math.abs(v - want) <= 1e-6 * Math.abs(want), `β₁ ${beta1}, β₂ ${beta2}: W[${k}] moved ${v}, not η g / (|g| + ε) = ${want} (relative error ${Math.abs(v / want - 1)})`);
    });
  }
});

test('state() then load() into a fresh Optimizer continues with the same bits', () => {
  for (const o of SPECS) {
    const { values, grads } = scenario(makeParams(new Kernels()), 4, 23);
    const kernels = new Kernels();
    const params = makeParams(kernels);
    params.forEach((p, k) => toKernelLayout(p, values[k]!));
    const original = new Optimizer(kernels, params, o);
    for (const g of grads.slice(0, 2)) {
      setGrads(params, g);
      original.update();
    }
    const saved = original.state();
    // Another Kernels, other params with the same values, a fresh optimizer given the state.
    const kernels2 = new Kernels();
    kernels2.f32(13); // other offsets
    const params2 = makeParams(kernels2);
    params2.forEach((p, k) => toKernelLayout(p, valuesOf(params)[k]!));
    const resumed = new Optimizer(kernels2, params2, o);
    resumed.load(saved);
    assert.equal(resumed.step, 2);
    assert.deepEqual(resumed.state(), saved, `${describe(o)}: the loaded state reads back`);
    for (const g of grads.slice(2)) {
      setGrads(params, g);
      setGrads(params2, g);
      original.update();
      resumed.update();
    }
    params.forEach((p, k) => {
      assert.deepEqual(params2[k]!.value.view, p.value.view, `${describe(o)}: ${p.name} after the resume, pad lanes included`);
    });
    assert.deepEqual(resumed.state(), original.state(), describe(o));
  }
});

test('load() of a state missing a tensor, or with one of another size, throws naming it', () => {
  for (const o of SPECS.filter((s) => s.name !== 'sgd')) {
    const kernels = new Kernels();
    const params = makeParams(kernels);
    const optimizer = new Optimizer(kernels, params, o);
    const state = optimizer.state();
    const last = SLOTS[o.name].at(-1)!;
    const missing = `b2.${last}`;
    const without: OptimizerState = { step: 3, tensors: state.tensors.filter((t) => t.name !== missing) };
    assert.throws(() => new Optimizer(kernels, params, o).load(without), (e: Error) => e instanceof RangeError && e.message.includes(missing), `${describe(o)}: names ${missing}`);
    const wrong: OptimizerState = {
      step: 3,
      tensors: state.tensors.map((t) => (t.name === `w1.${last}` ? { ...t, data: new Float32Array(t.data.length + 1) } : t)),
    };
    assert.throws(() => new Optimizer(kernels, params, o).load(wrong), (e: Error) => e instanceof RangeError && e.message.includes(`w1.${last}`), `${describe(o)}: names w1.${last}`);
  }
  // SGD keeps nothing: any state loads, and only its step is taken.
  const kernels = new Kernels();
  const sgd = new Optimizer(kernels, makeParams(kernels), { name: 'sgd', learningRate: 0.1 });
  sgd.load({ step: 5, tensors: [] });
  assert.equal(sgd.step, 5);
});

test('Optimizer.initialState(spec, shapes) equals state() of a fresh Optimizer', () => {
  for (const o of SPECS) {
    const kernels = new Kernels();
    const params = makeParams(kernels);
    const fresh = new Optimizer(kernels, params, o).state();
    assert.deepEqual(Optimizer.initialState(o, params.map((p) => ({ name: p.name, shape: p.shape }))), fresh, describe(o));
    if (o.name === 'adagrad') assert.ok(fresh.tensors.every((t) => t.data.every((v) => v === f(o.initialAccumulator))), 'h₀ in every entry');
    // reset() after updates is the same state again.
    const optimizer = new Optimizer(kernels, params, o);
    setGrads(params, scenario(params, 1, 3).grads[0]!);
    optimizer.update();
    optimizer.reset();
    assert.deepEqual(optimizer.state(), fresh, `${describe(o)}: reset()`);
  }
});

test('one thread or two: the same bits after several updates (parameters of ≥ 4096 floats are split)', () => {
  const saved = process.env.RUNNER_THREADS;
  process.env.RUNNER_THREADS = '2';
  try {
    for (const o of SPECS) {
      const make = (threads: 1 | 2) => {
        const kernels = new Kernels();
        if (threads === 2) kernels.startHelper();
        // 61 outputs pad to 64: 70 × 64 = 4480 floats, split at 2240; a W split where SparseDense would split it; and a small b.
        const [w, b] = denseParams(kernels, 70, 61, ['w1', 'b1']) as [Param, Param];
        const [w2] = denseParams(kernels, 130, 33, ['w2', 'b2']) as [Param];
        const params = [w, b, { ...w2, splitAt: 65 * 36 }];
        return { kernels, params, optimizer: new Optimizer(kernels, params, o) };
      };
      const one = make(1);
      const two = make(2);
      assert.ok((two.kernels as unknown as { helper: unknown }).helper, 'the helper thread runs');
      const { values, grads } = scenario(one.params, 5, 29);
      for (const run of [one, two]) run.params.forEach((p, k) => toKernelLayout(p, values[k]!));
      try {
        for (const g of grads) {
          for (const run of [one, two]) {
            setGrads(run.params, g);
            run.optimizer.update();
          }
        }
        one.params.forEach((p, k) => assert.deepEqual(two.params[k]!.value.view, p.value.view, `${describe(o)}: ${p.name}`));
        assert.deepEqual(two.optimizer.state(), one.optimizer.state(), describe(o));
        // And the helper's half did move: W's last input row (in the upper half) changed.
        const moved = valuesOf(two.params)[0]!.filter((v, k) => k % 70 === 69 && v !== values[0]![k]).length;
        assert.ok(moved > 30, `${describe(o)}: ${moved} of the last input's 61 weights moved`);
      } finally {
        two.kernels.close();
      }
    }
  } finally {
    if (saved === undefined) delete process.env.RUNNER_THREADS;
    else process.env.RUNNER_THREADS = saved;
  }
});

test('zero gradients never move a parameter; huge and tiny gradients stay finite', () => {
  for (const o of SPECS) {
    const kernels = new Kernels();
    const [w, b] = denseParams(kernels, 2, 5, ['w1', 'b1']) as [Param, Param];
    const optimizer = new Optimizer(kernels, [w, b], o);
    const start = Float32Array.from([1, -2, 0, 3.5, 1e-30, -1e30, 7, 0.25, -0.125, 1e20]);
    toKernelLayout(w, start);
    for (let step = 0; step < 3; step++) optimizer.update();
    const after = new Float32Array(10);
    fromKernelLayout(w, after);
    assert.deepEqual(after, start, `${describe(o)}: zero gradients, no move`);
    // Gradients from 1e-30 to 1e15: every value and state entry finite.
    const g = Float32Array.from([1e-30, -1e-20, 1e-10, -1e-5, 1, -1e5, 1e10, -1e12, 1e15, 0]);
    for (let step = 0; step < 3; step++) {
      toKernelLayout(w, g, w.grad.view);
      optimizer.update();
    }
    fromKernelLayout(w, after);
    assert.ok(after.every(Number.isFinite), `${describe(o)}: ${after}`);
    for (const t of optimizer.state().tensors) assert.ok(t.data.every(Number.isFinite), `${describe(o)}: ${t.name} ${t.data}`);
    assertPads(w, w.value.view, 0, describe(o));
  }
});
