import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Kernels } from '../src/nn/kernels.js';
import { Dense } from '../src/nn/dense.js';
import { fromKernelLayout, toKernelLayout, type Activations, type Param } from '../src/nn/layer.js';
import { Network } from '../src/nn/network.js';
import { Parameters } from '../src/nn/parameters.js';
import { singleHiddenLayer, type Activation } from '../src/nn/spec.js';
import { Rng } from '../src/nn/prng.js';
import { Relu } from '../src/nn/relu.js';
import { Sigmoid } from '../src/nn/sigmoid.js';
import { SoftmaxCrossEntropy } from '../src/nn/softmax-cross-entropy.js';
import { ImageBatch, SparseImages } from '../src/nn/sparse-images.js';
import { evaluate } from '../src/train/evaluate.js';
import { drawBatch, initialState, train } from '../src/train/loop.js';
import type { Experiment } from '../src/config/experiment.generated.js';
import { syntheticImages } from './helpers.js';

/**
 * A tiny network and batch: 7 pixels (some exactly 0, as MNIST's) into 5 hidden units and
 * 4 classes, so every row is padded (5 → 8 floats, 4 → 4) and the kernels' remainder paths run.
 */
function tinyProblem(activation: Activation, seed = 11, units = 5) {
  const spec = singleHiddenLayer(7, units, 4, activation);
  const params = Parameters.allocate(spec);
  const rng = Rng.fromSeed(seed);
  params.initialise(0.5, rng);
  const batch = 3;
  const pixels = Uint8Array.from({ length: 10 * spec.inputs }, () => (rng.nextFloat() < 0.3 ? 0 : 1 + rng.nextInt(255)));
  const kernels = new Kernels();
  const images = SparseImages.fromPixels(kernels, pixels, 10, spec.inputs, 1 / 64);
  const chosen = new ImageBatch(images, batch);
  chosen.indices.set([4, 0, 9]);
  const labels = new Uint8Array([2, 0, 3]);
  const net = new Network(kernels, spec, batch);
  const loss = new SoftmaxCrossEntropy(kernels, spec.classes, batch);
  const lossAt = () => {
    net.load(params);
    return loss.forward(net.forward(chosen, batch), labels, batch);
  };
  const x = (s: number, i: number) => pixels[[4, 0, 9][s]! * spec.inputs + i]! / 64;
  return { spec, params, net, loss, lossAt, batch, labels, x };
}

/**
 * The report's equations in float64, written out independently of src/nn: the loss and its
 * four gradients for a batch, from the same parameters.
 */
function reportGradients(p: ReturnType<typeof tinyProblem>) {
  const { spec, params, batch, labels, x } = p;
  const { inputs, classes } = spec;
  const { units, activation } = spec.hidden[0]!;
  const [w1, b1, w2, b2] = (['w1', 'b1', 'w2', 'b2'] as const).map((n) => params.views[n]!) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const g = { w1: new Float64Array(w1.length), b1: new Float64Array(b1.length), w2: new Float64Array(w2.length), b2: new Float64Array(b2.length) };
  let loss = 0;
  /** The hidden pre-activation nearest 0: where relu has its kink. */
  let nearestKink = Infinity;
  for (let s = 0; s < batch; s++) {
    const t = Array.from({ length: units }, (_, j) => b1[j]! + Array.from({ length: inputs }, (_, i) => w1[j * inputs + i]! * x(s, i)).reduce((a, b) => a + b, 0));
    for (const v of t) nearestKink = Math.min(nearestKink, Math.abs(v));
    const y1 = t.map((v) => (activation === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : Math.max(0, v)));
    const a = Array.from({ length: classes }, (_, c) => b2[c]! + y1.reduce((sum, y, j) => sum + w2[c * units + j]! * y, 0));
    const max = Math.max(...a);
    const z = a.reduce((sum, v) => sum + Math.exp(v - max), 0);
    const y2 = a.map((v) => Math.exp(v - max) / z);
    loss -= Math.log(y2[labels[s]!]!) / batch;
    const dA = y2.map((v, c) => (v - (c === labels[s] ? 1 : 0)) / batch);
    dA.forEach((d, c) => {
      g.b2[c]! += d;
      y1.forEach((y, j) => (g.w2[c * units + j]! += d * y));
    });
    const dT = y1.map((y, j) => {
      const dY = dA.reduce((sum, d, c) => sum + d * w2[c * units + j]!, 0);
      return activation === 'sigmoid' ? dY * y * (1 - y) : t[j]! > 0 ? dY : 0;
    });
    dT.forEach((d, j) => {
      g.b1[j]! += d;
      for (let i = 0; i < inputs; i++) g.w1[j * inputs + i]! += d * x(s, i);
    });
  }
  return { loss, g, nearestKink };
}

const schema = JSON.parse(readFileSync(new URL('../schemas/experiment.schema.json', import.meta.url), 'utf8'));
const activations = schema.properties.activation.enum as Activation[];

const SEEDS: Record<Activation, number> = { sigmoid: 11, relu: 12 };

for (const activation of activations) {
  test(`backprop gives the report's dW1, db1, dW2, db2 (${activation}, float32 kernels vs float64 equations)`, () => {
    // A seed whose hidden units all sit well away from relu's kink at 0, where finite
    // differences mean nothing: a step of 1e-3 in W1 moves t by at most 4e-3.
    const problem = tinyProblem(activation, SEEDS[activation]);
    const { net, loss, lossAt, batch, params } = problem;
    const e = lossAt();
    net.backward(loss.backward(batch), batch);
    const reference = reportGradients(problem);
    if (activation === 'relu') assert.ok(reference.nearestKink > 0.02, `nearest |t| ${reference.nearestKink}`);
    assert.ok(Math.abs(e - reference.loss) < 1e-5 * reference.loss, `loss ${e} vs ${reference.loss}`);
    assert.deepEqual(net.params.map((p) => p.name).sort(), ['b1', 'b2', 'w1', 'w2']);
    for (const name of ['w1', 'b1', 'w2', 'b2'] as const) {
      const got = net.gradient(name);
      const want = reference.g[name];
      const scale = Math.max(...want.map(Math.abs));
      assert.ok(scale > 1e-3, `${name}: a gradient worth checking`);
      want.forEach((w, k) => assert.ok(Math.abs(got[k]! - w) < 1e-5 * scale, `${name}[${k}]: kernels ${got[k]} vs equations ${w}`));
    }

    // And the equations themselves against finite differences of the kernels' loss (float32,
    // so a wide step and a loose bound: a wrong gradient is off by far more).
    for (const name of ['w1', 'b1', 'w2', 'b2'] as const) {
      const view = params.views[name]!;
      for (let k = 0; k < view.length; k++) {
        const saved = view[k]!;
        view[k] = saved + 1e-3;
        const up = lossAt();
        const hUp = view[k]! - saved;
        view[k] = saved - 1e-3;
        const down = lossAt();
        const hDown = saved - view[k]!;
        view[k] = saved;
        const numeric = (up - down) / (hUp + hDown);
        const analytic = reference.g[name][k]!;
        assert.ok(Math.abs(numeric - analytic) < 2e-3 + 2e-2 * Math.abs(analytic), `${name}[${k}]: equations ${analytic} vs finite difference ${numeric}`);
      }
    }
  });
}

test("the first layer's 8-vector path and its remainder (37 units) give the report's gradients too", () => {
  for (const activation of activations) {
    const problem = tinyProblem(activation, 3, 37);
    const { net, loss, lossAt, batch } = problem;
    const e = lossAt();
    net.backward(loss.backward(batch), batch);
    const reference = reportGradients(problem);
    assert.ok(Math.abs(e - reference.loss) < 1e-5 * reference.loss, `${activation}: loss ${e} vs ${reference.loss}`);
    for (const name of ['w1', 'b1', 'w2', 'b2'] as const) {
      const got = net.gradient(name);
      const want = reference.g[name];
      const scale = Math.max(...want.map(Math.abs));
      want.forEach((w, k) => assert.ok(Math.abs(got[k]! - w) < 1e-5 * scale, `${activation} ${name}[${k}]: kernels ${got[k]} vs equations ${w}`));
    }
  }
});

/** Activations in a kernels memory holding `values` (one row of them). */
function row(kernels: Kernels, values: number[]): Activations {
  const nv = Math.ceil(values.length / 4);
  const data = kernels.f32(nv * 4);
  data.view.set(values);
  return { data, width: values.length, nv };
}

test('sigmoid and the softmax cross-entropy stay finite on huge inputs; sigmoid is accurate', () => {
  const kernels = new Kernels();
  const t = [-1e5, 1e5, -745, 0, -87.5, -88, 50, -50, -3.25, 2.5, 1e-8, -0.75];
  const sigmoid = new Sigmoid(kernels, t.length, 1);
  const y = [...sigmoid.forward(row(kernels, t), 1).data.view];
  assert.ok(y.every((v) => Number.isFinite(v) && v >= 0 && v <= 1), `${y}`);
  assert.equal(y[1], 1);
  assert.equal(y[3], 0.5);
  assert.ok(y[0]! < 1e-37 && y[2]! < 1e-37, 'σ(−1e5), σ(−745) ≈ 0');
  t.forEach((v, k) => {
    const exact = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    if (exact > 1e-30) assert.ok(Math.abs(y[k]! - exact) <= 4e-7 * exact, `σ(${v}) = ${y[k]}, not ${exact}`);
  });
  for (let v = -20; v <= 20; v += 0.125) {
    const [got] = sigmoid.forward(row(kernels, [v, 0, 0, 0]), 1).data.view;
    const exact = 1 / (1 + Math.exp(-v));
    assert.ok(Math.abs(got! - exact) <= 4e-7 * exact, `σ(${v}) = ${got}, not ${exact}`);
  }

  const ce = new SoftmaxCrossEntropy(kernels, 3, 2);
  // Logits in the thousands, as raw 0..255 pixels give; the label's probability underflows to 0.
  const logits: Activations = { data: kernels.f32(8), width: 3, nv: 1 };
  logits.data.view.set([5000, -5000, 0, 0, 0, 1e4, -1e4, 0]);
  const e = ce.forward(logits, [1, 2], 2);
  assert.ok(Number.isFinite(e), `loss ${e}`);
  assert.equal(e, (10000 + 20000) / 2);
  const d = ce.backward(2).data.view;
  assert.ok(d.every(Number.isFinite));
  assert.deepEqual([d[3], d[7]], [0, 0], 'pad lanes stay 0');
  const padded = new Sigmoid(kernels, 3, 2);
  const t3: Activations = { data: kernels.f32(8), width: 3, nv: 1 };
  t3.data.view.set([1, 2, 3, 0, -1, -2, -3, 0]);
  const y3 = padded.forward(t3, 2).data.view;
  assert.deepEqual([y3[3], y3[7]], [0, 0], 'σ keeps pad lanes at 0, not σ(0)');
});

test('the network fits a tiny synthetic dataset', async () => {
  const { images, labels } = syntheticImages(100, 4, 5, 3);
  const data = { images, labels, count: 100, pixels: 20, rows: 4, cols: 5, channels: 1 };
  const experiment: Experiment = {
    name: 'fit',
    seed: 0,
    units: 16,
    batch_size: 10,
    epochs: 40,
    learning_rate: 1,
    init_scale: 'fan_in',
    activation: 'sigmoid',
    data: { normalize: true },
  };
  const state = initialState(experiment, 20, 10);
  const losses: number[] = [];
  await train(experiment, data, state, (e) => {
    if (e.type === 'epoch-end') losses.push(e.crossEntropy);
  });
  assert.equal(losses.length, 40);
  assert.ok(losses[0]! > 1.5, `first epoch loss ${losses[0]}`);
  assert.ok(losses.at(-1)! < 0.05, `last epoch loss ${losses.at(-1)}`);
  // Every training image classified right, by the weights the run ended with.
  assert.equal(evaluate(state.params, data, true).correct, 100);
});

test('relu is max(0, t) with exact zeros, and the schema\'s activations build their own layers', () => {
  const kernels = new Kernels();
  const relu = new Relu(kernels, 3, 2);
  // Two rows of 3 units, each padded to 4 floats.
  const t: Activations = { data: kernels.f32(8), width: 3, nv: 1 };
  t.data.view.set([-2, 0, 3.5, 0, 1e-30, -0, 7, 0]);
  assert.deepEqual([...relu.forward(t, 2).data.view], [0, 0, 3.5, 0, 1e-30, 0, 7, 0].map(Math.fround));
  const dY: Activations = { data: kernels.f32(8), width: 3, nv: 1 };
  dY.data.view.set([1, 2, 3, 0, 4, 5, 6, 0]);
  assert.deepEqual([...relu.backward(dY, 2).data.view], [0, 0, 3, 0, 4, 0, 6, 0]);
  const hidden = (activation: Activation) => new Network(new Kernels(), singleHiddenLayer(4, 3, 2, activation), 1).layers[0];
  assert.ok(hidden('relu') instanceof Relu);
  assert.ok(hidden('sigmoid') instanceof Sigmoid);
});

test('init: std sqrt(1/fan_in) per layer for "fan_in", else the given std for every tensor', () => {
  const spec = singleHiddenLayer(784, 64, 10, 'sigmoid');
  const std = (v: Float32Array) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  };
  const fanIn = Parameters.allocate(spec);
  fanIn.initialise('fan_in', Rng.fromSeed(0));
  assert.ok(Math.abs(std(fanIn.views.w1!) / Math.sqrt(1 / 784) - 1) < 0.02, `w1 std ${std(fanIn.views.w1!)}`);
  assert.ok(Math.abs(std(fanIn.views.w2!) / Math.sqrt(1 / 64) - 1) < 0.1, `w2 std ${std(fanIn.views.w2!)}`);
  const fixed = Parameters.allocate(spec);
  fixed.initialise(0.5, Rng.fromSeed(0));
  assert.ok(Math.abs(std(fixed.views.w1!) / 0.5 - 1) < 0.02, `w1 std ${std(fixed.views.w1!)}`);
  assert.ok(Math.abs(std(fixed.views.w2!) / 0.5 - 1) < 0.1, `w2 std ${std(fixed.views.w2!)}`);
});

test('a batch is drawn without replacement, uniformly over the training set', () => {
  const rng = Rng.fromSeed(5);
  const chosen = new Int32Array(8);
  const taken = new Uint8Array(10);
  const counts = new Array(10).fill(0);
  for (let k = 0; k < 5000; k++) {
    drawBatch(rng, 10, chosen, taken);
    assert.equal(new Set(chosen).size, 8, 'distinct');
    assert.ok(taken.every((t) => t === 0), 'scratch cleared');
    for (const i of chosen) counts[i]++;
  }
  for (const c of counts) assert.ok(Math.abs(c - 4000) < 200, `count ${c} far from 4000`);
});

test('an epoch is batches_per_epoch draws of batch_size images from the one PRNG', async () => {
  const { images, labels } = syntheticImages(50, 2, 3, 4);
  const experiment: Experiment = {
    name: 'count',
    seed: 9,
    units: 3,
    batch_size: 5,
    epochs: 2,
    learning_rate: 0.1,
    batches_per_epoch: 7,
    init_scale: 'fan_in',
    activation: 'sigmoid',
    data: { normalize: true },
  };
  const states: string[] = [];
  await train(experiment, { images, labels, count: 50, pixels: 6, rows: 2, cols: 3, channels: 1 }, initialState(experiment, 6, 10), (e) => {
    if (e.type === 'epoch-end') states.push(Buffer.from(e.rng.saveState()).toString('hex'));
  });
  // The same stream by hand: the init, then 7 batches per epoch.
  const replay = initialState(experiment, 6, 10).rng;
  const chosen = new Int32Array(5);
  const taken = new Uint8Array(50);
  const expected = [1, 2].map(() => {
    for (let b = 0; b < 7; b++) drawBatch(replay, 50, chosen, taken);
    return Buffer.from(replay.saveState()).toString('hex');
  });
  assert.deepEqual(states, expected);
});

test('the dense kernels, narrow (≤ 16 outputs) and wide, match plain loops', () => {
  for (const [inputs, outputs] of [[6, 10], [5, 3], [7, 21], [32, 17]] as const) {
    const kernels = new Kernels();
    const layer = new Dense(kernels, inputs, outputs, ['w', 'b'], 3, true);
    const rng = Rng.fromSeed(inputs * 100 + outputs);
    const values = (n: number) => Array.from({ length: n }, () => Math.fround(rng.normal(0, 1)));
    const w = values(outputs * inputs);
    const b = values(outputs);
    const [wParam, bParam] = layer.params as [Param, Param];
    toKernelLayout(wParam, w);
    toKernelLayout(bParam, b);
    const batch = 3;
    const x = Array.from({ length: batch }, () => values(inputs));
    const nvIn = Math.ceil(inputs / 4);
    const xData = kernels.f32(batch * nvIn * 4);
    x.forEach((xs, s) => xData.view.set(xs, s * nvIn * 4));
    const t = layer.forward({ data: xData, width: inputs, nv: nvIn }, batch);
    const close = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) <= 1e-5 * (1 + Math.abs(want)), `${inputs}→${outputs} ${what}: ${got} vs ${want}`);
    for (let s = 0; s < batch; s++) {
      for (let j = 0; j < outputs; j++) {
        const want = b[j]! + x[s]!.reduce((sum, v, i) => sum + w[j * inputs + i]! * v, 0);
        close(t.data.view[s * t.nv * 4 + j]!, want, `t[${s}][${j}]`);
      }
      for (let j = outputs; j < t.nv * 4; j++) assert.equal(t.data.view[s * t.nv * 4 + j], 0, 'pad lanes stay 0');
    }
    const dT = Array.from({ length: batch }, () => values(outputs));
    const dData = kernels.f32(batch * t.nv * 4);
    dT.forEach((ds, s) => dData.view.set(ds, s * t.nv * 4));
    const dx = layer.backward({ data: dData, width: outputs, nv: t.nv }, batch)!;
    const dW = new Float32Array(outputs * inputs);
    fromKernelLayout(wParam, dW, wParam.grad.view);
    for (let j = 0; j < outputs; j++) {
      for (let i = 0; i < inputs; i++) close(dW[j * inputs + i]!, dT.reduce((sum, ds, s) => sum + ds[j]! * x[s]![i]!, 0), `dW[${j}][${i}]`);
      close(bParam.grad.view[j]!, dT.reduce((sum, ds) => sum + ds[j]!, 0), `db[${j}]`);
    }
    for (let s = 0; s < batch; s++) {
      for (let i = 0; i < inputs; i++) close(dx.data.view[s * nvIn * 4 + i]!, dT[s]!.reduce((sum, d, j) => sum + d * w[j * inputs + i]!, 0), `dx[${s}][${i}]`);
    }
  }
});
