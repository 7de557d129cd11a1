/** Random search: sweep_method: random, trials: N, distributions in the sweep block; determinism, the mix with lists, the errors. */
import type { HiddenLayer } from '../src/config/experiment.generated.js';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseExperiment } from '../src/config/load.js';
import { drawStream, drawValues, roundSignificant, sampleAt, type Distribution } from '../src/config/distributions.js';
import { expandTrials, isSweep, MAX_TRIALS, SWEEP_KEYS, type Trial } from '../src/config/sweep.js';
import { ok, runCli, smallExperimentYaml, sweepProblems, tempDir, writeIdxSet } from './helpers.js';

const base = 'name: a\nunits: 32\nbatch_size: 100\nepochs: 10\nlearning_rate: 0.01\n';

function trialsOf(text: string, overrides: string[] = []): Trial[] {
  return expandTrials(parseExperiment(text, 'x.yaml', overrides));
}

const random = (trials: number, block: string, extra = '') => `${base}sweep_method: random\ntrials: ${trials}\n${extra}sweep:\n${block}`;
const LR = '  learning_rate: {log_uniform: [1.0e-4, 0.1]}\n';

test('the draw stream is splitmix64 from sweep_seed × 2^32 + i into xoshiro128**: values pinned (an independent Python implementation gave them)', () => {
  const rng = drawStream(0, 0);
  assert.deepEqual([rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32()], [3737715805, 2584255861, 2876756834, 3286328325]);
  // The first key of each draw takes the first 53-bit uniform: sweep_seed 0, draws 0, 1, 2.
  assert.deepEqual(trialsOf(random(3, LR)).map((t) => t.values), [
    { learning_rate: 0.0408098 },
    { learning_rate: 0.00152763 },
    { learning_rate: 0.000573598 },
  ]);
  // Keys draw in the block's order from one stream per draw; sweep_seed 9.
  const seeded = trialsOf(random(3, '  learning_rate: {uniform: [0.01, 0.1]}\n  optimizer: {choice: [sgd, adam]}\n', 'sweep_seed: 9\n'));
  assert.deepEqual(seeded.map((t) => t.values), [
    { learning_rate: 0.0365582, optimizer: 'adam' },
    { learning_rate: 0.0756907, optimizer: 'sgd' },
    { learning_rate: 0.058391, optimizer: 'sgd' },
  ]);
  assert.throws(() => drawStream(2 ** 32, 0), RangeError);
  assert.throws(() => drawStream(0, -1), RangeError);
});

test('a rerun draws the same trials; another sweep_seed draws others; raising trials from 5 to 8 keeps the first 5', () => {
  const block = LR + '  units: {int_uniform: [8, 64]}\n  activation: {choice: [sigmoid, relu]}\n  init_scale: {uniform: [0.01, 0.5]}\n';
  const five = trialsOf(random(5, block));
  assert.deepEqual(trialsOf(random(5, block)), five, 'a rerun');
  assert.notDeepEqual(trialsOf(random(5, block, 'sweep_seed: 1\n')).map((t) => t.values), five.map((t) => t.values));
  const eight = trialsOf(random(8, block));
  assert.equal(eight.length, 8);
  assert.deepEqual(eight.slice(0, 5), five, 'indices, values, names and experiments of the first five unchanged');
  // --set trials=8 is the same as writing it.
  assert.deepEqual(trialsOf(random(5, block), ['trials=8']), eight);
  assert.deepEqual(new Set(eight.map((t) => JSON.stringify(t.values))).size, 8, 'eight different draws');
});

test('over a fixed 1,000-draw sample each distribution spreads plausibly', () => {
  const ds = new Map<string, Distribution>([
    ['u', { kind: 'uniform', low: -2, high: 3 }],
    ['lu', { kind: 'log_uniform', low: 1e-4, high: 1 }],
    ['iu', { kind: 'int_uniform', low: 1, high: 6 }],
    ['ilu', { kind: 'int_log_uniform', low: 1, high: 1000 }],
    ['c', { kind: 'choice', options: ['a', 'b', 'c', 'd'] }],
  ]);
  const draws = Array.from({ length: 1000 }, (_, i) => drawValues(ds, 12345, i));
  const column = (key: string) => draws.map((d) => d.get(key) as number);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length / 2]!;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

  const u = column('u');
  assert.ok(u.every((x) => x >= -2 && x <= 3 && x === roundSignificant(x)), 'uniform: in bounds, 6 significant digits');
  assert.ok(Math.abs(mean(u) - 0.5) < 0.15, `uniform's mean ${mean(u)}`);

  const lu = column('lu');
  assert.ok(lu.every((x) => x >= 1e-4 && x <= 1 && x === roundSignificant(x)), 'log_uniform: in bounds, 6 significant digits');
  // The median of a log-uniform is the geometric mean of its ends, 1e-2 here.
  assert.ok(Math.abs(Math.log10(median(lu)) + 2) < 0.2, `log_uniform's median ${median(lu)}`);
  assert.ok(lu.some((x) => x < 1e-3) && lu.some((x) => x > 0.1), 'every decade is reached');

  const iu = column('iu');
  assert.ok(iu.every((x) => Number.isInteger(x) && x >= 1 && x <= 6), 'int_uniform: integers in bounds');
  for (let k = 1; k <= 6; k++) {
    const n = iu.filter((x) => x === k).length;
    assert.ok(n > 120 && n < 215, `int_uniform: ${k} drawn ${n} times of 1000`); // both ends reached, and each about 1/6
  }

  const ilu = column('ilu');
  assert.ok(ilu.every((x) => Number.isInteger(x) && x >= 1 && x <= 1000), 'int_log_uniform: integers in bounds');
  // P(x <= 31) = log(32) / log(1001), about 0.50; 1 gets log(2) / log(1001), about 10%.
  const low = ilu.filter((x) => x <= 31).length;
  assert.ok(low > 440 && low < 560, `int_log_uniform: ${low} of 1000 at most 31`);
  const ones = ilu.filter((x) => x === 1).length;
  assert.ok(ones > 60 && ones < 145, `int_log_uniform: 1 drawn ${ones} times`);

  const c = draws.map((d) => d.get('c'));
  for (const option of ['a', 'b', 'c', 'd']) {
    const n = c.filter((x) => x === option).length;
    assert.ok(n > 200 && n < 300, `choice: ${option} drawn ${n} times of 1000`);
  }

  // The ends of each range (u = 0, and u just below 1).
  const below1 = 1 - 2 ** -53;
  assert.equal(sampleAt({ kind: 'int_log_uniform', low: 16, high: 512 }, 0), 16);
  assert.equal(sampleAt({ kind: 'int_log_uniform', low: 16, high: 512 }, below1), 512, 'floor over [low, high + 1), kept at most high');
  assert.equal(sampleAt({ kind: 'int_uniform', low: 16, high: 512 }, below1), 512);
  assert.equal(sampleAt({ kind: 'log_uniform', low: 1e-4, high: 0.1 }, 0), 1e-4);
  assert.equal(sampleAt({ kind: 'uniform', low: 0.1, high: 0.1234567 }, below1), 0.1234567, 'rounding kept within high');

  // The trials of a 1,000-trial sweep are these draws.
  const trials = trialsOf(random(1000, '  units: {int_log_uniform: [1, 1000]}\n  activation: {choice: [sigmoid, relu]}\n', 'sweep_seed: 12345\n'));
  const expected = new Map<string, Distribution>([
    ['units', { kind: 'int_log_uniform', low: 1, high: 1000 }],
    ['activation', { kind: 'choice', options: ['sigmoid', 'relu'] }],
  ]);
  trials.forEach((t, i) => assert.deepEqual(t.values, Object.fromEntries(drawValues(expected, 12345, i))));
});

test('lists in a random sweep are a grid crossed with the draws: draw outermost, then the grid (last list fastest), then repeat', () => {
  const text = random(3, '  batch_size: [10, 20]\n  learning_rate: {log_uniform: [1.0e-3, 1.0]}\n  units: [4, 8, 16]\n', 'repeat: 2\nseed: 5\n');
  const trials = trialsOf(text);
  const gridSize = 2 * 3;
  const repeat = 2;
  assert.equal(trials.length, 3 * gridSize * repeat);
  const grid = [10, 20].flatMap((b) => [4, 8, 16].map((u) => [b, u]));
  const rates = [0, 1, 2].map((i) => trials[i * gridSize * repeat]!.values.learning_rate);
  assert.equal(new Set(rates).size, 3);
  for (let i = 0; i < 3; i++) {
    for (let g = 0; g < gridSize; g++) {
      for (let r = 0; r < repeat; r++) {
        const t = trials[(i * gridSize + g) * repeat + r]!;
        assert.equal(t.index, (i * gridSize + g) * repeat + r);
        assert.deepEqual(t.values, { batch_size: grid[g]![0], learning_rate: rates[i], units: grid[g]![1], seed: 5 + r }, 'in the block key order, seed last');
        assert.equal(t.experiment.batch_size, grid[g]![0]);
        assert.equal(t.experiment.units, grid[g]![1]);
        assert.equal(t.experiment.learning_rate, rates[i]);
        assert.equal(t.experiment.seed, 5 + r);
      }
    }
  }
  assert.equal(trials[3]!.experiment.name, `a[batch_size=10,learning_rate=${rates[0]},units=8,seed=6]`);
  // Raising trials appends: the first 3 draws' 36 trials unchanged.
  assert.deepEqual(trialsOf(text.replace('trials: 3', 'trials: 4')).slice(0, trials.length), trials);
  // The draws do not depend on the lists: the same rates without them.
  assert.deepEqual(trialsOf(random(3, '  learning_rate: {log_uniform: [1.0e-3, 1.0]}\n')).map((t) => t.values.learning_rate), rates);
});

test("a trial's experiment carries none of the sweep's keys; epochs is the file's; choice takes whole values and paths", () => {
  const text = random(
    4,
    '  optimizer: {choice: [adam, {name: momentum, momentum: 0.5}]}\n  layers[0].units: {int_uniform: [4, 9]}\n  data.normalize: {choice: [true, false]}\n',
    'sweep_seed: 3\nrepeat: 1\nhalving: {min_epochs: 1, max_epochs: 10, metric: cross_entropy}\n',
  ).replace('units: 32\n', 'layers: [{units: 8, activation: relu}]\n');
  const loaded = parseExperiment(text, 'x.yaml');
  assert.ok(isSweep(loaded.experiment));
  const trials = expandTrials(loaded);
  assert.equal(trials.length, 4);
  for (const t of trials) {
    for (const key of SWEEP_KEYS) assert.equal(key in t.experiment, false, `${key} in trial ${t.index}`);
    assert.equal(t.experiment.epochs, 10);
    assert.deepEqual(Object.keys(t.values), ['optimizer', 'layers[0].units', 'data.normalize']);
    assert.equal((t.experiment.layers![0]! as HiddenLayer).units, t.values['layers[0].units']);
    assert.equal((t.experiment.layers![0]! as HiddenLayer).activation, 'relu');
    assert.deepEqual(t.experiment.optimizer, t.values.optimizer);
    assert.equal(t.experiment.data.normalize, t.values['data.normalize']);
    const label = Object.entries(t.values).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(',');
    assert.equal(t.experiment.name, `a[${label}]`);
  }
  assert.equal(loaded.experiment.halving?.max_epochs, 10, 'halving stays on the loaded experiment for the caller');
});

test('isSweep: a sweep block, repeat, sweep_method: random, or trials or sweep_seed (refused without random); a grid is unchanged', () => {
  const is = (extra: string) => isSweep(parseExperiment(base + extra, 'x.yaml').experiment);
  assert.equal(is(''), false);
  assert.equal(is('sweep_method: random\n'), true);
  assert.equal(is('trials: 3\n'), true);
  assert.equal(is('sweep_seed: 3\n'), true);
  assert.equal(is('repeat: 2\n'), true);
  // An explicit grid is the grid.
  const grid = 'sweep:\n  learning_rate: [0.1, 0.2]\n  units: [4, 8]\n';
  assert.deepEqual(trialsOf(base + 'sweep_method: grid\n' + grid), trialsOf(base + grid));
  assert.deepEqual(trialsOf(base + grid).map((t) => t.values), [
    { learning_rate: 0.1, units: 4 },
    { learning_rate: 0.1, units: 8 },
    { learning_rate: 0.2, units: 4 },
    { learning_rate: 0.2, units: 8 },
  ]);
});

test('each bad block is refused at its line:col, all the problems together', () => {
  // Line numbers: base is lines 1-5, sweep_method 6, trials 7, sweep 8, the keys from 9.
  assert.deepEqual(
    sweepProblems(random(3, '  activation: {uniform: [0, 1]}\n  units: {uniform: [16, 64]}\n  seed: {int_uniform: [5, 1]}\n  init_scale: {log_uniform: [0, 1]}\n  batch_size: {int_log_uniform: [-1, 8]}\n')),
    [
      'x.yaml:9:3: sweep.activation: {uniform: [0, 1]} draws numbers such as 0; activation must be one of "sigmoid", "relu" (got 0)',
      'x.yaml:10:3: sweep.units: {uniform: [16, 64]} draws numbers such as 22.5971; units must be an integer (got 22.5971)',
      'x.yaml:11:3: sweep.seed: {int_uniform: [5, 1]}: low must be <= high (got low 5, high 1)',
      'x.yaml:12:3: sweep.init_scale: {log_uniform: [0, 1]}: a log range needs low > 0 (got low 0)',
      'x.yaml:13:3: sweep.batch_size: {int_log_uniform: [-1, 8]}: a log range needs low > 0 (got low -1)',
    ],
  );
  assert.deepEqual(sweepProblems(random(3, '  learning_rate: {uniform: [0, 0.1]}\n')), [
    'x.yaml:9:3: sweep.learning_rate: {uniform: [0, 0.1]} draws numbers such as 0; learning_rate must be > 0 (got 0)',
  ]);
  assert.deepEqual(sweepProblems(random(3, '  units: {int_uniform: [0, 4]}\n')), [
    'x.yaml:9:3: sweep.units: {int_uniform: [0, 4]} draws integers such as 0; units must be >= 1 (got 0)',
  ]);
  // choice: each option at its own line:col, as a grid's list.
  assert.deepEqual(sweepProblems(random(3, '  activation: {choice: [relu, tanh, 3]}\n')), [
    'x.yaml:9:31: sweep.activation.choice[1]: activation must be one of "sigmoid", "relu" (got "tanh")',
    'x.yaml:9:37: sweep.activation.choice[2]: activation must be one of "sigmoid", "relu" (got 3)',
  ]);
  // The method and its keys.
  assert.deepEqual(sweepProblems(`${base}sweep_method: random\nsweep:\n${LR}`), [
    'x.yaml:6:15: sweep_method: random needs trials: N, how many draws to make (e.g. trials: 20)',
  ]);
  assert.deepEqual(sweepProblems(`${base}trials: 3\nsweep_seed: 4\nsweep:\n  units: [4, 8]\n`), [
    "x.yaml:6:9: trials is for sweep_method: random (a grid's trials are every combination of its lists)",
    'x.yaml:7:13: sweep_seed is for sweep_method: random (a grid draws nothing)',
  ]);
  assert.deepEqual(sweepProblems(`${base}trials: 3\n`), [
    "x.yaml:6:9: trials is for sweep_method: random (a grid's trials are every combination of its lists)",
  ]);
  assert.deepEqual(sweepProblems(random(3, '  units: [4, 8]\n')), [
    "x.yaml:6:15: sweep_method: random draws from the sweep block's distributions (e.g. learning_rate: {log_uniform: [1.0e-4, 0.1]}), and the sweep block has none; lists alone are a grid",
  ]);
  assert.deepEqual(sweepProblems(`${base}sweep:\n${LR}`), [
    'x.yaml:7:3: sweep.learning_rate: a distribution needs sweep_method: random (a grid takes a list of values)',
  ]);
  // At most MAX_TRIALS in all: draws × grid points × repeat.
  assert.deepEqual(sweepProblems(random(2500, LR + '  units: [4, 8]\n', 'repeat: 3\n')), [
    `x.yaml:7:9: 15000 trials (trials 2500 × 2 grid points × repeat 3); a sweep may have at most ${MAX_TRIALS}`,
  ]);
  // --set on a drawn key, and a problem with the method are reported together with the ranges.
  assert.deepEqual(sweepProblems(`${base}sweep_method: random\nsweep:\n  units: {int_uniform: [9, 4]}\n`, ['units=8']), [
    'x.yaml:6:15: sweep_method: random needs trials: N, how many draws to make (e.g. trials: 20)',
    '--set units=8: units is swept; the sweep block\'s values would replace it',
    'x.yaml:8:3: sweep.units: {int_uniform: [9, 4]}: low must be <= high (got low 9, high 4)',
  ]);
  // Values fine alone, not together: every trial is validated as a whole.
  const together = random(50, '  seed: {int_uniform: [4294967290, 4294967295]}\n', 'repeat: 3\n');
  assert.match(sweepProblems(together)[0]!, /^x\.yaml:8:9: trial \d+ \(seed=4294967\d+\): seed must be <= 4294967295 \(got 429496729[6-9]\)$/);
});

test('runner validate checks a random sweep; a bad one exits 2 at its line:col, and training it creates no database', () => {
  const dir = tempDir('runner-random-');
  writeIdxSet(dir);
  const good = join(dir, 'random.yaml');
  writeFileSync(good, smallExperimentYaml('sweep_method: random\ntrials: 5\nsweep:\n  learning_rate: {log_uniform: [1.0e-3, 0.3]}\n  units: [4, 8]\n'));
  assert.match(ok(runCli(['validate', good])).stdout, /: ok \(a sweep of 10 trials; data: /);

  // smallExperimentYaml is lines 1-12, its extra from line 13.
  const bad: [string, string][] = [
    ['sweep_method: random\ntrials: 5\nsweep:\n  units: {uniform: [4, 16]}\n', 'units.yaml:16:3: sweep.units: {uniform: [4, 16]} draws numbers such as 5.64927; units must be an integer (got 5.64927)'],
    ['sweep_method: random\ntrials: 5\nsweep:\n  activation: {uniform: [0, 1]}\n', 'activation.yaml:16:3: sweep.activation: {uniform: [0, 1]} draws numbers such as 0; activation must be one of "sigmoid", "relu" (got 0)'],
    ['sweep_method: random\ntrials: 5\nsweep:\n  learning_rate: {log_uniform: [0.5, 0.1]}\n', 'range.yaml:16:3: sweep.learning_rate: {log_uniform: [0.5, 0.1]}: low must be <= high (got low 0.5, high 0.1)'],
    ['sweep_method: random\nsweep:\n  learning_rate: {log_uniform: [0.01, 0.1]}\n', 'notrials.yaml:13:15: sweep_method: random needs trials: N, how many draws to make (e.g. trials: 20)'],
    ['trials: 5\n', "trials.yaml:13:9: trials is for sweep_method: random (a grid's trials are every combination of its lists)"],
  ];
  const names = ['units', 'activation', 'range', 'notrials', 'trials'];
  bad.forEach(([extra, line], k) => {
    const file = join(dir, `${names[k]}.yaml`);
    writeFileSync(file, smallExperimentYaml(extra));
    const checked = runCli(['validate', `${names[k]}.yaml`], { cwd: dir });
    assert.equal(checked.status, 2, checked.stderr);
    assert.equal(checked.stderr.trim(), line);
    const db = join(dir, `${names[k]}.db`);
    const trained = runCli([`${names[k]}.yaml`, '--db', db], { cwd: dir });
    assert.equal(trained.status, 2, trained.stderr);
    assert.equal(trained.stderr.trim(), line);
    assert.equal(existsSync(db), false, `${db} was created`);
  });
});
