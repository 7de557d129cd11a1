/**
 * Declared networks end to end, through the CLI on small IDX sets: two hidden layers with
 * batch norm and dropout, trained by Adam (and the other optimizers), keep every promise
 * the report's network keeps: the same bits on one thread or two, bit-exact resume after
 * SIGKILL (optimizer state and batch-norm statistics included), resume --epochs equal to a
 * longer run, sweeps over the new keys, and bad input refused at line:col with nothing written;
 * on SQLite and PostgreSQL alike.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/nn/prng.js';
import { ROOT, runCli, sleep, startCli, tempDir, writeIdxSet } from './helpers.js';
import { forEachStore, freshStore, hexOf, type TestStore, assertNothingWritten } from './stores.js';

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

/** Everything a run's trajectory is: losses, every checkpoint's weights, PRNG and optimizer state (bytes as hex). */
async function dump(store: TestStore, runId = 1) {
  const tensors = async (table: string) =>
    (await store.query<{ epoch: number; name: string; shape: string; data: Buffer }>(
      `SELECT epoch, name, shape, data FROM ${table} WHERE run_id = $1 ORDER BY epoch, name`,
      [runId],
    )).map((r) => ({ ...r, data: hexOf(r.data) }));
  return {
    epochs: await store.query<{ epoch: number; cross_entropy: number }>('SELECT epoch, cross_entropy FROM epochs WHERE run_id = $1 ORDER BY epoch', [runId]),
    weights: await tensors('weights'),
    optimizer: await tensors('optimizer_state'),
    checkpoints: (
      await store.query<{ epoch: number; rng_state: Buffer; optimizer_step: number }>(
        'SELECT epoch, rng_state, optimizer_step FROM checkpoints WHERE run_id = $1 ORDER BY epoch',
        [runId],
      )
    ).map(({ rng_state, ...c }) => ({ epoch: c.epoch, rng: hexOf(rng_state), optimizer_step: c.optimizer_step })),
  };
}

/** Runs `work` with `count` more fresh stores of `kind`, closed after it whatever happens. */
async function withStores<T>(kind: TestStore['kind'], count: number, work: (stores: TestStore[]) => Promise<T>): Promise<T> {
  const stores: TestStore[] = [];
  try {
    for (let k = 0; k < count; k++) stores.push(await freshStore(kind));
    return await work(stores);
  } finally {
    for (const s of stores) await s.close();
  }
}

forEachStore('a deep network with batch norm, dropout and Adam: one thread or two give the same bits; every tensor is stored', async (store) => {
  const { file } = workspace(60);
  const dumps = await withStores(store.kind, 1, async ([twoThreads]) => {
    const dumps = [];
    for (const [threads, s] of [['1', store], ['2', twoThreads!]] as const) {
      const r = runCli([file, '--db', s.location, '--plain'], { env: { RUNNER_THREADS: threads } });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /layers 24bn0?d0\.3-13d0\.1 \(relu,sigmoid\), adam \(lr 0\.001, beta1 0\.9, beta2 0\.999, epsilon 1e-8\), batch 20/);
      dumps.push(await dump(s));
    }
    return dumps;
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

  const summary = await store.query('SELECT architecture, optimizer, activation, learning_rate, units FROM run_summary');
  assert.deepEqual(summary, [{ architecture: '784-24bnd0.3-13d0.1-10', optimizer: 'adam', activation: 'relu,sigmoid', learning_rate: 0.001, units: null }]);
});

forEachStore('SIGKILL mid-epoch, then resume: the deep network continues bit for bit (weights, batch-norm statistics, Adam state, PRNG)', async (reference) => {
  const { file } = workspace();
  // Epochs here last a tenth of a second or so: a run of EPOCHS would leave the kill after
  // epoch 2 little more than one epoch to land in, less than this machine's scheduling
  // jitter under load. Two more epochs after the kill moments make every plan land.
  const epochs = EPOCHS + 2;
  writeFileSync(file, readFileSync(file, 'utf8').replace(`epochs: ${EPOCHS}\n`, `epochs: ${epochs}\n`));
  assert.equal(runCli([file, '--db', reference.location]).status, 0);
  const expected = await dump(reference);
  assert.equal(expected.epochs.length, epochs);
  // Kill moments scale with an epoch's training time on this machine, as the run recorded it
  // (the whole run's time is mostly process start, far longer than an epoch here).
  const [{ epoch_ms: epochMs }] = (await reference.query<{ epoch_ms: number }>('SELECT 1000 * AVG(seconds) AS epoch_ms FROM epochs')) as [{ epoch_ms: number }];

  const seed = Date.now() % 100_000;
  const rng = Rng.fromSeed(seed);
  const plans = [
    { name: 'mid-epoch 2', after: /^epoch 1\//m, delayMs: epochMs / 3 },
    { name: 'mid-epoch 3', after: /^epoch 2\//m, delayMs: epochMs / 2 },
    { name: `random (seed ${seed})`, after: /^epoch 1\//m, delayMs: rng.nextInt(Math.max(1, Math.floor(epochMs * 2))) },
  ];
  let landed = 0;
  await withStores(reference.kind, plans.length, async (killed) => {
    for (const [k, plan] of plans.entries()) {
      const db = killed[k]!;
      const live = startCli([file, '--db', db.location]);
      await live.waitFor(plan.after);
      await sleep(plan.delayMs);
      live.child.kill('SIGKILL');
      const { signal } = await live.exited;
      const [{ status }] = (await db.query<{ status: string }>('SELECT status FROM runs')) as [{ status: string }];
      if (signal !== 'SIGKILL' || status === 'completed') continue;
      landed++;
      const resumed = runCli(['resume', '1', '--db', db.location]);
      assert.equal(resumed.status, 0, `${plan.name}: ${resumed.stderr}`);
      assert.deepEqual(await dump(db), expected, plan.name);
    }
  });
  assert.ok(landed >= 2, `only ${landed} of ${plans.length} kills landed before the run ended`);
});

forEachStore('resume --epochs extends a deep Adam run exactly as if it had been planned longer', async (short) => {
  const { file } = workspace(40);
  assert.equal(runCli([file, '--db', short.location, '--set', 'epochs=2']).status, 0);
  const extended = runCli(['resume', '1', '--epochs', '4', '--db', short.location]);
  assert.equal(extended.status, 0, extended.stderr);
  await withStores(short.kind, 1, async ([long]) => {
    assert.equal(runCli([file, '--db', long!.location]).status, 0);
    assert.deepEqual(await dump(short), await dump(long!));
  });
});

forEachStore('every optimizer trains the deep network, and its loss falls', async (store) => {
  const { file } = workspace(60);
  // One store, one run each: run k + 1 is the k-th optimizer's.
  const db = store.location;
  for (const [k, optimizer] of ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adadelta'].entries()) {
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
    const [row] = await store.query<{ optimizer: string; optimizer_json: string }>('SELECT optimizer, optimizer_json FROM runs WHERE id = $1', [k + 1]);
    assert.ok(row, `run ${k + 1}`);
    assert.equal(row.optimizer, optimizer);
    assert.equal(JSON.parse(row.optimizer_json).name, optimizer);
  }
});

forEachStore('a sweep over the optimizer and a layer\'s width: one run per point, each as trained alone', async (store) => {
  const { dir } = workspace(30);
  const file = join(dir, 'sweep.yaml');
  writeFileSync(
    file,
    deepYaml('batches_per_epoch: 30\nsweep:\n  optimizer: [sgd, adam]\n  "layers[1].units": [5, 13]\n').replace('epochs: 4', 'epochs: 2').replace(
      'optimizer: adam',
      'optimizer: adam\nlearning_rate: 0.01',
    ),
  );
  const r = runCli([file, '--db', store.location, '--plain', '--jobs', '2']);
  assert.equal(r.status, 0, r.stderr);
  const rows = await store.query('SELECT trial, name, architecture, optimizer, status FROM runs ORDER BY trial');
  assert.deepEqual(rows, [
    { trial: 0, name: 'deep[optimizer=sgd,layers[1].units=5]', architecture: '784-24bnd0.3-5d0.1-10', optimizer: 'sgd', status: 'completed' },
    { trial: 1, name: 'deep[optimizer=sgd,layers[1].units=13]', architecture: '784-24bnd0.3-13d0.1-10', optimizer: 'sgd', status: 'completed' },
    { trial: 2, name: 'deep[optimizer=adam,layers[1].units=5]', architecture: '784-24bnd0.3-5d0.1-10', optimizer: 'adam', status: 'completed' },
    { trial: 3, name: 'deep[optimizer=adam,layers[1].units=13]', architecture: '784-24bnd0.3-13d0.1-10', optimizer: 'adam', status: 'completed' },
  ]);
  // Trial 3 is the deep network itself at lr 0.01: the same bits as training it alone.
  const single = join(dir, 'single.yaml');
  writeFileSync(single, deepYaml('batches_per_epoch: 30\n').replace('epochs: 4', 'epochs: 2').replace('optimizer: adam', 'optimizer: adam\nlearning_rate: 0.01'));
  const losses = (s: TestStore, id: number) => s.query('SELECT cross_entropy FROM epochs WHERE run_id = $1 ORDER BY epoch', [id]);
  const [trial3] = await store.query<{ id: number }>('SELECT id FROM runs WHERE trial = 3');
  await withStores(store.kind, 1, async ([alone]) => {
    assert.equal(runCli([single, '--db', alone!.location]).status, 0);
    assert.deepEqual(await losses(store, trial3!.id), await losses(alone!, 1));
  });
});

forEachStore('compare lists the layer and optimizer settings that differ; show and runs name the network', async (store) => {
  const { file } = workspace(20);
  const db = store.location;
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

forEachStore('bad networks and optimizers: one line each at line:col, exit 2, nothing written', async (store) => {
  const { dir } = workspace(10);
  const db = store.location;
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
  await assertNothingWritten(store, 'no database is created');
});

const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

forEachStore('an exported deep network, run by the NumPy forward pass the README gives, scores as runner eval; importing it back scores the same', async (store, t) => {
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
  const db = store.location;
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
