/**
 * Declared networks end to end, through the CLI on small IDX sets: two hidden layers with
 * batch norm and dropout, trained by Adam (and the other optimizers), keep every promise
 * the report's network keeps: the same bits on one thread or two, bit-exact resume after
 * SIGKILL (optimizer state and batch-norm statistics included), resume --epochs equal to a
 * longer run, sweeps over the new keys, and bad input refused at line:col with nothing written.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Rng } from '../src/nn/prng.js';
import { ROOT, runCli, sleep, startCli, tempDir, writeIdxSet } from './helpers.js';

const EPOCHS = 4;

/** The network every test here trains: 784 → 24 (bn, relu, dropout) → 13 (sigmoid, dropout) → 10, Adam. */
function deepYaml(extra = ''): string {
  return [
    'name: deep',
    'seed: 5',
    'layers:',
    '  - units: 24',
    '    activation: relu',
    '    batch_norm: true',
    '    dropout: 0.3',
    '  - units: 13',
    '    activation: sigmoid',
    '    dropout: 0.1',
    'optimizer: adam',
    'batch_size: 20',
    `epochs: ${EPOCHS}`,
    'data:',
    '  train_images: train-images',
    '  train_labels: train-labels',
    '  test_images: test-images',
    '  test_labels: test-labels',
    '  normalize: true',
    extra,
  ].join('\n');
}

function workspace(batches = 150, extra = '') {
  const dir = tempDir('runner-network-');
  writeIdxSet(dir, { count: 600, rows: 28, cols: 28 });
  const file = join(dir, 'deep.yaml');
  writeFileSync(file, deepYaml(`batches_per_epoch: ${batches}\n${extra}`));
  return { dir, file };
}

/** Everything a run's trajectory is: losses, every checkpoint's weights, PRNG and optimizer state. */
function dump(db: string, runId = 1) {
  const sql = new Database(db, { readonly: true });
  const all = (q: string) => sql.prepare(q).all(runId);
  const d = {
    epochs: all('SELECT epoch, cross_entropy FROM epochs WHERE run_id = ? ORDER BY epoch'),
    weights: all('SELECT epoch, name, shape, hex(data) AS data FROM weights WHERE run_id = ? ORDER BY epoch, name'),
    optimizer: all('SELECT epoch, name, shape, hex(data) AS data FROM optimizer_state WHERE run_id = ? ORDER BY epoch, name'),
    checkpoints: all('SELECT epoch, hex(rng_state) AS rng, optimizer_step FROM checkpoints WHERE run_id = ? ORDER BY epoch'),
  };
  sql.close();
  return d;
}

test('a deep network with batch norm, dropout and Adam: one thread or two give the same bits; every tensor is stored', () => {
  const { dir, file } = workspace(60);
  const dumps = ['1', '2'].map((threads) => {
    const db = join(dir, `threads-${threads}.db`);
    const r = runCli([file, '--db', db, '--plain'], { env: { RUNNER_THREADS: threads } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /layers 24bn0?d0\.3-13d0\.1 \(relu,sigmoid\), adam \(lr 0\.001, beta1 0\.9, beta2 0\.999, epsilon 1e-8\), batch 20/);
    return dump(db);
  });
  assert.deepEqual(dumps[1], dumps[0]);
  const d = dumps[0]!;
  assert.equal(d.epochs.length, EPOCHS);
  const names = (epoch: number, rows: { epoch: number; name: string }[]) => rows.filter((r) => r.epoch === epoch).map((r) => r.name);
  assert.deepEqual(names(0, d.weights as { epoch: number; name: string }[]).sort(), [
    'b1', 'b2', 'b3', 'bn1_beta', 'bn1_gamma', 'bn1_mean', 'bn1_var', 'w1', 'w2', 'w3',
  ]);
  // Adam keeps m and v for every trained tensor (not the batch-norm statistics), from epoch 0.
  const trained = ['b1', 'b2', 'b3', 'bn1_beta', 'bn1_gamma', 'w1', 'w2', 'w3'];
  for (const epoch of [0, EPOCHS]) {
    assert.deepEqual(names(epoch, d.optimizer as { epoch: number; name: string }[]).sort(), trained.flatMap((t) => [`${t}.m`, `${t}.v`]).sort());
  }
  // t counts the updates: batches_per_epoch per epoch.
  assert.deepEqual((d.checkpoints as { optimizer_step: number }[]).map((c) => c.optimizer_step), [0, 60, 120, 180, 240]);

  const sql = new Database(join(dir, 'threads-1.db'), { readonly: true });
  const summary = sql.prepare('SELECT architecture, optimizer, activation, learning_rate, units FROM run_summary').get();
  sql.close();
  assert.deepEqual(summary, { architecture: '784-24bnd0.3-13d0.1-10', optimizer: 'adam', activation: 'relu,sigmoid', learning_rate: 0.001, units: null });
});

test('SIGKILL mid-epoch, then resume: the deep network continues bit for bit (weights, batch-norm statistics, Adam state, PRNG)', async () => {
  const { dir, file } = workspace();
  const reference = join(dir, 'reference.db');
  assert.equal(runCli([file, '--db', reference]).status, 0);
  const expected = dump(reference);
  assert.equal(expected.epochs.length, EPOCHS);
  // Kill moments scale with an epoch's training time on this machine, as the run recorded it
  // (the whole run's time is mostly process start, far longer than an epoch here).
  const sql = new Database(reference, { readonly: true });
  const { epochMs } = sql.prepare('SELECT 1000 * AVG(seconds) AS epochMs FROM epochs').get() as { epochMs: number };
  sql.close();

  const seed = Date.now() % 100_000;
  const rng = Rng.fromSeed(seed);
  const plans = [
    { name: 'mid-epoch 2', after: /^epoch 1\//m, delayMs: epochMs / 3 },
    { name: 'mid-epoch 3', after: /^epoch 2\//m, delayMs: epochMs / 2 },
    { name: `random (seed ${seed})`, after: /^epoch 1\//m, delayMs: rng.nextInt(Math.max(1, Math.floor(epochMs * 2))) },
  ];
  let landed = 0;
  for (const plan of plans) {
    const db = join(dir, `killed-${plans.indexOf(plan)}.db`);
    const live = startCli([file, '--db', db]);
    await live.waitFor(plan.after);
    await sleep(plan.delayMs);
    live.child.kill('SIGKILL');
    const { signal } = await live.exited;
    const sql = new Database(db, { readonly: true });
    const { status } = sql.prepare('SELECT status FROM runs').get() as { status: string };
    sql.close();
    if (signal !== 'SIGKILL' || status === 'completed') continue;
    landed++;
    const resumed = runCli(['resume', '1', '--db', db]);
    assert.equal(resumed.status, 0, `${plan.name}: ${resumed.stderr}`);
    assert.deepEqual(dump(db), expected, plan.name);
  }
  assert.ok(landed >= 2, `only ${landed} of ${plans.length} kills landed before the run ended`);
});

test('resume --epochs extends a deep Adam run exactly as if it had been planned longer', () => {
  const { dir, file } = workspace(40);
  const short = join(dir, 'short.db');
  const long = join(dir, 'long.db');
  assert.equal(runCli([file, '--db', short, '--set', 'epochs=2']).status, 0);
  const extended = runCli(['resume', '1', '--epochs', '4', '--db', short]);
  assert.equal(extended.status, 0, extended.stderr);
  assert.equal(runCli([file, '--db', long]).status, 0);
  assert.deepEqual(dump(short), dump(long));
});

test('every optimizer trains the deep network, and its loss falls', () => {
  const { dir, file } = workspace(60);
  for (const [k, optimizer] of ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adadelta'].entries()) {
    const db = join(dir, `${optimizer}.db`);
    const sets = ['--set', `optimizer=${optimizer}`, '--set', 'epochs=3'];
    if (optimizer === 'sgd') sets.push('--set', 'learning_rate=0.1');
    if (optimizer === 'adagrad') sets.push('--set', 'learning_rate=0.05');
    const r = runCli([file, '--db', db, '--json', ...sets]);
    assert.equal(r.status, 0, `${optimizer}: ${r.stderr}`);
    const losses = r.stdout
      .split('\n')
      .filter((l) => l.includes('"event":"epoch"'))
      .map((l) => (JSON.parse(l) as { cross_entropy: number }).cross_entropy);
    assert.equal(losses.length, 3, optimizer);
    assert.ok(losses[2]! < losses[0]!, `${optimizer} (${k}): ${losses}`);
    const sql = new Database(db, { readonly: true });
    const row = sql.prepare('SELECT optimizer, optimizer_json FROM runs').get() as { optimizer: string; optimizer_json: string };
    sql.close();
    assert.equal(row.optimizer, optimizer);
    assert.equal(JSON.parse(row.optimizer_json).name, optimizer);
  }
});

test('a sweep over the optimizer and a layer\'s width: one run per point, each as trained alone', () => {
  const { dir } = workspace(30);
  const file = join(dir, 'sweep.yaml');
  writeFileSync(
    file,
    deepYaml('batches_per_epoch: 30\nsweep:\n  optimizer: [sgd, adam]\n  "layers[1].units": [5, 13]\n').replace('epochs: 4', 'epochs: 2').replace(
      'optimizer: adam',
      'optimizer: adam\nlearning_rate: 0.01',
    ),
  );
  const db = join(dir, 'sweep.db');
  const r = runCli([file, '--db', db, '--plain', '--jobs', '2']);
  assert.equal(r.status, 0, r.stderr);
  const sql = new Database(db, { readonly: true });
  const rows = sql.prepare('SELECT trial, name, architecture, optimizer, status FROM runs ORDER BY trial').all();
  sql.close();
  assert.deepEqual(rows, [
    { trial: 0, name: 'deep[optimizer=sgd,layers[1].units=5]', architecture: '784-24bnd0.3-5d0.1-10', optimizer: 'sgd', status: 'completed' },
    { trial: 1, name: 'deep[optimizer=sgd,layers[1].units=13]', architecture: '784-24bnd0.3-13d0.1-10', optimizer: 'sgd', status: 'completed' },
    { trial: 2, name: 'deep[optimizer=adam,layers[1].units=5]', architecture: '784-24bnd0.3-5d0.1-10', optimizer: 'adam', status: 'completed' },
    { trial: 3, name: 'deep[optimizer=adam,layers[1].units=13]', architecture: '784-24bnd0.3-13d0.1-10', optimizer: 'adam', status: 'completed' },
  ]);
  // Trial 3 is the deep network itself at lr 0.01: the same bits as training it alone.
  const alone = join(dir, 'alone.db');
  const single = join(dir, 'single.yaml');
  writeFileSync(single, deepYaml('batches_per_epoch: 30\n').replace('epochs: 4', 'epochs: 2').replace('optimizer: adam', 'optimizer: adam\nlearning_rate: 0.01'));
  assert.equal(runCli([single, '--db', alone]).status, 0);
  const losses = (path: string, id: number) => {
    const s = new Database(path, { readonly: true });
    const l = s.prepare('SELECT cross_entropy FROM epochs WHERE run_id = ? ORDER BY epoch').all(id);
    s.close();
    return l;
  };
  const trial3 = (() => {
    const s = new Database(db, { readonly: true });
    const id = (s.prepare('SELECT id FROM runs WHERE trial = 3').get() as { id: number }).id;
    s.close();
    return id;
  })();
  assert.deepEqual(losses(db, trial3), losses(alone, 1));
});

test('compare lists the layer and optimizer settings that differ; show and runs name the network', () => {
  const { dir, file } = workspace(20);
  const db = join(dir, 'c.db');
  assert.equal(runCli([file, '--db', db, '--set', 'epochs=1']).status, 0);
  assert.equal(runCli([file, '--db', db, '--set', 'epochs=1', '--set', 'optimizer={name: adam, beta1: 0.8}', '--set', 'layers[1].dropout=0']).status, 0);
  const compared = JSON.parse(runCli(['compare', '1', '2', '--json', '--db', db]).stdout) as { differences: { key: string; values: unknown[] }[] };
  assert.deepEqual(compared.differences, [
    { key: 'architecture', values: ['784-24bnd0.3-13d0.1-10', '784-24bnd0.3-13-10'] },
    { key: 'layers[1].dropout', values: [0.1, 0] },
    { key: 'optimizer.beta1', values: [0.9, 0.8] },
  ]);
  const shown = runCli(['show', '2', '--db', db]);
  assert.match(shown.stdout, /^network 784-24bnd0\.3-13-10 \(relu,sigmoid\), adam \(lr 0\.001, beta1 0\.8, beta2 0\.999, epsilon 1e-8\)$/m);
  assert.match(runCli(['runs', '--db', db]).stdout, /^ *2 +deep +completed +784-24bnd0\.3-13-10 +adam +1\/1 /m);
});

test('bad networks and optimizers: one line each at line:col, exit 2, nothing written', () => {
  const { dir } = workspace(10);
  const db = join(dir, 'never.db');
  const cases: [string, string, RegExp[]][] = [
    ['units and layers', deepYaml('units: 32'), [/bad\.yaml:\d+:1: .*units.*layers/]],
    ['0 units', deepYaml().replace('units: 24', 'units: 0'), [/bad\.yaml:4:12: layers\[0\]\.units must be >= 1 \(got 0\)/]],
    ['dropout 1', deepYaml().replace('dropout: 0.3', 'dropout: 1'), [/bad\.yaml:7:14: .*dropout.*< 1/]],
    ['batch norm, batch 1', deepYaml().replace('batch_size: 20', 'batch_size: 1'), [/bad\.yaml:\d+:\d+: .*batch_norm.*batch_size/]],
    ['negative epsilon', deepYaml().replace('optimizer: adam', 'optimizer: {name: adam, epsilon: -1.0e-8}'), [/bad\.yaml:11:\d+: .*epsilon.*> 0/]],
    ['momentum 1', deepYaml().replace('optimizer: adam', 'optimizer: {name: momentum, momentum: 1}'), [/bad\.yaml:11:\d+: .*momentum.*< 1/]],
    ['adadelta with a learning rate', deepYaml().replace('optimizer: adam', 'optimizer: adadelta\nlearning_rate: 0.1'), [/bad\.yaml:12:\d+: .*learning_rate.*adadelta/]],
    ['typo in a layer', deepYaml().replace('    dropout: 0.1', '    dropuot: 0.1'), [/^\S*bad\.yaml:10:5: unknown key "layers\[1\]\.dropuot"; did you mean "dropout"\?$/]],
    ['typo in an optimizer', deepYaml().replace('optimizer: adam', 'optimizer: {name: adam, beta_1: 0.9}'), [/bad\.yaml:11:\d+: .*beta_1.*beta1/]],
    ['unknown optimizer', deepYaml().replace('optimizer: adam', 'optimizer: adamm'), [/bad\.yaml:11:12: .*did you mean "adam"/]],
  ];
  for (const [what, text, lines] of cases) {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, text);
    for (const args of [[file, '--db', db], ['validate', file]]) {
      const r = runCli(args);
      assert.equal(r.status, 2, `${what}: ${r.stdout} ${r.stderr}`);
      const got = r.stderr.trimEnd().split('\n');
      assert.equal(got.length, lines.length, `${what}: one line per problem: ${r.stderr}`);
      lines.forEach((re, k) => assert.match(got[k]!, re, what));
      assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
    }
  }
  const r = runCli([join(dir, 'deep.yaml'), '--db', db, '--set', 'layers[5].units=3']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^--set layers\[5\]\.units=3: /);
  assert.ok(!existsSync(db), 'no database is created');
});

const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

test('an exported deep network, run by the NumPy forward pass the README gives, scores as runner eval; importing it back scores the same', (t) => {
  if (!numpy) {
    t.skip('python3 with NumPy not found; the NumPy forward pass is not tested');
    return;
  }
  // Real MNIST: 784 → 40 (bn, relu, dropout 0.3) → 20 (sigmoid, dropout 0.1) → 10, a short Adam run.
  const dir = tempDir('runner-network-');
  const file = join(dir, 'mnist-deep.yaml');
  writeFileSync(
    file,
    [
      'name: mnist-deep', 'seed: 3', 'layers:', '  - {units: 40, activation: relu, batch_norm: true, dropout: 0.3}',
      '  - {units: 20, activation: sigmoid, dropout: 0.1}', 'optimizer: adam', 'batch_size: 100', 'epochs: 2',
      'batches_per_epoch: 60', 'data: {dataset: mnist, normalize: true}',
    ].join('\n'),
  );
  const db = join(dir, 'runs.db');
  assert.equal(runCli([file, '--db', db]).status, 0);
  const evaluated = JSON.parse(runCli(['eval', '1', '--db', db, '--json']).stdout) as { test_correct: number; test_cross_entropy: number; test_images: number };
  assert.ok(evaluated.test_correct > 7000, `a trained network: ${evaluated.test_correct}/10000`);
  const model = join(dir, 'deep.npz');
  assert.equal(runCli(['export', '1', '-o', model, '--db', db]).status, 0);
  const py = spawnSync(
    'python3',
    [join(ROOT, 'scripts/reference/numpy_mlp.py'), '--forward', model, '--layers', '40:relu,20:sigmoid', '--bn', '1,0', '--dropout', '0.3,0.1', '--normalize'],
    { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } },
  );
  assert.equal(py.status, 0, py.stderr);
  const theirs = JSON.parse(py.stdout.trim().split('\n').at(-1)!) as { images: number; correct: number; cross_entropy: number };
  assert.equal(theirs.images, evaluated.test_images);
  assert.equal(theirs.correct, evaluated.test_correct);
  assert.ok(Math.abs(theirs.cross_entropy - evaluated.test_cross_entropy) < 1e-5, `${theirs.cross_entropy} vs ${evaluated.test_cross_entropy}`);

  // The file's names and shapes say the network; --experiment gives what they cannot (relu, dropout).
  const imported = JSON.parse(runCli(['import', model, '--experiment', file, '--db', db, '--json']).stdout) as { run_id: number; tensors: { name: string }[] };
  assert.deepEqual(imported.tensors.map((x) => x.name), ['w1', 'b1', 'bn1_gamma', 'bn1_beta', 'bn1_mean', 'bn1_var', 'w2', 'b2', 'w3', 'b3']);
  const again = JSON.parse(runCli(['eval', String(imported.run_id), '--db', db, '--json']).stdout) as { test_correct: number; test_cross_entropy: number };
  assert.deepEqual([again.test_correct, again.test_cross_entropy], [evaluated.test_correct, evaluated.test_cross_entropy]);
  // An experiment of another shape is refused at its layers.
  const other = join(dir, 'other.yaml');
  writeFileSync(other, readFileSync(file, 'utf8').replace('units: 20', 'units: 21'));
  const refused = runCli(['import', model, '--experiment', other, '--db', db]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /other\.yaml:3:1: the experiment declares a 784-40bn-21-10 network, but .*deep\.npz holds a 784-40bn-20-10 one\n$/);
});
