/** The network and optimizer an experiment declares, resolved with the course's defaults; old files unchanged. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { canonicalJson } from '../src/commands/prepare.js';
import { loadExperiment, parseExperiment } from '../src/config/load.js';
import { describeOptimizer, hiddenLayersOf, networkOf, OPTIMIZERS, optimizerOf } from '../src/config/network.js';
import { SCHEMA_PATH } from '../src/config/schema.js';
import { expandTrials } from '../src/config/sweep.js';
import type { OptimizerSpec } from '../src/nn/spec.js';

const head = 'name: a\nbatch_size: 100\nepochs: 10\n';
const experimentOf = (text: string, overrides: string[] = []) => parseExperiment(text, 'x.yaml', overrides).experiment;
/** The error lines of an experiment given as lines of YAML; none when it is valid. */
function problemsOf(lines: string[]): string[] {
  try {
    parseExperiment(lines.join('\n'), 'x.yaml');
    return [];
  } catch (e) {
    return (e as { lines?: string[] }).lines ?? [String(e)];
  }
}

test('the shipped experiments validate to exactly what they did before layers and optimizer existed (same config hash)', () => {
  // canonicalJson of the validated experiments, computed with the code at git HEAD before this change.
  const before: Record<string, string> = {
    'experiments/baseline.yaml':
      '{"activation":"sigmoid","batch_size":100,"data":{"dataset":"mnist","normalize":false},"epochs":10,"init_scale":"fan_in","learning_rate":0.01,"name":"baseline","seed":0,"units":32}',
    'experiments/normalized.yaml':
      '{"activation":"sigmoid","batch_size":100,"data":{"dataset":"mnist","normalize":true},"epochs":10,"init_scale":"fan_in","learning_rate":0.5,"name":"normalized","seed":0,"units":32}',
    'experiments/relu.yaml':
      '{"activation":"relu","batch_size":100,"data":{"dataset":"mnist","normalize":true},"epochs":10,"init_scale":"fan_in","learning_rate":0.1,"name":"relu","seed":0,"units":32}',
    'experiments/lr-units-sweep.yaml':
      '{"activation":"sigmoid","batch_size":100,"data":{"dataset":"mnist","normalize":false},"epochs":2,"init_scale":"fan_in","learning_rate":0.01,"name":"lr-units","seed":0,"sweep":{"learning_rate":[0.003,0.01,0.03],"units":[16,32]},"units":32}',
  };
  for (const [file, json] of Object.entries(before)) assert.equal(canonicalJson(loadExperiment(file).experiment), json, file);
  const trials = expandTrials(loadExperiment('experiments/lr-units-sweep.yaml'));
  assert.equal(
    canonicalJson(trials[3]!.experiment),
    '{"activation":"sigmoid","batch_size":100,"data":{"dataset":"mnist","normalize":false},"epochs":2,"init_scale":"fan_in","learning_rate":0.01,"name":"lr-units[learning_rate=0.01,units=32]","seed":0,"units":32}',
  );
});

test("the baseline resolves to the report's network and plain SGD", () => {
  const e = loadExperiment('experiments/baseline.yaml').experiment;
  assert.deepEqual(hiddenLayersOf(e), [{ units: 32, activation: 'sigmoid', batchNorm: null, dropout: 0 }]);
  assert.deepEqual(optimizerOf(e), { name: 'sgd', learningRate: 0.01 });
  assert.deepEqual(networkOf(e, 784, 10), { inputs: 784, classes: 10, hidden: [{ units: 32, activation: 'sigmoid', batchNorm: null, dropout: 0 }] });
  assert.equal(describeOptimizer(optimizerOf(e)), 'sgd (lr 0.01)');
  assert.deepEqual(hiddenLayersOf(loadExperiment('experiments/relu.yaml').experiment), [{ units: 32, activation: 'relu', batchNorm: null, dropout: 0 }]);
  assert.deepEqual(optimizerOf(loadExperiment('experiments/normalized.yaml').experiment), { name: 'sgd', learningRate: 0.5 });
});

test('layers resolve with their defaults: sigmoid, no batch norm (epsilon 1e-5 when on), no dropout', () => {
  const e = experimentOf(
    head +
      'learning_rate: 0.1\n' +
      'layers:\n' +
      '  - units: 256\n    activation: relu\n    batch_norm: true\n    dropout: 0.4\n' +
      '  - units: 128\n    batch_norm: {epsilon: 1.0e-3}\n' +
      '  - units: 64\n    batch_norm: {}\n' +
      '  - units: 32\n    batch_norm: false\n    dropout: 0\n',
  );
  assert.deepEqual(hiddenLayersOf(e), [
    { units: 256, activation: 'relu', batchNorm: { epsilon: 1e-5 }, dropout: 0.4 },
    { units: 128, activation: 'sigmoid', batchNorm: { epsilon: 1e-3 }, dropout: 0 },
    { units: 64, activation: 'sigmoid', batchNorm: { epsilon: 1e-5 }, dropout: 0 },
    { units: 32, activation: 'sigmoid', batchNorm: null, dropout: 0 },
  ]);
  assert.equal(networkOf(e, 784, 10).hidden.length, 4);
});

test('the README example resolves', () => {
  const e = experimentOf(
    head +
      'layers:\n  - units: 256\n    activation: relu\n    batch_norm: true\n    dropout: 0.4\n  - units: 128\n    activation: relu\n' +
      'optimizer: adam\nlearning_rate: 0.001\n',
  );
  assert.deepEqual(networkOf(e, 784, 10), {
    inputs: 784,
    classes: 10,
    hidden: [
      { units: 256, activation: 'relu', batchNorm: { epsilon: 1e-5 }, dropout: 0.4 },
      { units: 128, activation: 'relu', batchNorm: null, dropout: 0 },
    ],
  });
  assert.deepEqual(optimizerOf(e), { name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  assert.equal(describeOptimizer(optimizerOf(e)), 'adam (lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8)');
});

test("each optimizer's defaults are the course's, by name or as a mapping; given values win", () => {
  const defaults: Record<string, OptimizerSpec> = {
    momentum: { name: 'momentum', learningRate: 0.01, momentum: 0.9 },
    adagrad: { name: 'adagrad', learningRate: 0.001, initialAccumulator: 1e-8 },
    rmsprop: { name: 'rmsprop', learningRate: 0.001, rho: 0.9, epsilon: 1e-8 },
    adadelta: { name: 'adadelta', rho: 0.95, epsilon: 1e-6 },
    adam: { name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  };
  for (const [name, spec] of Object.entries(defaults)) {
    assert.deepEqual(optimizerOf(experimentOf(head + `units: 8\noptimizer: ${name}\n`)), spec, name);
    assert.deepEqual(optimizerOf(experimentOf(head + `units: 8\noptimizer: {name: ${name}}\n`)), spec, name);
  }
  assert.deepEqual(optimizerOf(experimentOf(head + 'units: 8\noptimizer: sgd\nlearning_rate: 0.1\n')), { name: 'sgd', learningRate: 0.1 });
  assert.deepEqual(optimizerOf(experimentOf(head + 'units: 8\nlearning_rate: 0.1\n')), { name: 'sgd', learningRate: 0.1 });
  assert.deepEqual(optimizerOf(experimentOf(head + 'units: 8\noptimizer: momentum\nlearning_rate: 0.05\n')), {
    name: 'momentum',
    learningRate: 0.05,
    momentum: 0.9,
  });
  const given = (o: string) => optimizerOf(experimentOf(head + `units: 8\noptimizer: ${o}\n`));
  assert.deepEqual(given('{name: momentum, momentum: 0.5}'), { name: 'momentum', learningRate: 0.01, momentum: 0.5 });
  assert.deepEqual(given('{name: adagrad, initial_accumulator: 0.1}'), { name: 'adagrad', learningRate: 0.001, initialAccumulator: 0.1 });
  assert.deepEqual(given('{name: rmsprop, rho: 0.5, epsilon: 1.0e-6}'), { name: 'rmsprop', learningRate: 0.001, rho: 0.5, epsilon: 1e-6 });
  assert.deepEqual(given('{name: adadelta, rho: 0}'), { name: 'adadelta', rho: 0, epsilon: 1e-6 });
  assert.deepEqual(given('{name: adam, beta1: 0.95, epsilon: 1.0e-7}'), { name: 'adam', learningRate: 0.001, beta1: 0.95, beta2: 0.999, epsilon: 1e-7 });
  // The same through --set.
  assert.deepEqual(optimizerOf(experimentOf(head + 'units: 8\noptimizer: adam\n', ['optimizer.beta2=0.99'])), {
    name: 'adam',
    learningRate: 0.001,
    beta1: 0.9,
    beta2: 0.99,
    epsilon: 1e-8,
  });
});

test('describeOptimizer: the name and every setting in one line', () => {
  const line = (o: string) => describeOptimizer(optimizerOf(experimentOf(head + `units: 8\noptimizer: ${o}\n`)));
  assert.equal(line('momentum'), 'momentum (lr 0.01, momentum 0.9)');
  assert.equal(line('adagrad'), 'adagrad (lr 0.001, initial_accumulator 1e-8)');
  assert.equal(line('rmsprop'), 'rmsprop (lr 0.001, rho 0.9, epsilon 1e-8)');
  assert.equal(line('adadelta'), 'adadelta (rho 0.95, epsilon 1e-6)');
  assert.equal(line('adam'), 'adam (lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-8)');
});

test("the schema's optimizers and hyper-parameters are network.ts's, with the defaults its descriptions state", () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as {
    properties: { optimizer: { anyOf: { enum?: string[]; properties?: Record<string, { const?: string; description?: string }> }[] } };
  };
  const [names, ...mappings] = schema.properties.optimizer.anyOf;
  assert.deepEqual(names!.enum, Object.keys(OPTIMIZERS));
  assert.deepEqual(
    mappings.map((m) => m.properties!.name!.const),
    Object.keys(OPTIMIZERS),
  );
  for (const m of mappings) {
    const { name, ...hyper } = m.properties!;
    const table = OPTIMIZERS[name!.const as keyof typeof OPTIMIZERS].hyper;
    assert.deepEqual(Object.keys(hyper), table.map((h) => h.key), name!.const);
    for (const h of table) {
      const stated = /\(default ([^)]+)\)/.exec(hyper[h.key]!.description!)?.[1];
      assert.equal(Number(stated), h.default, `${name!.const}.${h.key}: its description states default ${stated}`);
    }
  }
});

test('an epsilon or initial accumulator that float32 rounds to 0 is refused where it stands', () => {
  const base = ['name: x', 'units: 4', 'batch_size: 2', 'epochs: 1'];
  assert.deepEqual(problemsOf([...base, 'optimizer: {name: adam, epsilon: 1.0e-46}']), [
    "x.yaml:5:34: optimizer.epsilon must be at least float32's smallest positive value, about 1.4e-45 (got 1e-46): the kernels compute in float32",
  ]);
  assert.deepEqual(problemsOf([...base, 'optimizer: {name: adagrad, initial_accumulator: 1.0e-50}']), [
    "x.yaml:5:49: optimizer.initial_accumulator must be at least float32's smallest positive value, about 1.4e-45 (got 1e-50): the kernels compute in float32",
  ]);
  assert.deepEqual(problemsOf(['name: x', 'batch_size: 2', 'epochs: 1', 'learning_rate: 0.1', 'layers:', '  - {units: 4, batch_norm: {epsilon: 1.0e-47}}']), [
    "x.yaml:6:38: layers[0].batch_norm.epsilon must be at least float32's smallest positive value, about 1.4e-45 (got 1e-47): the kernels compute in float32",
  ]);
  assert.deepEqual(problemsOf([...base, 'optimizer: {name: adam, epsilon: 1.0e-45}']), []);
});
