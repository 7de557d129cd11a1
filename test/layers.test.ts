import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchNorm } from '../src/nn/batch-norm.js';
import { Dropout } from '../src/nn/dropout.js';
import { Kernels, type F32 } from '../src/nn/kernels.js';
import type { Activations } from '../src/nn/layer.js';
import { Network } from '../src/nn/network.js';
import { isTrained, Parameters } from '../src/nn/parameters.js';
import { Rng } from '../src/nn/prng.js';
import { SoftmaxCrossEntropy } from '../src/nn/softmax-cross-entropy.js';
import { ImageBatch, SparseImages } from '../src/nn/sparse-images.js';
import type { Activation, HiddenLayerSpec, NetworkSpec } from '../src/nn/spec.js';

/**
 * Every layer kind of src/nn (dense, sigmoid, relu, dropout, batch norm) on a tiny network:
 * 7 pixels → 5 → 6 → 4 classes, so no width is a multiple of 4 except the output's, and
 * every pad lane is exercised. The reference is the network written out again here, in
 * float64, from the equations of spec.ts / batch-norm.ts / dropout.ts, not from src/nn.
 */

const PIXELS = 7;
const IMAGES = 12;
const SCALE = 1 / 64;

function layer(units: number, activation: Activation, bn: number | null = null, dropout = 0): HiddenLayerSpec {
  return { units, activation, batchNorm: bn === null ? null : { epsilon: bn }, dropout };
}

function spec(...hidden: HiddenLayerSpec[]): NetworkSpec {
  return { inputs: PIXELS, classes: 4, hidden };
}

interface Problem {
  spec: NetworkSpec;
  params: Parameters;
  kernels: Kernels;
  net: Network;
  loss: SoftmaxCrossEntropy;
  chosen: ImageBatch;
  batch: number;
  labels: Uint8Array;
  pixels: Uint8Array;
  /** Image numbers of the batch. */
  indices: number[];
  /** The PRNG state every training forward starts from: the same dropout masks each time. */
  rngState: Uint8Array;
}

/** A tiny network and batch; γ and β moved away from 1 and 0 so their gradients are generic. */
function problem(s: NetworkSpec, seed: number, batch: number, maxBatch = batch): Problem {
  const rng = Rng.fromSeed(seed);
  const params = Parameters.allocate(s);
  params.initialise(0.6, rng);
  for (const t of params.layout) {
    const v = params.views[t.name]!;
    if (t.kind === 'gamma') for (let k = 0; k < v.length; k++) v[k] = 1 + rng.normal(0, 0.3);
    if (t.kind === 'beta') for (let k = 0; k < v.length; k++) v[k] = rng.normal(0, 0.3);
  }
  const pixels = Uint8Array.from({ length: IMAGES * PIXELS }, () => (rng.nextFloat() < 0.3 ? 0 : 1 + rng.nextInt(255)));
  const kernels = new Kernels();
  const images = SparseImages.fromPixels(kernels, pixels, IMAGES, PIXELS, SCALE);
  const chosen = new ImageBatch(images, maxBatch);
  const indices = Array.from({ length: batch }, () => rng.nextInt(IMAGES));
  chosen.indices.set(indices);
  const labels = Uint8Array.from({ length: batch }, () => rng.nextInt(s.classes));
  const net = new Network(kernels, s, maxBatch);
  const loss = new SoftmaxCrossEntropy(kernels, s.classes, maxBatch);
  return { spec: s, params, kernels, net, loss, chosen, batch, labels, pixels, indices, rngState: Rng.fromSeed(seed + 1000).saveState() };
}

/** The batch's inputs x[s][i], in float64. */
function inputs(p: Problem, indices = p.indices): number[][] {
  return indices.map((n) => Array.from({ length: PIXELS }, (_, i) => p.pixels[n * PIXELS + i]! * SCALE));
}

/**
 * The dropout masks a training forward draws from a PRNG in `state`, replayed here: layer by
 * layer, sample by sample, unit by unit, node j of sample s kept iff nextU32() ≥ floor(ρ·2³²).
 * Also returns the PRNG after the draws.
 */
function replayMasks(s: NetworkSpec, state: Uint8Array, batch: number): { masks: (number[][] | null)[]; rng: Rng } {
  const rng = Rng.fromState(state);
  const masks = s.hidden.map((h) => {
    if (h.dropout === 0) return null;
    const threshold = Math.floor(h.dropout * 2 ** 32);
    return Array.from({ length: batch }, () => Array.from({ length: h.units }, () => (rng.nextU32() >= threshold ? 1 : 0)));
  });
  return { masks, rng };
}

type Tensors = Record<string, Float64Array>;

function float64(params: Parameters): Tensors {
  return Object.fromEntries(params.layout.map((t) => [t.name, Float64Array.from(params.views[t.name]!)]));
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * The network in float64, by the equations: for each hidden layer K, t = W x + b; in training
 * batch norm with μ, σ² over the batch (÷ B), in evaluation with bnK_mean, bnK_var; the
 * activation; dropout as y = a ⊙ mask (training) or (1 − ρ) a (evaluation); then the
 * output layer and the mean softmax cross-entropy. Backward (training only) by the chain
 * rule, batch norm's as in Ioffe & Szegedy's paper (through ∂σ² and ∂μ).
 */
function reference(s: NetworkSpec, w: Tensors, x: number[][], labels: ArrayLike<number>, mode: { masks: (number[][] | null)[] } | 'eval') {
  const B = x.length;
  const L = s.hidden.length + 1;
  type Cache = { input: number[][]; t: number[][]; mu?: number[]; varB?: number[]; xhat?: number[][]; z: number[][]; a: number[][]; y: number[][] };
  const caches: Cache[] = [];
  let nearestKink = Infinity;
  let input = x;
  const dense = (W: Float64Array, b: Float64Array, xs: number[][], outputs: number) =>
    xs.map((row) => Array.from({ length: outputs }, (_, j) => row.reduce((sum, v, i) => sum + W[j * row.length + i]! * v, b[j]!)));
  s.hidden.forEach((h, k) => {
    const K = k + 1;
    const t = dense(w[`w${K}`]!, w[`b${K}`]!, input, h.units);
    const cache: Cache = { input, t, z: t, a: [], y: [] };
    if (h.batchNorm) {
      const eps = h.batchNorm.epsilon;
      const gamma = w[`bn${K}_gamma`]!;
      const beta = w[`bn${K}_beta`]!;
      let mu: number[];
      let v: number[];
      if (mode === 'eval') {
        mu = [...w[`bn${K}_mean`]!];
        v = [...w[`bn${K}_var`]!];
      } else {
        mu = Array.from({ length: h.units }, (_, j) => t.reduce((sum, row) => sum + row[j]!, 0) / B);
        v = Array.from({ length: h.units }, (_, j) => t.reduce((sum, row) => sum + (row[j]! - mu[j]!) ** 2, 0) / B);
      }
      const xhat = t.map((row) => row.map((tv, j) => (tv - mu[j]!) / Math.sqrt(v[j]! + eps)));
      cache.mu = mu;
      cache.varB = v;
      cache.xhat = xhat;
      cache.z = xhat.map((row) => row.map((xv, j) => gamma[j]! * xv + beta[j]!));
    }
    if (h.activation === 'relu') for (const row of cache.z) for (const v of row) nearestKink = Math.min(nearestKink, Math.abs(v));
    cache.a = cache.z.map((row) => row.map((v) => (h.activation === 'sigmoid' ? sigmoid(v) : Math.max(0, v))));
    const mask = mode === 'eval' ? null : mode.masks[k];
    cache.y =
      h.dropout === 0 ? cache.a : mode === 'eval' ? cache.a.map((row) => row.map((v) => (1 - h.dropout) * v)) : cache.a.map((row, sIdx) => row.map((v, j) => v * mask![sIdx]![j]!));
    caches.push(cache);
    input = cache.y;
  });
  const logits = dense(w[`w${L}`]!, w[`b${L}`]!, input, s.classes);
  let loss = 0;
  const dA = logits.map((a, sIdx) => {
    const max = Math.max(...a);
    const z = a.reduce((sum, v) => sum + Math.exp(v - max), 0);
    loss -= (a[labels[sIdx]!]! - max - Math.log(z)) / B;
    return a.map((v, c) => (Math.exp(v - max) / z - (c === labels[sIdx] ? 1 : 0)) / B);
  });
  const grads: Tensors = {};
  if (mode === 'eval') return { loss, logits, grads, nearestKink, caches };

  const denseBackward = (K: number, xs: number[][], dT: number[][]): number[][] => {
    const W = w[`w${K}`]!;
    const outputs = dT[0]!.length;
    const nin = xs[0]!.length;
    const dW = new Float64Array(outputs * nin);
    const db = new Float64Array(outputs);
    dT.forEach((row, sIdx) =>
      row.forEach((d, j) => {
        db[j]! += d;
        for (let i = 0; i < nin; i++) dW[j * nin + i]! += d * xs[sIdx]![i]!;
      }),
    );
    grads[`w${K}`] = dW;
    grads[`b${K}`] = db;
    return dT.map((row) => Array.from({ length: nin }, (_, i) => row.reduce((sum, d, j) => sum + d * W[j * nin + i]!, 0)));
  };
  let dY = denseBackward(L, input, dA);
  for (let k = s.hidden.length - 1; k >= 0; k--) {
    const h = s.hidden[k]!;
    const K = k + 1;
    const c = caches[k]!;
    const mask = mode.masks[k];
    const da = h.dropout === 0 ? dY : dY.map((row, sIdx) => row.map((d, j) => d * mask![sIdx]![j]!));
    const dz = da.map((row, sIdx) => row.map((d, j) => (h.activation === 'sigmoid' ? d * c.a[sIdx]![j]! * (1 - c.a[sIdx]![j]!) : c.z[sIdx]![j]! > 0 ? d : 0)));
    let dT = dz;
    if (h.batchNorm) {
      const eps = h.batchNorm.epsilon;
      const gamma = w[`bn${K}_gamma`]!;
      const { mu, varB, xhat, t } = c as Required<Cache>;
      const dGamma = new Float64Array(h.units);
      const dBeta = new Float64Array(h.units);
      dz.forEach((row, sIdx) =>
        row.forEach((d, j) => {
          dGamma[j]! += d * xhat[sIdx]![j]!;
          dBeta[j]! += d;
        }),
      );
      grads[`bn${K}_gamma`] = dGamma;
      grads[`bn${K}_beta`] = dBeta;
      // The paper's chain: ∂x̂ = ∂y γ, ∂σ², ∂μ, then ∂t.
      const dXhat = dz.map((row) => row.map((d, j) => d * gamma[j]!));
      const dVar = Array.from({ length: h.units }, (_, j) =>
        dXhat.reduce((sum, row, sIdx) => sum + row[j]! * (t[sIdx]![j]! - mu[j]!), 0) * -0.5 * (varB[j]! + eps) ** -1.5,
      );
      const dMu = Array.from(
        { length: h.units },
        (_, j) =>
          dXhat.reduce((sum, row) => sum - row[j]! / Math.sqrt(varB[j]! + eps), 0) +
          (dVar[j]! * t.reduce((sum, row) => sum - 2 * (row[j]! - mu[j]!), 0)) / B,
      );
      dT = dXhat.map((row, sIdx) =>
        row.map((d, j) => d / Math.sqrt(varB[j]! + eps) + (dVar[j]! * 2 * (t[sIdx]![j]! - mu[j]!)) / B + dMu[j]! / B),
      );
    }
    dY = denseBackward(K, c.input, dT);
  }
  return { loss, logits, grads, nearestKink, caches };
}

/** The kernels' loss and backward for the problem, with the masks drawn from rngState. */
function kernelsStep(p: Problem): number {
  p.net.load(p.params);
  p.net.train(Rng.fromState(p.rngState));
  const e = p.loss.forward(p.net.forward(p.chosen, p.batch), p.labels, p.batch);
  p.net.backward(p.loss.backward(p.batch), p.batch);
  return e;
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < v.length; k++) m = Math.max(m, Math.abs(v[k]!));
  return m;
}

/** Pad lanes (j ≥ width) of every row of `a` are 0. */
function assertPadsZero(a: Activations, batch: number, what: string): void {
  const v = a.data.view;
  for (let s = 0; s < batch; s++) for (let j = a.width; j < a.nv * 4; j++) assert.equal(v[s * a.nv * 4 + j], 0, `${what}: pad lane [${s}][${j}] is ${v[s * a.nv * 4 + j]}`);
}

/** The real lanes of `a` as rows of float64. */
function rows(a: Activations, batch: number): number[][] {
  const v = a.data.view;
  return Array.from({ length: batch }, (_, s) => Array.from(v.subarray(s * a.nv * 4, s * a.nv * 4 + a.width)));
}

const CASES: { name: string; spec: NetworkSpec; seed: number; batch: number; maxBatch?: number }[] = [
  { name: 'dense, sigmoid, relu', spec: spec(layer(5, 'sigmoid'), layer(6, 'relu')), seed: 1, batch: 3 },
  { name: 'dense, relu, sigmoid', spec: spec(layer(5, 'relu'), layer(6, 'sigmoid')), seed: 2, batch: 5 },
  { name: 'dropout', spec: spec(layer(5, 'sigmoid', null, 0.3), layer(6, 'relu', null, 0.5)), seed: 3, batch: 4 },
  { name: 'batch norm', spec: spec(layer(5, 'relu', 1e-5), layer(6, 'sigmoid', 1e-3)), seed: 4, batch: 5 },
  { name: 'batch norm, a batch of 2', spec: spec(layer(5, 'sigmoid', 1e-5), layer(6, 'sigmoid', 1e-5)), seed: 5, batch: 2 },
  { name: 'batch norm and dropout on one layer', spec: spec(layer(5, 'relu', 1e-5, 0.4), layer(6, 'sigmoid', 1e-2, 0.2)), seed: 6, batch: 4 },
  { name: 'batch norm on one layer of three, dropout above ½', spec: spec(layer(5, 'sigmoid', null, 0.75), layer(6, 'relu', 1e-5), layer(3, 'sigmoid')), seed: 7, batch: 3 },
  { name: 'wider layers (37, 13), a batch of 9', spec: spec(layer(37, 'relu', 1e-5, 0.3), layer(13, 'sigmoid', 1e-5, 0.1)), seed: 8, batch: 9 },
  { name: '3 classes (the logits padded too)', spec: { ...spec(layer(5, 'relu', 1e-5, 0.3), layer(6, 'sigmoid')), classes: 3 }, seed: 10, batch: 4 },
  { name: 'a batch of 3 in buffers for 8', spec: spec(layer(5, 'sigmoid', 1e-5, 0.5), layer(6, 'relu', 1e-5)), seed: 11, batch: 3, maxBatch: 8 },
  { name: 'one unit per layer', spec: spec(layer(1, 'sigmoid', 1e-5), layer(1, 'relu', null, 0.5)), seed: 9, batch: 6 },
];

for (const c of CASES) {
  test(`gradients (${c.name}): kernels vs float64 equations vs finite differences; the loss`, () => {
    const p = problem(c.spec, c.seed, c.batch, c.maxBatch);
    if (c.maxBatch !== undefined) {
      // A full batch first, leaving its rows in every buffer past the batch's.
      p.net.load(p.params);
      p.net.train(Rng.fromSeed(5));
      p.chosen.indices.set(Array.from({ length: c.maxBatch }, (_, k) => k));
      const labels = Uint8Array.from({ length: c.maxBatch }, (_, k) => k % c.spec.classes);
      p.loss.forward(p.net.forward(p.chosen, c.maxBatch), labels, c.maxBatch);
      p.net.backward(p.loss.backward(c.maxBatch), c.maxBatch);
      p.chosen.indices.set(p.indices);
    }
    const e = kernelsStep(p);
    const { masks } = replayMasks(c.spec, p.rngState, c.batch);
    const w = float64(p.params);
    const x = inputs(p);
    const ref = reference(c.spec, w, x, p.labels, { masks });
    if (c.spec.hidden.some((h) => h.activation === 'relu')) assert.ok(ref.nearestKink > 1e-3, `a relu input sits at ${ref.nearestKink}, near the kink: choose another seed`);
    if (c.spec.hidden.some((h) => h.dropout > 0)) {
      const all = masks.flatMap((m) => (m ?? []).flat());
      assert.ok(all.includes(0) && all.includes(1), 'the masks keep some nodes and drop others');
    }

    // 3. The loss.
    assert.ok(Math.abs(e - ref.loss) <= 1e-5 * ref.loss, `loss: kernels ${e} vs equations ${ref.loss}`);

    const trained = p.params.layout.filter((t) => isTrained(t.kind)).map((t) => t.name);
    assert.deepEqual(p.net.params.map((q) => q.name).sort(), [...trained].sort(), 'the network trains exactly the tensors the layout marks trained');
    const globalMax = Math.max(...trained.map((n) => maxAbs(ref.grads[n]!)));
    assert.ok(globalMax > 1e-2, 'a gradient worth checking');
    // A bias under batch norm has no gradient at all (the batch mean removes it): the kernels'
    // is float32 noise, judged on the network's scale; any other tensor on its own.
    c.spec.hidden.forEach((h, k) => {
      if (h.batchNorm) assert.ok(maxAbs(ref.grads[`b${k + 1}`]!) < 1e-12 * globalMax, `b${k + 1} under batch norm: no gradient`);
    });
    const scaleOf = (name: string) => {
      const own = maxAbs(ref.grads[name]!);
      return own < 1e-12 * globalMax ? globalMax : Math.max(own, 1e-2 * globalMax);
    };

    // 1. The kernels' gradients against the equations'.
    for (const name of trained) {
      const got = p.net.gradient(name);
      const want = ref.grads[name]!;
      assert.equal(got.length, want.length, name);
      const scale = scaleOf(name);
      want.forEach((v, k) => assert.ok(Math.abs(got[k]! - v) <= 1e-4 * scale, `${name}[${k}]: kernels ${got[k]} vs equations ${v} (scale ${scale})`));
    }
    for (const q of p.net.params) {
      // The gradients' pad lanes are 0 (so an update never moves a pad lane).
      const [outputs, nin = 1] = q.shape as [number, number?];
      const stride = Math.ceil(outputs / 4) * 4;
      const g = q.grad.view;
      for (let i = 0; i < nin; i++) for (let j = outputs; j < stride; j++) assert.equal(g[i * stride + j], 0, `${q.name} grad pad lane [${i}][${j}]`);
    }

    // 2. The equations against central differences of their own float64 loss.
    const h = 1e-6;
    for (const name of trained) {
      const v = w[name]!;
      const scale = scaleOf(name);
      for (let k = 0; k < v.length; k++) {
        const saved = v[k]!;
        v[k] = saved + h;
        const up = reference(c.spec, w, x, p.labels, { masks }).loss;
        v[k] = saved - h;
        const down = reference(c.spec, w, x, p.labels, { masks }).loss;
        v[k] = saved;
        const numeric = (up - down) / (2 * h);
        const analytic = ref.grads[name]![k]!;
        assert.ok(Math.abs(numeric - analytic) <= 1e-6 * scale, `${name}[${k}]: equations ${analytic} vs finite difference ${numeric}`);
      }
    }

    // The same masks again, from the same PRNG state: the same bits.
    const again = kernelsStep(p);
    assert.equal(again, e, 'a forward from the same PRNG state gives the same loss');
  });
}

test('every layer keeps its pad lanes at 0, forward and backward, in training and in evaluation', () => {
  const s = spec(layer(5, 'sigmoid', 1e-5, 0.3), layer(6, 'relu', 1e-5, 0.5), layer(3, 'sigmoid', null, 0.2));
  const p = problem(s, 21, 5);
  p.net.load(p.params);
  for (const mode of ['train', 'eval'] as const) {
    if (mode === 'train') p.net.train(Rng.fromState(p.rngState));
    else p.net.eval();
    let x = p.net.input.forward(p.chosen, p.batch);
    assertPadsZero(x, p.batch, `${mode}: input layer's t`);
    const outputs: Activations[] = [];
    p.net.layers.forEach((l, k) => {
      x = l.forward(x, p.batch);
      assertPadsZero(x, p.batch, `${mode}: layer ${k} (${l.constructor.name}) forward`);
      outputs.push(x);
    });
    if (mode === 'eval') continue;
    p.loss.forward(x, p.labels, p.batch);
    let d: Activations | null = p.loss.backward(p.batch);
    assertPadsZero(d, p.batch, 'dLogits');
    for (let l = p.net.layers.length - 1; l >= 0 && d; l--) {
      d = p.net.layers[l]!.backward(d, p.batch);
      if (d) assertPadsZero(d, p.batch, `layer ${l} (${p.net.layers[l]!.constructor.name}) backward`);
    }
  }
});

test('evaluation: batch norm uses the stored E[t], Var[t]; dropout scales by (1 − ρ); no PRNG is needed', () => {
  const s = spec(layer(5, 'relu', 1e-3, 0.3), layer(6, 'sigmoid', 1e-5, 0.45));
  const p = problem(s, 31, 4);
  const { views } = p.params;
  views.bn1_mean!.set([0.5, -1.25, 2, 0, 0.1]);
  views.bn1_var!.set([0.25, 4, 1, 0.01, 9]);
  views.bn2_mean!.set([-0.3, 0.2, 0.7, -2, 1, 0]);
  views.bn2_var!.set([2, 0.5, 0.1, 3, 1, 1e-4]);
  p.net.load(p.params);
  p.net.eval();
  // Layer by layer, each from its own (float32) input.
  let x = p.net.input.forward(p.chosen, p.batch);
  for (const l of p.net.layers) {
    const input = rows(x, p.batch);
    const y = l.forward(x, p.batch);
    const got = rows(y, p.batch);
    if (l instanceof BatchNorm) {
      const K = l.params[0]!.name.match(/^bn(\d+)_/)![1];
      const [g, b, m, v] = ['gamma', 'beta', 'mean', 'var'].map((n) => views[`bn${K}_${n}`]!);
      input.forEach((row, sIdx) =>
        row.forEach((t, j) => {
          const want = (g![j]! * (t - m![j]!)) / Math.sqrt(v![j]! + l.epsilon) + b![j]!;
          assert.ok(Math.abs(got[sIdx]![j]! - want) <= 1e-5 * (1 + Math.abs(want)), `bn${K} y[${sIdx}][${j}]: ${got[sIdx]![j]} vs γ (t − mean)/√(var + ε) + β = ${want}`);
        }),
      );
    }
    if (l instanceof Dropout) {
      input.forEach((row, sIdx) => row.forEach((a, j) => assert.equal(got[sIdx]![j], Math.fround(a * Math.fround(1 - l.rate)), `dropout y[${sIdx}][${j}]`)));
    }
    x = y;
  }
  // And the whole network against the float64 equations in evaluation mode.
  const ref = reference(s, float64(p.params), inputs(p), p.labels, 'eval');
  const logits = rows(x, p.batch);
  ref.logits.forEach((row, sIdx) => row.forEach((want, c) => assert.ok(Math.abs(logits[sIdx]![c]! - want) <= 1e-5 * (1 + Math.abs(want)), `logit[${sIdx}][${c}]: ${logits[sIdx]![c]} vs ${want}`)));
  // Deterministic: a second evaluation forward gives the same bits.
  const again = rows(p.net.forward(p.chosen, p.batch), p.batch);
  assert.deepEqual(again, logits);
});

test("batch norm's epoch statistics: E[t] = mean of the batches' μ_B, Var[t] = B/(B − 1) × mean of σ²_B", () => {
  const s = spec(layer(5, 'sigmoid', 1e-5), layer(6, 'relu', 1e-5, 0.3));
  const B = 4;
  const p = problem(s, 41, B);
  p.net.load(p.params);
  const rng = Rng.fromSeed(99);
  p.net.train(rng);
  const saved = Parameters.allocate(s);
  // Before any batch: 0 and 1.
  p.net.beginEpoch();
  p.net.save(saved);
  assert.deepEqual([...saved.views.bn1_mean!], [0, 0, 0, 0, 0]);
  assert.deepEqual([...saved.views.bn2_var!], [1, 1, 1, 1, 1, 1]);

  /** Runs `count` training batches, returning each batch-norm layer's inputs for each batch. */
  const run = (count: number) => {
    const seen: number[][][][] = [[], []];
    for (let b = 0; b < count; b++) {
      p.chosen.indices.set(Array.from({ length: B }, () => rng.nextInt(IMAGES)));
      let x = p.net.input.forward(p.chosen, B);
      let k = 0;
      for (const l of p.net.layers) {
        if (l instanceof BatchNorm) seen[k++]!.push(rows(x, B));
        x = l.forward(x, B);
      }
      p.loss.forward(x, p.labels, B);
      p.net.backward(p.loss.backward(B), B);
    }
    return seen;
  };
  const expected = (seen: number[][][][]) =>
    seen.map((batches) => {
      const units = batches[0]![0]!.length;
      const mean = Array.from({ length: units }, (_, j) => batches.reduce((sum, t) => sum + t.reduce((a, row) => a + row[j]!, 0) / B, 0) / batches.length);
      const variance = Array.from(
        { length: units },
        (_, j) =>
          ((B / (B - 1)) *
            batches.reduce((sum, t) => {
              const mu = t.reduce((a, row) => a + row[j]!, 0) / B;
              return sum + t.reduce((a, row) => a + (row[j]! - mu) ** 2, 0) / B;
            }, 0)) /
          batches.length,
      );
      return { mean, variance };
    });
  const check = (seen: number[][][][], what: string) => {
    p.net.save(saved);
    expected(seen).forEach(({ mean, variance }, k) => {
      const K = k + 1;
      const gotMean = saved.views[`bn${K}_mean`]!;
      const gotVar = saved.views[`bn${K}_var`]!;
      const scale = Math.max(...variance);
      mean.forEach((m, j) => assert.ok(Math.abs(gotMean[j]! - m) <= 1e-6 * (Math.abs(m) + Math.sqrt(scale)), `${what}: bn${K}_mean[${j}] ${gotMean[j]} vs ${m}`));
      variance.forEach((v, j) => assert.ok(Math.abs(gotVar[j]! - v) <= 1e-5 * v + 1e-7 * scale, `${what}: bn${K}_var[${j}] ${gotVar[j]} vs ${v}`));
    });
    // save() leaves the weights as they were loaded.
    for (const n of ['w1', 'b1', 'w2', 'b2', 'w3', 'b3', 'bn1_gamma', 'bn2_beta']) assert.deepEqual(saved.views[n], p.params.views[n], `${what}: ${n}`);
  };
  const first = run(5);
  check(first, 'after 5 batches');
  // Evaluation forwards add nothing to the epoch's statistics.
  p.net.eval();
  p.net.forward(p.chosen, B);
  check(first, 'after an evaluation forward');
  // A new epoch starts its statistics again.
  p.net.train(rng);
  p.net.beginEpoch();
  const second = run(3);
  check(second, 'the next epoch, after 3 batches');
});

test('the dropout mask: about ρ of the nodes drop, pad lanes stay 0, and it is the PRNG stream itself', () => {
  for (const [units, rate, batch] of [[37, 0.3, 541], [5, 0.75, 4000], [8, 0.5, 2500], [3, 1e-9, 100]] as const) {
    const kernels = new Kernels();
    const dropout = new Dropout(kernels, units, batch, rate);
    const nv = Math.ceil(units / 4);
    // Ones in every lane, pad lanes too: the output is the mask itself.
    const x: Activations = { data: kernels.f32(batch * nv * 4), width: units, nv };
    x.data.view.fill(1);
    const rng = Rng.fromSeed(units * 1000 + batch);
    const before = rng.saveState();
    dropout.rng = rng;
    const y = dropout.forward(x, batch);
    assertPadsZero(y, batch, `ρ = ${rate}`);
    // The replay: one nextU32() per real node, kept iff ≥ floor(ρ · 2³²).
    const replay = Rng.fromState(before);
    const threshold = Math.floor(rate * 2 ** 32);
    let dropped = 0;
    const v = y.data.view;
    for (let s = 0; s < batch; s++) {
      for (let j = 0; j < units; j++) {
        const keep = replay.nextU32() >= threshold ? 1 : 0;
        assert.equal(v[s * nv * 4 + j], keep, `ρ = ${rate}: node [${s}][${j}]`);
        dropped += 1 - keep;
      }
    }
    assert.deepEqual(rng.saveState(), replay.saveState(), `ρ = ${rate}: the PRNG advanced exactly one u32 per real node`);
    const n = batch * units;
    const sd = Math.sqrt(n * rate * (1 - rate));
    assert.ok(Math.abs(dropped - n * rate) <= 4 * sd + 1, `ρ = ${rate}: ${dropped} of ${n} dropped, expected ${n * rate} ± ${sd}`);
    // Backward passes the gradient through the same mask.
    const dY: Activations = { data: kernels.f32(batch * nv * 4), width: units, nv };
    dY.data.view.forEach((_, k) => (dY.data.view[k] = k % (nv * 4) < units ? k + 1 : 0));
    const dX = dropout.backward(dY, batch).data.view;
    for (let k = 0; k < batch * nv * 4; k++) assert.equal(dX[k], dY.data.view[k]! * v[k]!, `ρ = ${rate}: dx[${k}]`);
    // Evaluation: (1 − ρ) x, pad lanes of a proper input staying 0.
    dropout.training = false;
    for (let s = 0; s < batch; s++) x.data.view.fill(0, s * nv * 4 + units, (s + 1) * nv * 4);
    const e = dropout.forward(x, batch);
    assertPadsZero(e, batch, `ρ = ${rate}, evaluation`);
    assert.equal(e.data.view[0], Math.fround(1 - rate));
    assert.deepEqual(rng.saveState(), replay.saveState(), 'evaluation draws nothing');
  }
});

test('a network draws its masks from the PRNG it trains with: layer by layer, sample by sample, unit by unit', () => {
  const s = spec(layer(5, 'sigmoid', null, 0.3), layer(6, 'relu', 1e-5, 0.75), layer(3, 'sigmoid', null, 0.5));
  const p = problem(s, 51, 3);
  p.net.load(p.params);
  const rng = Rng.fromState(p.rngState);
  p.net.train(rng);
  let x = p.net.input.forward(p.chosen, p.batch);
  const got: number[][][] = [];
  for (const l of p.net.layers) {
    const input = rows(x, p.batch);
    x = l.forward(x, p.batch);
    if (l instanceof Dropout) {
      const mask = (l as unknown as { mask: F32 }).mask;
      assert.ok(mask, 'Dropout keeps its mask in a field `mask` (for this test)');
      const m = rows({ data: mask, width: l.units, nv: Math.ceil(l.units / 4) }, p.batch);
      const y = rows(x, p.batch);
      input.forEach((row, sIdx) => row.forEach((a, j) => assert.equal(y[sIdx]![j], Math.fround(a * m[sIdx]![j]!), 'y = x ⊙ mask')));
      got.push(m);
    }
  }
  const { masks, rng: replay } = replayMasks(s, p.rngState, p.batch);
  assert.deepEqual(got, masks.filter((m) => m !== null));
  assert.deepEqual(rng.saveState(), replay.saveState(), 'after the forward, the PRNG is where drawing the masks in JS leaves it');
  // A second forward draws new masks, continuing the stream.
  p.net.forward(p.chosen, p.batch);
  const next = replayMasks(s, replay.saveState(), p.batch);
  assert.deepEqual(rng.saveState(), next.rng.saveState());
});

test('initialise draws only W and b, in layout order; batch norm starts at γ = 1, β = 0, mean 0, var 1', () => {
  const plain = spec(layer(5, 'sigmoid'), layer(6, 'relu'));
  const withBn = spec(layer(5, 'sigmoid', 1e-5, 0.3), layer(6, 'relu', 1e-5));
  const a = Parameters.allocate(plain);
  const b = Parameters.allocate(withBn);
  const ra = Rng.fromSeed(8);
  const rb = Rng.fromSeed(8);
  a.initialise('fan_in', ra);
  b.initialise('fan_in', rb);
  assert.deepEqual(rb.saveState(), ra.saveState(), 'batch norm draws nothing');
  for (const n of ['w1', 'b1', 'w2', 'b2', 'w3', 'b3']) assert.deepEqual(b.views[n], a.views[n], n);
  for (const K of [1, 2]) {
    const units = withBn.hidden[K - 1]!.units;
    assert.deepEqual([...b.views[`bn${K}_gamma`]!], new Array(units).fill(1));
    assert.deepEqual([...b.views[`bn${K}_beta`]!], new Array(units).fill(0));
    assert.deepEqual([...b.views[`bn${K}_mean`]!], new Array(units).fill(0));
    assert.deepEqual([...b.views[`bn${K}_var`]!], new Array(units).fill(1));
  }
  assert.deepEqual(
    b.layout.map((t) => t.name),
    ['w1', 'b1', 'bn1_gamma', 'bn1_beta', 'bn1_mean', 'bn1_var', 'w2', 'b2', 'bn2_gamma', 'bn2_beta', 'bn2_mean', 'bn2_var', 'w3', 'b3'],
  );
  // The replay: normal(0, √(1/fan_in)) for every entry of w1, b1, w2, …, row-major.
  const replay = Rng.fromSeed(8);
  const fanIns = [7, 7, 5, 5, 6, 6];
  ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'].forEach((n, k) => {
    const v = a.views[n]!;
    for (let i = 0; i < v.length; i++) assert.equal(v[i], Math.fround(replay.normal(0, Math.sqrt(1 / fanIns[k]!))), `${n}[${i}]`);
  });
  assert.deepEqual(replay.saveState(), ra.saveState());
});

test('one thread or two: the same loss and gradients, bit for bit, with batch norm and dropout', () => {
  const saved = process.env.RUNNER_THREADS;
  process.env.RUNNER_THREADS = '2';
  try {
    const s = spec(layer(37, 'relu', 1e-5, 0.3), layer(13, 'sigmoid', 1e-5, 0.5));
    const one = problem(s, 61, 9);
    const two = problem(s, 61, 9);
    two.kernels.startHelper();
    try {
      assert.ok((two.kernels as unknown as { helper: unknown }).helper, 'the helper thread runs');
      assert.equal(kernelsStep(two), kernelsStep(one));
      for (const q of one.net.params) assert.deepEqual(two.net.gradient(q.name), one.net.gradient(q.name), q.name);
    } finally {
      two.kernels.close();
    }
  } finally {
    if (saved === undefined) delete process.env.RUNNER_THREADS;
    else process.env.RUNNER_THREADS = saved;
  }
});
