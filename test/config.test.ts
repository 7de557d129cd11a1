import type { HiddenLayer } from '../src/config/experiment.generated.js';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { validate as generated } from '../src/config/experiment-validator.generated.js';
import { compileSchema, experimentValidator, SCHEMA_PATH } from '../src/config/schema.js';
import { validatorSource } from '../src/config/validator-source.js';
import { loadExperiment, parseExperiment, validateStoredExperiment } from '../src/config/load.js';
import { expandTrials } from '../src/config/sweep.js';
import { ConfigError } from '../src/errors.js';
import { sweepProblems } from './helpers.js';
import { experimentTypesSource } from '../scripts/experiment-types.js';

const base = 'name: a\nunits: 32\nbatch_size: 100\nepochs: 10\nlearning_rate: 0.01\n';

/** The problem lines parseExperiment reports for `text`. */
function problems(text: string, overrides: string[] = []): string[] {
  try {
    parseExperiment(text, 'x.yaml', overrides);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail('expected the experiment to be refused');
}

test('a minimal experiment gets the documented defaults', () => {
  const { experiment } = parseExperiment(base, 'x.yaml');
  assert.deepEqual(experiment, {
    name: 'a',
    units: 32,
    batch_size: 100,
    epochs: 10,
    learning_rate: 0.01,
    seed: 0,
    init_scale: 'fan_in',
    activation: 'sigmoid',
    data: { normalize: false },
  });
});

test('the shipped experiments are valid', () => {
  for (const file of ['experiments/baseline.yaml', 'experiments/normalized.yaml', 'experiments/relu.yaml']) {
    assert.doesNotThrow(() => loadExperiment(file), file);
  }
  assert.deepEqual(
    { ...loadExperiment('experiments/baseline.yaml').experiment },
    {
      name: 'baseline',
      seed: 0,
      units: 32,
      activation: 'sigmoid',
      batch_size: 100,
      epochs: 10,
      learning_rate: 0.01,
      init_scale: 'fan_in',
      data: { dataset: 'mnist', normalize: false },
    },
  );
});

test('a value out of range is reported at its line:col with what was given', () => {
  assert.deepEqual(problems(base.replace('learning_rate: 0.01', 'learning_rate: -0.1')), [
    'x.yaml:5:16: learning_rate must be > 0 (got -0.1)',
  ]);
  assert.deepEqual(problems(base.replace('units: 32', 'units: 0')), ['x.yaml:2:8: units must be >= 1 (got 0)']);
});

test('wrong types, enums and the init_scale alternatives each get one line', () => {
  const text = base.replace('units: 32', 'units: 3.5') + 'activation: tanh\ninit_scale: fanin\nseed: "1"\n';
  assert.deepEqual(problems(text), [
    'x.yaml:2:8: units must be an integer (got 3.5)',
    'x.yaml:6:13: activation must be one of "sigmoid", "relu" (got "tanh")',
    'x.yaml:7:13: init_scale must be "fan_in" or a number > 0 (got "fanin")',
    'x.yaml:8:7: seed must be an integer (got "1")',
  ]);
});

test('an unknown key points at the key and suggests the nearest one', () => {
  assert.deepEqual(problems(base.replace('learning_rate', 'learnig_rate')), [
    'x.yaml:1:1: missing required key "learning_rate"',
    'x.yaml:5:1: unknown key "learnig_rate"; did you mean "learning_rate"?',
  ]);
  assert.deepEqual(problems(base + 'colour: red\n'), [
    'x.yaml:6:1: unknown key "colour"; known keys: name, seed, units, layers, batch_size, epochs, learning_rate, optimizer, init_scale, activation, batches_per_epoch, data, sweep, sweep_method, trials, sweep_seed, halving, repeat',
  ]);
  assert.deepEqual(problems(base + 'data:\n  normalise: true\n'), [
    'x.yaml:7:3: unknown key "data.normalise"; did you mean "normalize"?',
  ]);
});

test('YAML syntax errors and duplicate keys are reported at their line:col', () => {
  assert.deepEqual(problems(base + 'units: 64\n'), ['x.yaml:6:1: duplicate key "units"']);
  assert.deepEqual(problems(base + '"units": 64\n'), ['x.yaml:6:1: duplicate key "units"']);
  assert.deepEqual(problems(base + '---\nname: b\n'), [
    'x.yaml:6:1: one experiment per file: this file holds more than one YAML document (---)',
  ]);
  assert.deepEqual(problems(base + 'data: [1]\n'), ['x.yaml:6:1: data must be a mapping (got a list)']);
  const [syntax] = problems('name: a\nunits: [32\n');
  assert.match(syntax!, /^x\.yaml:3:1: .+/);
  assert.deepEqual(problems(''), [
    'x.yaml:1:1: an experiment is a mapping of keys (name, units, batch_size, epochs, learning_rate, …)',
  ]);
});

test('the data block: all four paths or none, and not with dataset', () => {
  assert.deepEqual(problems(base + 'data:\n  train_images: a\n'), [
    'x.yaml:7:3: data.train_images needs data.train_labels, data.test_images, data.test_labels too (the data files come as a set of four)',
  ]);
  const four = '  train_images: a\n  train_labels: b\n  test_images: c\n  test_labels: d\n';
  assert.deepEqual(problems(base + 'data:\n  dataset: mnist\n' + four), [
    'x.yaml:8:3: data.train_images cannot be combined with data.dataset',
    'x.yaml:9:3: data.train_labels cannot be combined with data.dataset',
    'x.yaml:10:3: data.test_images cannot be combined with data.dataset',
    'x.yaml:11:3: data.test_labels cannot be combined with data.dataset',
  ]);
  assert.equal(parseExperiment(base + 'data:\n' + four, 'x.yaml').experiment.data.train_images, 'a');
});

test('--set overrides are typed as YAML and validated the same way', () => {
  const { experiment, overrides } = parseExperiment(base, 'x.yaml', ['learning_rate=0.5', 'data.normalize=true', 'name=b c']);
  assert.equal(experiment.learning_rate, 0.5);
  assert.equal(experiment.data.normalize, true);
  assert.equal(experiment.name, 'b c');
  assert.deepEqual(overrides, ['learning_rate=0.5', 'data.normalize=true', 'name=b c']);

  assert.deepEqual(problems(base, ['learning_rate=-1', 'data.normalize=yes', 'learnig_rate=3']), [
    '--set learning_rate=-1: learning_rate must be > 0 (got -1)',
    '--set data.normalize=yes: data.normalize must be a boolean (got "yes")',
    '--set learnig_rate=3: unknown key "learnig_rate"; did you mean "learning_rate"?',
  ]);
  assert.deepEqual(problems(base, ['learning_rate']), [
    '--set learning_rate: expected key=value, e.g. --set learning_rate=0.1',
  ]);
  assert.deepEqual(problems(base, ['name.first=x']), ['--set name.first=x: name is not a mapping']);
  // An unknown key that only an override brought in is the override's fault.
  assert.deepEqual(problems(base, ['colour.x=1']), [
    `--set colour.x=1: unknown key "colour"; known keys: name, seed, units, layers, batch_size, epochs, learning_rate, optimizer, init_scale, activation, batches_per_epoch, data, sweep, sweep_method, trials, sweep_seed, halving, repeat`,
  ]);
  // Overrides do not turn a list into a mapping.
  assert.deepEqual(problems('- 1\n', ['name=x']), [
    'x.yaml:1:1: an experiment is a mapping of keys (name, units, batch_size, epochs, learning_rate, …)',
  ]);
});

test('where() locates keys for later checks', () => {
  const loaded = parseExperiment(base, 'x.yaml', ['epochs=3']);
  assert.equal(loaded.where(['batch_size']), 'x.yaml:3:13');
  assert.equal(loaded.where(['epochs']), '--set epochs=3');
});

test('the generated Experiment type matches the schema (run `npm run gen:types` if not)', async () => {
  const committed = readFileSync(new URL('../src/config/experiment.generated.ts', import.meta.url), 'utf8');
  assert.equal(committed, await experimentTypesSource());
});

test('the generated experiment validator is what ajv makes of the schema now (run `node --import tsx src/config/validator-source.ts` if not)', () => {
  const committed = readFileSync(new URL('../src/config/experiment-validator.generated.ts', import.meta.url), 'utf8');
  assert.equal(committed, validatorSource());
  assert.equal(experimentValidator(), generated, 'the runner uses it');
});

test('the generated validator and ajv compiling the schema at run time agree: verdict, errors, defaults filled in', () => {
  const atRunTime = compileSchema(readFileSync(SCHEMA_PATH, 'utf8'));
  const generatedValidate = generated as unknown as ValidateFunction;
  const values: unknown[] = [
    ...readdirSync(new URL('../experiments/', import.meta.url)).map((f) => parseYaml(readFileSync(new URL(`../experiments/${f}`, import.meta.url), 'utf8'))),
    { name: 'a', batch_size: 100, epochs: 1, units: 4, learning_rate: 0.1, extra: 1 },
    { name: 7, batch_size: -1, epochs: 1.5, units: 'x', activation: 'tanh', optimizer: { name: 'adam', beta1: 2, momentum: 0.5 } },
    { name: 'a', batch_size: 10, epochs: 1, layers: [{ units: 0, batch_norm: { epsilon: -1 } }, { units: 3, dropout: 1 }], data: { dataset: 'cifar' } },
    { name: 'a', batch_size: 10, epochs: 1, units: 4, sweep: { units: [], learnig_rate: [1] }, repeat: 0 },
    null,
    [],
    'text',
  ];
  let invalid = 0;
  for (const value of values) {
    const [a, b] = [structuredClone(value), structuredClone(value)];
    const verdict = [generatedValidate(a), atRunTime(b)];
    if (!verdict[0]) invalid++;
    assert.equal(verdict[0], verdict[1], JSON.stringify(value));
    assert.deepEqual(generatedValidate.errors ?? null, atRunTime.errors ?? null, JSON.stringify(value));
    assert.deepEqual(a, b, 'the same defaults filled in');
  }
  assert.equal(invalid, 7, 'the shipped experiments are valid, the others not');
});

// --- The network and the optimizer (layers, optimizer) ---------------------------------

const head = 'name: a\nbatch_size: 100\nepochs: 10\n';

const example = `name: deep
batch_size: 100
epochs: 10
layers:
  - units: 256
    activation: relu
    batch_norm: true
    dropout: 0.4
  - units: 128
    activation: relu
optimizer: adam
learning_rate: 0.001
`;

test('layers and optimizer validate as written: no defaults are added inside them', () => {
  assert.deepEqual(parseExperiment(example, 'x.yaml').experiment, {
    name: 'deep',
    batch_size: 100,
    epochs: 10,
    layers: [
      { units: 256, activation: 'relu', batch_norm: true, dropout: 0.4 },
      { units: 128, activation: 'relu' },
    ],
    optimizer: 'adam',
    learning_rate: 0.001,
    seed: 0,
    init_scale: 'fan_in',
    activation: 'sigmoid', // the schema's default, as for every experiment; layers ignore it
    data: { normalize: false },
  });
  const mapping = parseExperiment(head + 'layers: [{units: 8, batch_norm: {epsilon: 1.0e-3}}]\noptimizer: {name: adam, beta1: 0.95}\n', 'x.yaml');
  assert.deepEqual(mapping.experiment.optimizer, { name: 'adam', beta1: 0.95 });
  assert.deepEqual(mapping.experiment.layers, [{ units: 8, batch_norm: { epsilon: 1e-3 } }]);
  // Every optimizer by name, and as a mapping; adadelta without a learning rate.
  for (const name of ['momentum', 'adagrad', 'rmsprop', 'adadelta', 'adam']) {
    assert.equal(parseExperiment(head + `units: 8\noptimizer: ${name}\n`, 'x.yaml').experiment.optimizer, name);
    assert.deepEqual(parseExperiment(head + `units: 8\noptimizer: {name: ${name}}\n`, 'x.yaml').experiment.optimizer, { name });
  }
  assert.equal(parseExperiment(head + 'units: 8\noptimizer: sgd\nlearning_rate: 0.1\n', 'x.yaml').experiment.optimizer, 'sgd');
});

test('units or layers: one of them, not both; activation only with units', () => {
  assert.deepEqual(problems(head + 'units: 32\nlayers:\n  - units: 64\nlearning_rate: 0.1\n'), [
    'x.yaml:4:1: units cannot be combined with layers: units is the shorthand for one hidden layer; give each layer its units in layers',
  ]);
  assert.deepEqual(problems(head + 'activation: relu\nlayers:\n  - units: 64\nlearning_rate: 0.1\n'), [
    'x.yaml:4:1: activation cannot be combined with layers: each layer takes its own activation (layers[N].activation, default sigmoid)',
  ]);
  // Even the default value, when written.
  assert.deepEqual(problems(head + 'layers: [{units: 64}]\nactivation: sigmoid\nlearning_rate: 0.1\n'), [
    'x.yaml:5:1: activation cannot be combined with layers: each layer takes its own activation (layers[N].activation, default sigmoid)',
  ]);
  assert.deepEqual(problems(head + 'learning_rate: 0.1\n'), [
    'x.yaml:1:1: missing required key "units" (one hidden layer) or "layers" (a list of hidden layers)',
  ]);
});

test('a layers list: not empty, each item a mapping with units >= 1 and known keys, batch_norm and dropout in range', () => {
  assert.deepEqual(problems(head + 'layers: []\nlearning_rate: 0.1\n'), ['x.yaml:4:1: layers must list at least one hidden layer']);
  assert.deepEqual(problems(head + 'layers: 64\nlearning_rate: 0.1\n'), ['x.yaml:4:9: layers must be a list (got 64)']);
  const text =
    head +
    'learning_rate: 0.1\n' + // 4
    'layers:\n' + // 5
    '  - units: 0\n' + // 6
    '  - 64\n' + // 7
    '  - unit: 3\n' + // 8
    '  - units: 3\n' + // 9
    '    dropout: 1\n' + // 10
    '    batch_norm: {epsilon: -1}\n' + // 11
    '  - units: 3\n' + // 12
    '    batch_norm: yes\n' + // 13
    '    dropuot: 0.1\n' + // 14
    '  - units: 3\n' + // 15
    '    dropout: -0.1\n' + // 16
    '    batch_norm: {eps: 1}\n' + // 17
    '    activation: tanh\n'; // 18
  assert.deepEqual(problems(text), [
    'x.yaml:6:12: layers[0].units must be >= 1 (got 0)',
    'x.yaml:7:5: layers[1] must be a mapping (got 64)',
    'x.yaml:8:5: missing required key "layers[2].units"',
    'x.yaml:8:5: unknown key "layers[2].unit"; did you mean "units"?',
    'x.yaml:10:14: layers[3].dropout must be < 1 (got 1)',
    'x.yaml:11:27: layers[3].batch_norm.epsilon must be > 0 (got -1)',
    'x.yaml:13:17: layers[4].batch_norm must be a boolean or a mapping (got "yes")',
    'x.yaml:14:5: unknown key "layers[4].dropuot"; did you mean "dropout"?',
    'x.yaml:16:14: layers[5].dropout must be >= 0 (got -0.1)',
    'x.yaml:17:18: unknown key "layers[5].batch_norm.eps"; known keys: epsilon',
    'x.yaml:18:17: layers[5].activation must be one of "sigmoid", "relu" (got "tanh")',
  ]);
});

test('batch_norm needs batch_size >= 2', () => {
  const text = 'name: a\nbatch_size: 1\nepochs: 1\noptimizer: adam\nlayers:\n  - units: 8\n    batch_norm: true\n  - units: 8\n  - units: 8\n    batch_norm: {epsilon: 0.1}\n';
  assert.deepEqual(problems(text), [
    'x.yaml:7:5: layers[0].batch_norm needs batch_size >= 2: batch statistics need at least 2 images (batch_size is 1)',
    'x.yaml:10:5: layers[2].batch_norm needs batch_size >= 2: batch statistics need at least 2 images (batch_size is 1)',
  ]);
  assert.doesNotThrow(() => parseExperiment(text.replace('batch_size: 1', 'batch_size: 2'), 'x.yaml'));
  assert.doesNotThrow(() => parseExperiment(text.replace(/batch_norm: .*/g, 'batch_norm: false'), 'x.yaml'));
  assert.deepEqual(problems(text.replace('batch_size: 1', 'batch_size: 2'), ['batch_size=1']), [
    'x.yaml:7:5: layers[0].batch_norm needs batch_size >= 2: batch statistics need at least 2 images (batch_size is 1)',
    'x.yaml:10:5: layers[2].batch_norm needs batch_size >= 2: batch statistics need at least 2 images (batch_size is 1)',
  ]);
});

test('optimizer: unknown names and keys get a did-you-mean; another optimizer\'s hyper-parameter names this one\'s', () => {
  const units = head + 'units: 8\n'; // optimizer on line 5
  assert.deepEqual(problems(units + 'optimizer: adamm\n'), [
    'x.yaml:5:12: optimizer must be one of "sgd", "momentum", "adagrad", "rmsprop", "adadelta", "adam" (got "adamm"); did you mean "adam"?',
  ]);
  assert.deepEqual(problems(units + 'optimizer: {name: rmsprob}\n'), [
    'x.yaml:5:19: optimizer.name must be one of "sgd", "momentum", "adagrad", "rmsprop", "adadelta", "adam" (got "rmsprob"); did you mean "rmsprop"?',
  ]);
  assert.deepEqual(problems(units + 'optimizer: {beta1: 0.5}\n'), [
    'x.yaml:5:1: missing required key "optimizer.name" (one of "sgd", "momentum", "adagrad", "rmsprop", "adadelta", "adam")',
  ]);
  assert.deepEqual(problems(units + 'optimizer: 3\n'), [
    'x.yaml:5:12: optimizer must be one of "sgd", "momentum", "adagrad", "rmsprop", "adadelta", "adam" or a mapping (got 3)',
  ]);
  assert.deepEqual(problems(units + 'optimizer:\n  name: adam\n  momentum: 0.9\n  beta_1: 0.9\n  learning_rate: 0.1\n'), [
    'x.yaml:7:3: optimizer.momentum is a hyper-parameter of momentum, not of adam (adam\'s hyper-parameters are beta1, beta2, epsilon)',
    'x.yaml:8:3: unknown key "optimizer.beta_1"; did you mean "beta1"? (adam\'s hyper-parameters are beta1, beta2, epsilon)',
    'x.yaml:9:3: optimizer.learning_rate: learning_rate is a top-level key, beside optimizer, not inside it',
  ]);
  assert.deepEqual(problems(units + 'learning_rate: 0.1\noptimizer: {name: sgd, epsilon: 1}\n'), [
    'x.yaml:6:24: optimizer.epsilon is a hyper-parameter of rmsprop, adadelta, adam, not of sgd (sgd has no hyper-parameters)',
  ]);
  assert.deepEqual(problems(units + 'optimizer: {name: momentum, rho: 0.9, momentun: 0.9}\n'), [
    'x.yaml:5:29: optimizer.rho is a hyper-parameter of rmsprop, adadelta, not of momentum (momentum\'s only hyper-parameter is momentum)',
    'x.yaml:5:39: unknown key "optimizer.momentun"; did you mean "momentum"? (momentum\'s only hyper-parameter is momentum)',
  ]);
});

test('optimizer hyper-parameters in range: momentum, rho, betas in [0, 1), epsilon and h0 > 0', () => {
  const units = head + 'units: 8\n';
  assert.deepEqual(problems(units + 'optimizer: {name: momentum, momentum: 1}\n'), ['x.yaml:5:39: optimizer.momentum must be < 1 (got 1)']);
  assert.deepEqual(problems(units + 'optimizer: {name: momentum, momentum: -0.5}\n'), ['x.yaml:5:39: optimizer.momentum must be >= 0 (got -0.5)']);
  assert.deepEqual(problems(units + 'optimizer: {name: adagrad, initial_accumulator: 0}\n'), [
    'x.yaml:5:49: optimizer.initial_accumulator must be > 0 (got 0)',
  ]);
  assert.deepEqual(problems(units + 'optimizer: {name: rmsprop, rho: 1, epsilon: -1.0e-8}\n'), [
    'x.yaml:5:33: optimizer.rho must be < 1 (got 1)',
    'x.yaml:5:45: optimizer.epsilon must be > 0 (got -1e-8)',
  ]);
  assert.deepEqual(problems(units + 'optimizer: {name: adadelta, rho: -0.1, epsilon: 0}\n'), [
    'x.yaml:5:34: optimizer.rho must be >= 0 (got -0.1)',
    'x.yaml:5:49: optimizer.epsilon must be > 0 (got 0)',
  ]);
  assert.deepEqual(problems(units + 'optimizer: {name: adam, beta1: 1.5, beta2: "0.9", epsilon: -1}\n'), [
    'x.yaml:5:32: optimizer.beta1 must be < 1 (got 1.5)',
    'x.yaml:5:44: optimizer.beta2 must be a number (got "0.9")',
    'x.yaml:5:60: optimizer.epsilon must be > 0 (got -1)',
  ]);
});

test('learning_rate: required with sgd (explicit or the default), refused with adadelta', () => {
  assert.deepEqual(problems(head + 'units: 8\noptimizer: sgd\n'), ['x.yaml:5:12: learning_rate is required with sgd (it has no default learning rate)']);
  assert.deepEqual(problems(head + 'units: 8\noptimizer: {name: sgd}\n'), [
    'x.yaml:5:1: learning_rate is required with sgd (it has no default learning rate)',
  ]);
  assert.deepEqual(problems(head + 'units: 8\n'), ['x.yaml:1:1: missing required key "learning_rate"']);
  assert.deepEqual(problems(head + 'units: 8\noptimizer: adadelta\nlearning_rate: 0.1\n'), [
    'x.yaml:6:1: learning_rate cannot be combined with adadelta: it has no learning rate',
  ]);
  assert.deepEqual(problems(head + 'units: 8\noptimizer: adam\n', ['optimizer=adadelta', 'learning_rate=0.1']), [
    '--set learning_rate=0.1: learning_rate cannot be combined with adadelta: it has no learning rate',
  ]);
});

test('--set reaches layers and the optimizer: bracket indices, whole lists and mappings', () => {
  const set = (text: string, overrides: string[]) => parseExperiment(text, 'x.yaml', overrides).experiment;
  const e = set(example, ['layers[0].units=64', 'layers[1].dropout=0.2', 'layers[0].batch_norm={epsilon: 0.001}', 'optimizer={name: adam, beta1: 0.95}']);
  assert.deepEqual(e.layers, [
    { units: 64, activation: 'relu', batch_norm: { epsilon: 0.001 }, dropout: 0.4 },
    { units: 128, activation: 'relu', dropout: 0.2 },
  ]);
  assert.deepEqual(e.optimizer, { name: 'adam', beta1: 0.95 });
  assert.equal(set(base, ['optimizer=adam']).optimizer, 'adam');
  // A key inside a named optimizer makes it a mapping.
  assert.deepEqual(set(example, ['optimizer.beta1=0.95']).optimizer, { name: 'adam', beta1: 0.95 });
  assert.deepEqual(set(example.replace('optimizer: adam', 'optimizer: {name: adam, beta2: 0.99}'), ['optimizer.beta1=0.95']).optimizer, {
    name: 'adam',
    beta2: 0.99,
    beta1: 0.95,
  });
  assert.deepEqual(dense(set(example, ['layers[0].batch_norm.epsilon=0.01']).layers![0]!).batch_norm, { epsilon: 0.01 });
  assert.deepEqual(set(example, ['layers[1]={units: 32}']).layers, [{ units: 256, activation: 'relu', batch_norm: true, dropout: 0.4 }, { units: 32 }]);
  assert.deepEqual(set(example, ['layers=[{units: 64}]']).layers, [{ units: 64 }]);
  // A whole layers list replaces the file's units + activation shorthand.
  const replaced = set(base + 'activation: relu\n', ['layers=[{units: 64}, {units: 32, activation: relu}]']);
  assert.deepEqual(replaced.layers, [{ units: 64 }, { units: 32, activation: 'relu' }]);
  assert.equal(replaced.units, undefined);
  // where() follows bracket paths to the override or the file.
  const loaded = parseExperiment(example, 'x.yaml', ['layers[1].units=64']);
  assert.equal(loaded.where(['layers', '1', 'units']), '--set layers[1].units=64');
  assert.equal(loaded.where(['layers', '0', 'dropout']), 'x.yaml:8:14');
});

test('--set: bad values at --set, indices past the end and paths through the wrong kind of value', () => {
  assert.deepEqual(problems(example, ['layers[0].units=0', 'layers[1].dropout=1', 'optimizer.beta1=1.5', 'optimizer.momentum=0.9']), [
    '--set layers[0].units=0: layers[0].units must be >= 1 (got 0)',
    '--set layers[1].dropout=1: layers[1].dropout must be < 1 (got 1)',
    '--set optimizer.beta1=1.5: optimizer.beta1 must be < 1 (got 1.5)',
    "--set optimizer.momentum=0.9: optimizer.momentum is a hyper-parameter of momentum, not of adam (adam's hyper-parameters are beta1, beta2, epsilon)",
  ]);
  assert.deepEqual(problems(example, ['optimizer=adamm', 'layers=[]']), [
    '--set optimizer=adamm: optimizer must be one of "sgd", "momentum", "adagrad", "rmsprop", "adadelta", "adam" (got "adamm"); did you mean "adam"?',
    '--set layers=[]: layers must list at least one hidden layer',
  ]);
  assert.deepEqual(problems(example, ['layers[2].units=64', 'layers[x].units=1', 'layers.units=1', 'optimizer[0]=1']), [
    '--set layers[2].units=64: there is no layers[2]: layers has 2 items (layers[0] … layers[1])',
    '--set layers[x].units=1: "layers[x].units" is not a key path; e.g. learning_rate, data.normalize, layers[0].units',
    '--set layers.units=1: layers is not a mapping',
    '--set optimizer[0]=1: optimizer is not a list',
  ]);
  assert.deepEqual(problems(base, ['layers[0].units=64']), [
    "--set layers[0].units=64: there is no layers[0]: the experiment has no layers list (it has units, the one-layer shorthand: set units, or the whole list, e.g. --set 'layers=[{units: 64}]')",
  ]);
  assert.deepEqual(problems(example, ['units=64']), [
    '--set units=64: units cannot be combined with layers: units is the shorthand for one hidden layer; give each layer its units in layers',
  ]);
  assert.deepEqual(problems(example.replace('  - units: 128\n    activation: relu\n', ''), ['activation=relu']), [
    '--set activation=relu: activation cannot be combined with layers: each layer takes its own activation (layers[N].activation, default sigmoid)',
  ]);
  // --set layers replaces the file's shorthand, not an override's.
  assert.deepEqual(problems(base, ['activation=relu', 'layers=[{units: 4}]']), [
    '--set activation=relu: activation cannot be combined with layers: each layer takes its own activation (layers[N].activation, default sigmoid)',
  ]);
});

test('sweeps over optimizer, layers, layers[0].units and optimizer.beta1: trials named after their values, each validated', () => {
  const trialsOf = (text: string, overrides: string[] = []) => expandTrials(parseExperiment(text, 'x.yaml', overrides));
  const byOptimizer = trialsOf(example.replace('learning_rate: 0.001\n', 'learning_rate: 0.01\n') + 'sweep:\n  optimizer: [sgd, adam, {name: momentum, momentum: 0.5}]\n');
  assert.deepEqual(
    byOptimizer.map((t) => [t.experiment.name, t.experiment.optimizer]),
    [
      ['deep[optimizer=sgd]', 'sgd'],
      ['deep[optimizer=adam]', 'adam'],
      ['deep[optimizer={"name":"momentum","momentum":0.5}]', { name: 'momentum', momentum: 0.5 }],
    ],
  );
  assert.equal(byOptimizer[0]!.experiment.sweep, undefined);

  // A swept layers list replaces the units + activation shorthand of the file.
  const byLayers = trialsOf(base + 'sweep:\n  layers: [[{units: 64}], [{units: 128}, {units: 64}]]\n');
  assert.deepEqual(
    byLayers.map((t) => [t.experiment.name, t.experiment.layers, t.experiment.units]),
    [
      ['a[layers=[{"units":64}]]', [{ units: 64 }], undefined],
      ['a[layers=[{"units":128},{"units":64}]]', [{ units: 128 }, { units: 64 }], undefined],
    ],
  );

  const byItems = trialsOf(example + 'sweep:\n  layers[0].units: [64, 128]\n  "layers[1].dropout": [0, 0.2]\n  optimizer.beta1: [0.9, 0.95]\n');
  assert.equal(byItems.length, 8);
  assert.deepEqual(byItems[3]!.values, { 'layers[0].units': 64, 'layers[1].dropout': 0.2, 'optimizer.beta1': 0.95 });
  assert.equal(byItems[3]!.experiment.name, 'deep[layers[0].units=64,layers[1].dropout=0.2,optimizer.beta1=0.95]');
  assert.deepEqual(byItems[3]!.experiment.layers, [
    { units: 64, activation: 'relu', batch_norm: true, dropout: 0.4 },
    { units: 128, activation: 'relu', dropout: 0.2 },
  ]);
  // optimizer: adam became {name: adam, beta1} in the trial.
  assert.deepEqual(byItems[3]!.experiment.optimizer, { name: 'adam', beta1: 0.95 });
  assert.deepEqual(dense(trialsOf(example + 'sweep:\n  layers[0].batch_norm.epsilon: [0.001]\n')[0]!.experiment.layers![0]!).batch_norm, { epsilon: 0.001 });

  // The rules on a swept key wait for the trials: sgd needs the learning_rate, adadelta refuses it.
  const noRate = head + 'units: 8\nsweep:\n  optimizer: [adam, adadelta]\n';
  assert.deepEqual(trialsOf(noRate).map((t) => t.experiment.name), ['a[optimizer=adam]', 'a[optimizer=adadelta]']);
  const sweptBoth = head + 'units: 8\nsweep:\n  optimizer: [sgd, adam]\n  learning_rate: [0.1]\n';
  assert.deepEqual(trialsOf(sweptBoth).map((t) => t.experiment.name), ['a[optimizer=sgd,learning_rate=0.1]', 'a[optimizer=adam,learning_rate=0.1]']);
  // --set applies to every trial, and composes with a key inside it.
  assert.deepEqual(trialsOf(example + 'sweep:\n  optimizer.beta1: [0.8]\n', ['optimizer={name: adam, beta2: 0.99}'])[0]!.experiment.optimizer, {
    name: 'adam',
    beta2: 0.99,
    beta1: 0.8,
  });
});

test('a bad swept value is reported at its own line:col, with the rule it breaks', () => {
  const text =
    example + // 12 lines
    'sweep:\n' + // 13
    '  optimizer: [sgd, adamm, adadelta, {name: rmsprop, rho: 2}]\n' + // 14
    '  layers:\n' + // 15
    '    - [{units: 64}]\n' + // 16
    '    - []\n' + // 17
    '    - [{units: 0}]\n' + // 18
    '  layers[0].units: [64, 0]\n' + // 19
    '  layers[1].dropout: [0, 1]\n' + // 20
    '  optimizer.beta1: [0.9, 1]\n' + // 21
    '  batch_size: [1]\n'; // 22
  const lines = sweepProblems(text);
  assert.deepEqual(lines, [
    'x.yaml:19:3: sweep: "layers[0].units" is inside "layers", which is swept too; sweep one or the other',
    'x.yaml:20:3: sweep: "layers[1].dropout" is inside "layers", which is swept too; sweep one or the other',
    'x.yaml:21:3: sweep: "optimizer.beta1" is inside "optimizer", which is swept too; sweep one or the other',
  ]);
  const apart =
    example + // 12 lines
    'sweep:\n' + // 13
    '  optimizer: [sgd, adamm, adadelta, {name: rmsprop, rho: 2}]\n' + // 14
    '  layers:\n' + // 15
    '    - [{units: 64}]\n' + // 16
    '    - []\n' + // 17
    '    - [{units: 0, batch_norm: true}]\n' + // 18
    '  batch_size: [1]\n'; // 19
  assert.deepEqual(sweepProblems(apart), [
    // (sgd is fine: the file has a learning_rate)
    'x.yaml:14:20: sweep.optimizer[1]: optimizer must be one of "sgd", "momentum", "adagrad", "rmsprop", "adadelta", "adam" (got "adamm"); did you mean "adam"?',
    'x.yaml:14:27: sweep.optimizer[2]: learning_rate cannot be combined with adadelta: it has no learning rate',
    'x.yaml:14:37: sweep.optimizer[3]: optimizer.rho must be < 1 (got 2)',
    'x.yaml:17:7: sweep.layers[1]: layers must list at least one hidden layer',
    'x.yaml:18:7: sweep.layers[2]: layers[0].units must be >= 1 (got 0)',
    // batch_size [1] against swept layers waits for the whole trials.
  ]);
  assert.deepEqual(sweepProblems(example + 'sweep:\n  batch_size: [2, 1]\n'), [
    'x.yaml:14:19: sweep.batch_size[1]: layers[0].batch_norm needs batch_size >= 2: batch statistics need at least 2 images (batch_size is 1)',
  ]);
  assert.deepEqual(sweepProblems(example + 'sweep:\n  batch_size: [1]\n  layers: [[{units: 8}], [{units: 8, batch_norm: true}]]\n'), [
    'x.yaml:13:1: trial 1 (batch_size=1,layers=[{"units":8,"batch_norm":true}]): layers[0].batch_norm needs batch_size >= 2: batch statistics need at least 2 images (batch_size is 1)',
  ]);
  assert.deepEqual(sweepProblems(head + 'units: 8\nsweep:\n  optimizer: [adam, sgd]\n'), [
    'x.yaml:6:21: sweep.optimizer[1]: learning_rate is required with sgd (it has no default learning rate)',
  ]);
  const items = example + 'sweep:\n  layers[0].units: [64, 0]\n  layers[1].dropout: [0, 1]\n  optimizer.beta1: [0.9, 1]\n  optimizer.momentum: [0.9]\n';
  assert.deepEqual(sweepProblems(items), [
    'x.yaml:14:25: sweep.layers[0].units[1]: layers[0].units must be >= 1 (got 0)',
    'x.yaml:15:26: sweep.layers[1].dropout[1]: layers[1].dropout must be < 1 (got 1)',
    'x.yaml:16:26: sweep.optimizer.beta1[1]: optimizer.beta1 must be < 1 (got 1)',
    "x.yaml:17:24: sweep.optimizer.momentum[0]: optimizer.momentum is a hyper-parameter of momentum, not of adam (adam's hyper-parameters are beta1, beta2, epsilon)",
  ]);
  // Swept keys against the file's shorthand or layers.
  assert.deepEqual(sweepProblems(example + 'sweep:\n  units: [8]\n  activation: [relu]\n'), [
    'x.yaml:14:11: sweep.units[0]: units cannot be combined with layers: units is the shorthand for one hidden layer; give each layer its units in layers',
    'x.yaml:15:16: sweep.activation[0]: activation cannot be combined with layers: each layer takes its own activation (layers[N].activation, default sigmoid)',
  ]);
});

test('sweep keys: did-you-mean, list items that do not exist, --set inside a swept key', () => {
  assert.deepEqual(problems(example + 'sweep:\n  layer[0].units: [1]\n  layers[2].unit: [1]\n  optimiser: [adam]\n  optimizer.beta_1: [0.9]\n'), [
    'x.yaml:14:3: sweep: "layer[0].units" is not a key that can be swept; did you mean "layers[0].units"?',
    'x.yaml:15:3: sweep: "layers[2].unit" is not a key that can be swept; did you mean "layers[2].units"?',
    'x.yaml:16:3: sweep: "optimiser" is not a key that can be swept; did you mean "optimizer"?',
    'x.yaml:17:3: sweep: "optimizer.beta_1" is not a key that can be swept; did you mean "optimizer.beta1"?',
  ]);
  assert.deepEqual(sweepProblems(example + 'sweep:\n  layers[5].units: [64]\n'), [
    'x.yaml:14:3: sweep: "layers[5].units": there is no layers[5]: layers has 2 items (layers[0] … layers[1])',
  ]);
  assert.deepEqual(sweepProblems(base + 'sweep:\n  layers[0].units: [64]\n'), [
    'x.yaml:7:3: sweep: "layers[0].units": there is no layers[0]: the experiment has no layers list (it has units, the one-layer shorthand: sweep units, or whole layers lists)',
  ]);
  const swept = example + 'sweep:\n  layers: [[{units: 8}]]\n  optimizer.beta1: [0.9]\n';
  assert.deepEqual(sweepProblems(swept, ['layers[0].units=64', 'optimizer.beta1=0.5', 'optimizer.beta2=0.9', 'epochs=2']), [
    "--set layers[0].units=64: layers is swept; the sweep block's values would replace it",
    "--set optimizer.beta1=0.5: optimizer.beta1 is swept; the sweep block's values would replace it",
  ]);
});

test('a stored experiment (defaults filled in) validates again, layers and all', () => {
  const stored = JSON.stringify({ ...parseExperiment(example, 'x.yaml').experiment, batches_per_epoch: 600 });
  assert.equal(validateStoredExperiment(stored, 'run 1').optimizer, 'adam');
  assert.throws(
    () => validateStoredExperiment(stored.replace('"optimizer":"adam"', '"optimizer":"adadelta"'), 'run 1'),
    (e: unknown) => e instanceof ConfigError && e.problems.join('\n') === 'run 1: learning_rate cannot be combined with adadelta: it has no learning rate',
  );
});

/** A layers item read as the dense layer the test wrote. */
function dense(layer: object): HiddenLayer {
  return layer as HiddenLayer;
}
