import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildMlp, type MlpSpec, Parameters, parameterLayout } from '../src/nn/mlp.js';
import { Rng } from '../src/nn/prng.js';
import { sigmoid } from '../src/nn/sigmoid.js';
import { SoftmaxCrossEntropy } from '../src/nn/softmax-cross-entropy.js';
import { Relu } from '../src/nn/relu.js';
import { Sigmoid } from '../src/nn/sigmoid.js';
import { drawBatch, initialState, train } from '../src/train/loop.js';
import type { Experiment } from '../src/config/experiment.generated.js';
import { syntheticImages } from './helpers.js';

/** A tiny float64 network and batch, with some exact-zero inputs like MNIST's. */
function tinyProblem(activation: MlpSpec['activation']) {
  const spec: MlpSpec = { inputs: 7, units: 5, classes: 4, activation };
  const total = parameterLayout(spec).reduce((n, t) => n + t.length, 0);
  const params = new Parameters(spec, new Float64Array(total));
  const rng = Rng.fromSeed(11);
  params.initialise(0.5, rng);
  const batch = 3;
  const x = new Float64Array(batch * spec.inputs).map(() => (rng.nextFloat() < 0.3 ? 0 : rng.normal(0, 1)));
  const labels = new Uint8Array([2, 0, 3]);
  const net = buildMlp(params, batch);
  const loss = new SoftmaxCrossEntropy(spec.classes, batch);
  const lossAt = () => loss.forward(net.forward(x, batch), labels, batch);
  return { params, net, loss, lossAt, batch };
}

const schema = JSON.parse(readFileSync(new URL('../schemas/experiment.schema.json', import.meta.url), 'utf8'));
const activations = schema.properties.activation.enum as MlpSpec['activation'][];

for (const activation of activations) {
  test(`backprop matches finite differences for dW1, db1, dW2, db2 (${activation}, float64)`, () => {
    const { params, net, loss, lossAt, batch } = tinyProblem(activation);
    lossAt();
    net.backward(loss.backward(batch), batch);
    const analytic = new Map(net.params.map((p) => [p.name, Float64Array.from(p.grad)]));
    assert.deepEqual([...analytic.keys()].sort(), ['b1', 'b2', 'w1', 'w2']);

    const h = 1e-6;
    for (const t of params.layout) {
      const view = params.views[t.name];
      const grad = analytic.get(t.name)!;
      for (let k = 0; k < view.length; k++) {
        const saved = view[k]!;
        view[k] = saved + h;
        const up = lossAt();
        view[k] = saved - h;
        const down = lossAt();
        view[k] = saved;
        const numeric = (up - down) / (2 * h);
        const err = Math.abs(numeric - grad[k]!) / Math.max(1e-8, Math.abs(numeric) + Math.abs(grad[k]!));
        assert.ok(
          err < 1e-5 || Math.abs(numeric - grad[k]!) < 1e-9,
          `${t.name}[${k}]: backprop ${grad[k]} vs finite difference ${numeric}`,
        );
      }
    }
  });
}

test('sigmoid and the softmax cross-entropy stay finite on huge inputs', () => {
  assert.equal(sigmoid(-1e5), 0);
  assert.equal(sigmoid(1e5), 1);
  assert.ok(Number.isFinite(sigmoid(-745)) && sigmoid(-745) >= 0);
  const ce = new SoftmaxCrossEntropy(3, 2);
  // Logits in the thousands, as raw 0..255 pixels give; the label's probability underflows to 0.
  const logits = new Float64Array([5000, -5000, 0, 0, 1e4, -1e4]);
  const e = ce.forward(logits, [1, 2], 2);
  assert.ok(Number.isFinite(e), `loss ${e}`);
  assert.equal(e, (10000 + 20000) / 2);
  const d = ce.backward(2);
  assert.ok(d.every(Number.isFinite));
});

test('the network fits a tiny synthetic dataset', async () => {
  const { images, labels } = syntheticImages(100, 4, 5, 3);
  const data = { images, labels, count: 100, pixels: 20, rows: 4, cols: 5 };
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

  // Every training image classified right.
  const net = buildMlp(state.params, 100);
  const x = Float64Array.from(images, (v) => v / 255);
  const probs = net.forward(x, 100);
  for (let s = 0; s < 100; s++) {
    const row = Array.from(probs.subarray(s * 10, s * 10 + 10));
    assert.equal(row.indexOf(Math.max(...row)), labels[s], `image ${s}`);
  }
});

test('relu is max(0, t) with exact zeros, and the schema\'s activations build their own layers', () => {
  const relu = new Relu(3, 2);
  assert.deepEqual([...relu.forward(new Float64Array([-2, 0, 3.5, 1e-300, -0, 7]), 2)], [0, 0, 3.5, 1e-300, 0, 7]);
  assert.deepEqual([...relu.backward(new Float64Array([1, 2, 3, 4, 5, 6]), 2)], [0, 0, 3, 4, 0, 6]);
  const hidden = (activation: MlpSpec['activation']) => {
    const spec: MlpSpec = { inputs: 4, units: 3, classes: 2, activation };
    return buildMlp(Parameters.allocate(spec), 1).layers[1];
  };
  assert.ok(hidden('relu') instanceof Relu);
  assert.ok(hidden('sigmoid') instanceof Sigmoid);
});

test('init: std sqrt(1/fan_in) per layer for "fan_in", else the given std for every tensor', () => {
  const spec: MlpSpec = { inputs: 784, units: 64, classes: 10, activation: 'sigmoid' };
  const std = (v: Float32Array) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  };
  const fanIn = Parameters.allocate(spec);
  fanIn.initialise('fan_in', Rng.fromSeed(0));
  assert.ok(Math.abs(std(fanIn.views.w1) / Math.sqrt(1 / 784) - 1) < 0.02, `w1 std ${std(fanIn.views.w1)}`);
  assert.ok(Math.abs(std(fanIn.views.w2) / Math.sqrt(1 / 64) - 1) < 0.1, `w2 std ${std(fanIn.views.w2)}`);
  const fixed = Parameters.allocate(spec);
  fixed.initialise(0.5, Rng.fromSeed(0));
  assert.ok(Math.abs(std(fixed.views.w1) / 0.5 - 1) < 0.02, `w1 std ${std(fixed.views.w1)}`);
  assert.ok(Math.abs(std(fixed.views.w2) / 0.5 - 1) < 0.1, `w2 std ${std(fixed.views.w2)}`);
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
  await train(experiment, { images, labels, count: 50, pixels: 6, rows: 2, cols: 3 }, initialState(experiment, 6, 10), (e) => {
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
