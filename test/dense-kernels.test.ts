import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Dense } from '../src/nn/dense.js';
import { Kernels, vectors } from '../src/nn/kernels.js';
import { toKernelLayout, type Activations, type Param } from '../src/nn/layer.js';
import { Rng } from '../src/nn/prng.js';

/**
 * The dense layer's kernels (src/nn/wasm/dense.wat) at widths and batch sizes that leave
 * every kind of remainder: against float64 loops, against the narrow kernels' summation
 * order written out in float32 (the report's 32 → 10 layer must keep its bits), and with a
 * helper thread against without one, bit for bit.
 */

const OUTPUTS = [1, 3, 4, 5, 16, 17, 33, 128, 130];
const INPUTS = [1, 7, 32, 256];
const BATCHES = [1, 2, 3, 7, 100];

interface Problem {
  inputs: number;
  outputs: number;
  batch: number;
  /** Row-major, the report's layout: w[j][i] is w[j * inputs + i]. */
  w: number[];
  b: number[];
  x: number[][];
  dT: number[][];
}

function problem(inputs: number, outputs: number, batch: number): Problem {
  const rng = Rng.fromSeed(inputs * 1_000_003 + outputs * 1009 + batch);
  // Uniform in [-1, 1), a third of the inputs exactly 0 (as after a ReLU); all exact float32.
  const value = () => Math.fround(2 * rng.nextFloat() - 1);
  const values = (n: number, zeros = 0) => Array.from({ length: n }, () => (rng.nextFloat() < zeros ? 0 : value()));
  return {
    inputs,
    outputs,
    batch,
    w: values(outputs * inputs),
    b: values(outputs),
    x: Array.from({ length: batch }, () => values(inputs, 1 / 3)),
    dT: Array.from({ length: batch }, () => values(outputs)),
  };
}

interface Result {
  /** Whole padded buffers, pad lanes included. */
  t: Float32Array;
  dWt: Float32Array;
  db: Float32Array;
  dx: Float32Array;
}

/** Rows of `width` floats into a new padded buffer of the kernels' memory. */
function rows(kernels: Kernels, data: number[][], width: number): Activations {
  const nv = vectors(width);
  const buffer = kernels.f32(Math.max(1, data.length) * nv * 4);
  data.forEach((row, s) => buffer.view.set(row, s * nv * 4));
  return { data: buffer, width, nv };
}

/** A Dense layer's forward and backward over the problem, in `kernels`. */
function run(kernels: Kernels, p: Problem): Result {
  const layer = new Dense(kernels, p.inputs, p.outputs, ['w', 'b'], p.batch, true);
  const [w, b] = layer.params as [Param, Param];
  toKernelLayout(w, p.w);
  toKernelLayout(b, p.b);
  const t = layer.forward(rows(kernels, p.x, p.inputs), p.batch);
  const tCopy = t.data.view.slice(0, p.batch * t.nv * 4);
  const dx = layer.backward(rows(kernels, p.dT, p.outputs), p.batch)!;
  return { t: tCopy, dWt: w.grad.view.slice(), db: b.grad.view.slice(), dx: dx.data.view.slice(0, p.batch * dx.nv * 4) };
}

/** The same products by the kernels in one call each, on this thread: no split at all. */
function runWhole(kernels: Kernels, p: Problem): Result {
  const nv = vectors(p.outputs);
  const nvIn = vectors(p.inputs);
  const layer = new Dense(kernels, p.inputs, p.outputs, ['w', 'b'], p.batch, true);
  const [w, b] = layer.params as [Param, Param];
  toKernelLayout(w, p.w);
  toKernelLayout(b, p.b);
  const x = rows(kernels, p.x, p.inputs).data;
  const dt = rows(kernels, p.dT, p.outputs).data;
  const t = kernels.f32(p.batch * nv * 4);
  const dx = kernels.f32(p.batch * nvIn * 4);
  kernels.fn.dense_forward(x.ptr, nvIn, p.inputs, p.batch, w.value.ptr, b.value.ptr, t.ptr, nv);
  kernels.fn.column_sums(dt.ptr, p.batch, nv, b.grad.ptr);
  kernels.fn.dense_backward_weights(x.ptr, nvIn, p.inputs, p.batch, dt.ptr, nv, w.grad.ptr);
  kernels.fn.dense_backward_input(dt.ptr, nv, p.batch, w.value.ptr, p.inputs, dx.ptr, nvIn);
  return { t: t.view.slice(), dWt: w.grad.view.slice(), db: b.grad.view.slice(), dx: dx.view.slice() };
}

const bits = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

function assertSameBits(got: Result, want: Result, what: string): void {
  for (const key of ['t', 'dWt', 'db', 'dx'] as const) {
    assert.deepEqual(bits(got[key]), bits(want[key]), `${what}: ${key}`);
  }
}

/** Checks each result against float64 sums, within 1e-5 of the sum of the terms' magnitudes; pad lanes 0. */
function assertMatchesFloat64(got: Result, p: Problem): void {
  const { inputs, outputs, batch, w, b, x, dT } = p;
  const what = `${inputs}→${outputs} B=${batch}`;
  const nv = vectors(outputs);
  const nvIn = vectors(inputs);
  const close = (value: number, terms: number[], name: string) => {
    const want = terms.reduce((s, v) => s + v, 0);
    const scale = terms.reduce((s, v) => s + Math.abs(v), 0);
    assert.ok(Math.abs(value - want) <= 1e-5 * scale + 1e-30, `${what} ${name}: ${value} vs ${want}`);
  };
  const zero = (value: number, name: string) => assert.ok(Object.is(value, 0), `${what} ${name} is a pad lane: ${value}`);
  for (let s = 0; s < batch; s++) {
    for (let j = 0; j < nv * 4; j++) {
      if (j >= outputs) zero(got.t[s * nv * 4 + j]!, `t[${s}][${j}]`);
      else close(got.t[s * nv * 4 + j]!, [b[j]!, ...x[s]!.map((v, i) => v * w[j * inputs + i]!)], `t[${s}][${j}]`);
    }
    for (let i = 0; i < nvIn * 4; i++) {
      if (i >= inputs) zero(got.dx[s * nvIn * 4 + i]!, `dx[${s}][${i}]`);
      else close(got.dx[s * nvIn * 4 + i]!, dT[s]!.map((d, j) => d * w[j * inputs + i]!), `dx[${s}][${i}]`);
    }
  }
  for (let j = 0; j < nv * 4; j++) {
    if (j >= outputs) zero(got.db[j]!, `db[${j}]`);
    else close(got.db[j]!, dT.map((d) => d[j]!), `db[${j}]`);
    for (let i = 0; i < inputs; i++) {
      if (j >= outputs) zero(got.dWt[i * nv * 4 + j]!, `dWᵀ[${i}][${j}]`);
      else close(got.dWt[i * nv * 4 + j]!, dT.map((d, s) => d[j]! * x[s]![i]!), `dW[${j}][${i}]`);
    }
  }
}

/**
 * The narrow kernels' order (before the register tiles), in float32 step by step: t from
 * b adding x_i·w_i for i in order; each dWᵀ and db entry from 0 over the samples in order;
 * dx[s][i] one 4-lane sum over the output vectors in order (starting from the first
 * product), then its lanes (0+1)+(2+3).
 */
function narrowOrder(p: Problem): Result {
  const f = Math.fround;
  const { inputs, outputs, batch, w, b, x, dT } = p;
  const nv = vectors(outputs);
  const nvIn = vectors(inputs);
  const wAt = (j: number, i: number) => (j < outputs ? w[j * inputs + i]! : 0);
  const dAt = (s: number, j: number) => (j < outputs ? dT[s]![j]! : 0);
  const t = new Float32Array(batch * nv * 4);
  const dWt = new Float32Array(inputs * nv * 4);
  const db = new Float32Array(nv * 4);
  const dx = new Float32Array(batch * nvIn * 4);
  for (let s = 0; s < batch; s++) {
    for (let j = 0; j < outputs; j++) {
      let acc = b[j]!;
      for (let i = 0; i < inputs; i++) acc = f(acc + f(x[s]![i]! * wAt(j, i)));
      t[s * nv * 4 + j] = acc;
    }
  }
  for (let j = 0; j < outputs; j++) {
    let sum = 0;
    for (let s = 0; s < batch; s++) sum = f(sum + dAt(s, j));
    db[j] = sum;
    for (let i = 0; i < inputs; i++) {
      let acc = 0;
      for (let s = 0; s < batch; s++) acc = f(acc + f(x[s]![i]! * dAt(s, j)));
      dWt[i * nv * 4 + j] = acc;
    }
  }
  for (let s = 0; s < batch; s++) {
    for (let i = 0; i < inputs; i++) {
      const lanes = [0, 1, 2, 3].map((l) => f(wAt(l, i) * dAt(s, l)));
      for (let v = 1; v < nv; v++) {
        for (let l = 0; l < 4; l++) lanes[l] = f(lanes[l]! + f(wAt(4 * v + l, i) * dAt(s, 4 * v + l)));
      }
      dx[s * nvIn * 4 + i] = f(f(lanes[0]! + lanes[1]!) + f(lanes[2]! + lanes[3]!));
    }
  }
  return { t, dWt, db, dx };
}

const alone = new Kernels();
// A helper thread unless the machine has one core or RUNNER_THREADS=1 (then both sides run alone).
const withHelper = new Kernels();
withHelper.startHelper();
after(() => withHelper.close());

test('dense forward, ∂W, ∂b and ∂x match float64 loops at every remainder, pad lanes 0; split or not, a helper thread or not, the same bits', () => {
  for (const outputs of OUTPUTS) {
    for (const inputs of INPUTS) {
      for (const batch of BATCHES) {
        const p = problem(inputs, outputs, batch);
        const what = `${inputs}→${outputs} B=${batch}`;
        const one = run(alone, p);
        assertMatchesFloat64(one, p);
        assertSameBits(run(withHelper, p), one, `${what}, a helper thread vs none`);
        assertSameBits(runWhole(alone, p), one, `${what}, Dense (split when large) vs one call per product`);
      }
    }
  }
});

test('up to 4 output vectors (the report\'s 32 → 10), the results are the narrow kernels\' bits', () => {
  for (const [inputs, outputs, batch] of [[32, 10, 100], [32, 10, 7], [7, 13, 3], [5, 3, 2], [256, 16, 100], [1, 1, 1], [128, 10, 100]] as const) {
    const p = problem(inputs, outputs, batch);
    const want = narrowOrder(p);
    assertSameBits(run(alone, p), want, `${inputs}→${outputs} B=${batch}`);
    assertSameBits(run(withHelper, p), want, `${inputs}→${outputs} B=${batch} with a helper`);
  }
});

test('a product split anywhere (samples for t and ∂x, input rows for ∂W) gives the bits of the whole', () => {
  const { fn } = alone;
  for (const [inputs, outputs, batch] of [[7, 17, 7], [32, 33, 7], [256, 130, 7], [33, 13, 5], [9, 8, 3]] as const) {
    const p = problem(inputs, outputs, batch);
    const nv = vectors(outputs);
    const nvIn = vectors(inputs);
    const layer = new Dense(alone, inputs, outputs, ['w', 'b'], batch, true);
    const [w, b] = layer.params as [Param, Param];
    toKernelLayout(w, p.w);
    toKernelLayout(b, p.b);
    const x = rows(alone, p.x, inputs).data;
    const dt = rows(alone, p.dT, outputs).data;
    const whole = { t: alone.f32(batch * nv * 4), dWt: alone.f32(inputs * nv * 4), dx: alone.f32(batch * nvIn * 4) };
    fn.dense_forward(x.ptr, nvIn, inputs, batch, w.value.ptr, b.value.ptr, whole.t.ptr, nv);
    fn.dense_backward_weights(x.ptr, nvIn, inputs, batch, dt.ptr, nv, whole.dWt.ptr);
    fn.dense_backward_input(dt.ptr, nv, batch, w.value.ptr, inputs, whole.dx.ptr, nvIn);
    const what = `${inputs}→${outputs} B=${batch}`;
    for (let k = 0; k <= batch; k++) {
      const t = alone.f32(batch * nv * 4);
      const dx = alone.f32(batch * nvIn * 4);
      fn.dense_forward(x.ptr, nvIn, inputs, k, w.value.ptr, b.value.ptr, t.ptr, nv);
      fn.dense_forward(x.ptr + k * nvIn * 16, nvIn, inputs, batch - k, w.value.ptr, b.value.ptr, t.ptr + k * nv * 16, nv);
      fn.dense_backward_input(dt.ptr, nv, k, w.value.ptr, inputs, dx.ptr, nvIn);
      fn.dense_backward_input(dt.ptr + k * nv * 16, nv, batch - k, w.value.ptr, inputs, dx.ptr + k * nvIn * 16, nvIn);
      assert.deepEqual(bits(t.view), bits(whole.t.view), `${what}: t split at sample ${k}`);
      assert.deepEqual(bits(dx.view), bits(whole.dx.view), `${what}: dx split at sample ${k}`);
    }
    for (let i0 = 0; i0 <= inputs; i0++) {
      const dWt = alone.f32(inputs * nv * 4);
      fn.dense_backward_weights(x.ptr, nvIn, i0, batch, dt.ptr, nv, dWt.ptr);
      fn.dense_backward_weights(x.ptr + i0 * 4, nvIn, inputs - i0, batch, dt.ptr, nv, dWt.ptr + i0 * nv * 16);
      assert.deepEqual(bits(dWt.view), bits(whole.dWt.view), `${what}: dW split at input ${i0}`);
    }
  }
});
