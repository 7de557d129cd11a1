import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { loadExperiment, parseExperiment } from '../src/config/load.js';
import { ConfigError } from '../src/errors.js';
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
    'x.yaml:6:1: unknown key "colour"; known keys: name, seed, units, batch_size, epochs, learning_rate, init_scale, activation, batches_per_epoch, data, sweep, repeat',
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
    `--set colour.x=1: unknown key "colour"; known keys: name, seed, units, batch_size, epochs, learning_rate, init_scale, activation, batches_per_epoch, data, sweep, repeat`,
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
