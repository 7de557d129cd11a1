/** runner eval, predict, export, import and compare, on a fresh SQLite file and PostgreSQL database with small IDX data. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIdx } from '../src/data/idx.js';
import { readNpz, writeNpz } from '../src/npz/npz.js';
import { runCli, smallExperimentYaml, tempDir, writeIdxSet, type CliResult } from './helpers.js';
import { forEachStore, freshStore, type TestStore, assertNothingWritten } from './stores.js';

/** One trained run (id 1: 3 epochs of smallExperimentYaml) in the given fresh store. */
function trainedRun(store: TestStore, extra = '') {
  const dir = tempDir();
  writeIdxSet(dir);
  const file = join(dir, 'small.yaml');
  writeFileSync(file, smallExperimentYaml(extra));
  const db = store.location;
  ok(runCli([file, '--db', db]));
  return { dir, file, db };
}

const TABLES = ['sweeps', 'runs', 'epochs', 'checkpoints', 'weights', 'optimizer_state', 'evaluations', 'resumes'];

/** Every row of every table, and the schema version: what a command that "writes nothing" must leave as it was. */
async function everyRow(store: TestStore) {
  const rows: Record<string, unknown[]> = {};
  // ORDER BY the first three columns: every table's key starts there.
  for (const table of TABLES) rows[table] = await store.query(`SELECT * FROM ${table} ORDER BY 1, 2, 3`);
  rows.version = await store.query(store.kind === 'sqlite' ? 'PRAGMA user_version' : 'SELECT version FROM runner_schema');
  return rows;
}

function ok(r: CliResult): CliResult {
  assert.equal(r.status, 0, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  assert.equal(r.stderr, '');
  return r;
}

/** Exit 2, the expected lines on stderr and nothing else: no stack, no partial output. */
function refused(r: CliResult, lines: (string | RegExp)[]) {
  assert.equal(r.status, 2, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  const got = r.stderr.trimEnd().split('\n');
  assert.equal(got.length, lines.length, r.stderr);
  lines.forEach((want, k) => (typeof want === 'string' ? assert.equal(got[k], want) : assert.match(got[k]!, want)));
  assert.doesNotMatch(r.stderr, /\bat .*\.(js|ts):\d+/, 'no stack trace');
}

interface Weights {
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  units: number;
}

async function storedWeights(store: TestStore, runId: number, epoch: number): Promise<Weights> {
  const rows = await store.query<{ name: string; shape: string; data: Buffer }>('SELECT name, shape, data FROM weights WHERE run_id = $1 AND epoch = $2', [
    runId,
    epoch,
  ]);
  const get = (name: string) => {
    const row = rows.find((r) => r.name === name)!;
    return new Float32Array(new Uint8Array(row.data).buffer);
  };
  const w1Shape = JSON.parse(rows.find((r) => r.name === 'w1')!.shape) as number[];
  return { w1: get('w1'), b1: get('b1'), w2: get('w2'), b2: get('b2'), units: w1Shape[0]! };
}

/**
 * The report's forward pass, written out plainly and independently of src/nn:
 * y1 = sigmoid(W1 x + b1), y2 = softmax(W2 y1 + b2). Returns y2 for each test image.
 */
function reportForward(w: Weights, images: Uint8Array, count: number, pixels: number, scale: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let n = 0; n < count; n++) {
    const y1 = new Float64Array(w.units);
    for (let j = 0; j < w.units; j++) {
      let a = w.b1[j]!;
      for (let p = 0; p < pixels; p++) a += w.w1[j * pixels + p]! * (images[n * pixels + p]! * scale);
      y1[j] = 1 / (1 + Math.exp(-a));
    }
    const a2 = Array.from({ length: 10 }, (_, c) => {
      let a = w.b2[c]!;
      for (let j = 0; j < w.units; j++) a += w.w2[c * w.units + j]! * y1[j]!;
      return a;
    });
    const max = Math.max(...a2);
    const e = a2.map((v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    out.push(Float64Array.from(e, (v) => v / sum));
  }
  return out;
}

function testSet(dir: string) {
  const images = parseIdx(readFileSync(join(dir, 'test-images')), 'test-images');
  const labels = parseIdx(readFileSync(join(dir, 'test-labels')), 'test-labels');
  const [count, rows, cols] = images.dims as [number, number, number];
  return { images: images.data, labels: labels.data, count, rows, cols, pixels: rows * cols };
}

const argmax = (v: ArrayLike<number>) => Array.from(v).reduce((best, x, k, all) => (x > all[best]! ? k : best), 0);

forEachStore('eval scores the last epoch on the test images, stores it, and runs/show/run_summary show it', async (store) => {
  const { dir, db } = trainedRun(store);
  const r = ok(runCli(['eval', '1', '--db', db]));
  const set = testSet(dir);
  // The runner computes in float32, this reference in float64: the same predictions, and
  // cross-entropies equal to float32 precision.
  const probabilities = reportForward(await storedWeights(store, 1, 3), set.images, set.count, set.pixels, 1 / 255);
  const correct = probabilities.filter((p, n) => argmax(p) === set.labels[n]).length;
  const crossEntropy = -probabilities.reduce((s, p, n) => s + Math.log(p[set.labels[n]!]!), 0) / set.count;
  const printed = /^run 1 \(small\), epoch 3: test accuracy (\d+\.\d\d)% \((\d+)\/(\d+)\), test cross-entropy (\d\.\d{6})\n$/.exec(r.stdout);
  assert.ok(printed, r.stdout);
  assert.deepEqual(printed.slice(1, 4), [((correct / set.count) * 100).toFixed(2), String(correct), String(set.count)]);
  assert.ok(Math.abs(Number(printed[4]) - crossEntropy) < 2e-6, `${printed[4]} vs ${crossEntropy}`);

  const json = JSON.parse(ok(runCli(['eval', '1', '--epoch', '0', '--db', db, '--json'])).stdout);
  assert.equal(json.epoch, 0);
  assert.equal(json.test_images, set.count);
  assert.ok(json.test_accuracy < correct / set.count, 'trained weights beat the initial ones');

  const stored = await store.query<Record<string, number>>('SELECT epoch, test_correct, test_cross_entropy FROM evaluations ORDER BY epoch');
  assert.deepEqual(stored.map((e) => [e.epoch, e.test_correct]), [[0, json.test_correct], [3, correct]]);
  assert.ok(Math.abs(stored[1]!.test_cross_entropy! - crossEntropy) < 1e-6);
  const [summary] = await store.query<Record<string, number>>('SELECT best_test_accuracy, last_evaluated_epoch FROM run_summary WHERE id = 1');
  assert.deepEqual(summary, { best_test_accuracy: correct / set.count, last_evaluated_epoch: 3 });
  const byEpoch = await store.query<Record<string, number>>('SELECT epoch, test_accuracy FROM epoch_losses WHERE run_id = 1 ORDER BY epoch');
  assert.deepEqual(byEpoch.map((e) => e.test_accuracy), [null, null, correct / set.count]);

  assert.match(ok(runCli(['runs', '--db', db])).stdout, new RegExp(`completed  30-8-10  sgd +3/3 +\\d\\.\\d{6} +${((correct / set.count) * 100).toFixed(2)}%`));
  assert.match(ok(runCli(['show', '1', '--db', db])).stdout, /^evaluated epoch {2}test accuracy {2}test cross-entropy {2}images$/m);

  refused(runCli(['eval', '1', '--epoch', '9', '--db', db]), ['runner eval: run 1 has weights for epochs 0–3, not 9']);
  refused(runCli(['eval', '1', '--epoch', 'last', '--db', db]), ['runner eval: --epoch must be a whole number >= 0 (got "last")']);
  refused(runCli(['eval', '7', '--db', db]), [`no run 7 in ${store.label}`]);
});

forEachStore('predict draws the test image and gives the 10 probabilities of the report\'s forward pass', async (store) => {
  const { dir, db } = trainedRun(store);
  const set = testSet(dir);
  const expected = reportForward(await storedWeights(store, 1, 3), set.images, set.count, set.pixels, 1 / 255);
  for (const index of [0, 7, set.count - 1]) {
    const json = JSON.parse(ok(runCli(['predict', '1', String(index), '--db', db, '--json'])).stdout);
    assert.equal(json.label, set.labels[index]);
    assert.equal(json.predicted, argmax(expected[index]!));
    assert.equal(json.correct, json.predicted === json.label);
    json.probabilities.forEach((p: number, c: number) => assert.ok(Math.abs(p - expected[index]![c]!) < 1e-6, `class ${c}: ${p} vs ${expected[index]![c]}`));
  }

  const text = ok(runCli(['predict', '1', '7', '--db', db])).stdout.split('\n');
  assert.equal(text[0], 'run 1 (small), weights after epoch 3');
  // 6 × 5 pixels: a frame around 3 lines of 5 cells, each cell two pixels stacked.
  assert.match(text[2]!, /^┌─────┐ {3}test image 7 of \d+$/);
  assert.match(text[3]!, /^│[ ▀▄█]{5}│$/);
  assert.match(text.join('\n'), new RegExp(`true label  ${set.labels[7]}`));
  // The facts column starts 3 spaces after the image's frame (7 cells wide here).
  const facts = text.slice(2).map((l) => l.slice(10));
  assert.equal(facts.filter((l) => /^ {4}\d {2}[01]\.\d{4}/.test(l)).length, 10, facts.join('\n'));
  assert.equal(text.filter((l) => l.endsWith(' ◀')).length, 1, 'the predicted class is marked');

  refused(runCli(['predict', '1', String(set.count), '--db', db]), [
    `runner predict: test image ${set.count} does not exist; there are ${set.count} (0–${set.count - 1})`,
  ]);
  refused(runCli(['predict', '1', '-3', '--db', db]), [/^runner predict: unknown option -3/]);
  refused(runCli(['predict', '1', '--db', db]), ['runner predict: needs 2 arguments (run id and test index), got 1 (see runner predict --help)']);
});

forEachStore('export writes the weights as .npz; import reads them back bit for bit as an imported run', async (store) => {
  const { dir, db } = trainedRun(store);
  const model = join(dir, 'model.npz');
  assert.match(ok(runCli(['export', '1', '-o', model, '--db', db])).stdout, /^wrote .*model\.npz: run 1 \(small\), weights after epoch 3, float64: w1 8×30, b1 8, w2 10×8, b2 10\n$/);
  const arrays = readNpz(readFileSync(model), model);
  assert.deepEqual([...arrays.keys()].sort(), ['b1', 'b2', 'w1', 'w2']);
  assert.equal(arrays.get('w1')!.dtype, 'float64');
  assert.deepEqual(arrays.get('w2')!.shape, [10, 8]);
  const source = await storedWeights(store, 1, 3);
  assert.deepEqual(arrays.get('w1')!.data, Float64Array.from(source.w1));

  refused(runCli(['export', '1', '-o', model, '--db', db]), [`runner export: ${model} already exists; --force overwrites it`]);
  const small = join(dir, 'model32.npz');
  ok(runCli(['export', '1', '--epoch', '2', '-o', small, '--dtype', 'float32', '--db', db]));
  const epoch2 = readNpz(readFileSync(small), small);
  assert.equal(epoch2.get('b1')!.dtype, 'float32');
  assert.deepEqual(epoch2.get('w1')!.data, Float64Array.from((await storedWeights(store, 1, 2)).w1), 'the weights after epoch 2');
  refused(runCli(['export', '1', '-o', join(dir, 'x.npz'), '--dtype', 'int8', '--db', db]), ['runner export: --dtype must be float64 or float32 (got "int8")']);
  refused(runCli(['export', '1', '--db', db]), ['runner export: say where to write: -o FILE.npz']);
  refused(runCli(['export', '1', '-o', join(dir, 'no/such/dir.npz'), '--db', db]), [`runner export: cannot write ${join(dir, 'no/such/dir.npz')}: no such directory`]);

  const imported = ok(runCli(['import', model, '--name', 'again', '--experiment', join(dir, 'small.yaml'), '--db', db]));
  assert.match(imported.stdout, /^imported .*model\.npz as run 2 \(again\): w1 8×30, b1 8, w2 10×8, b2 10\n/);
  const importedJson = JSON.parse(ok(runCli(['import', model, '--name', 'third', '--experiment', join(dir, 'small.yaml'), '--db', db, '--json'])).stdout);
  assert.deepEqual(importedJson, {
    run_id: 3,
    name: 'third',
    imported_from: model,
    tensors: [
      { name: 'w1', shape: [8, 30] },
      { name: 'b1', shape: [8] },
      { name: 'w2', shape: [10, 8] },
      { name: 'b2', shape: [10] },
    ],
    rounded_to_float32: false,
  });
  const back = await storedWeights(store, 2, 0);
  for (const name of ['w1', 'b1', 'w2', 'b2'] as const) assert.deepEqual(back[name], source[name], name);
  const [run] = await store.query('SELECT status, epochs, imported_from FROM runs WHERE id = 2');
  assert.deepEqual(run, { status: 'imported', epochs: 0, imported_from: model });

  // The same weights score the same.
  const score = (id: string) => JSON.parse(ok(runCli(['eval', id, '--db', db, '--json'])).stdout);
  const [a, b] = [score('1'), score('2')];
  assert.deepEqual([b.epoch, b.test_correct, b.test_cross_entropy], [0, a.test_correct, a.test_cross_entropy]);
  const shown = JSON.parse(ok(runCli(['show', '2', '--db', db, '--json'])).stdout);
  assert.equal(shown.status, 'imported');
  assert.deepEqual(shown.evaluations.map((e: Record<string, number>) => [e.epoch, e.test_correct]), [[0, a.test_correct]]);

  // Export of the import is the same file content.
  const again = join(dir, 'again.npz');
  ok(runCli(['export', '2', '-o', again, '--db', db]));
  const reread = readNpz(readFileSync(again), again);
  for (const [name, array] of arrays) assert.deepEqual(reread.get(name), array, name);
});

forEachStore('import refuses a malformed .npz with one clear line per problem, and writes nothing', async (store) => {
  const { dir, db } = trainedRun(store);
  const good = join(dir, 'good.npz');
  ok(runCli(['export', '1', '-o', good, '--db', db]));
  const fileBefore = store.kind === 'sqlite' ? readFileSync(db) : undefined;
  const before = await everyRow(store);
  const arrays = readNpz(readFileSync(good), good);
  const w = (name: string) => ({ name, shape: arrays.get(name)!.shape, data: arrays.get(name)!.data });
  const cases: [string, Uint8Array, (string | RegExp)[]][] = [
    ['not-a-zip.npz', new TextEncoder().encode('w1,b1,w2,b2\n1,2,3,4\n'), [/not-a-zip\.npz: not a zip file/]],
    ['truncated.npz', readFileSync(good).subarray(0, 3000), [/truncated\.npz: .*(truncated|corrupt|incomplete)/i]],
    ['missing.npz', writeNpz([w('w1'), w('b1'), w('w2')], 'float64'), [/missing\.npz: no b2 \(one bias per row of w2\)$/]],
    [
      'extra.npz',
      writeNpz([w('w1'), w('b1'), w('w2'), w('b2'), { name: 'extra', shape: [2], data: [1, 2] }], 'float64'),
      [/extra\.npz: unexpected array extra \(a network holds w1, b1, …, w2, b2 and bnK_gamma/],
    ],
    [
      // A w3 makes w2 a hidden layer: its shape must take w2's outputs.
      'w3.npz',
      writeNpz([w('w1'), w('b1'), w('w2'), w('b2'), { name: 'w3', shape: [2], data: [1, 2] }], 'float64'),
      [/w3\.npz: w3 has shape \(2,\), expected \(units, 10\): its inputs are the 10 outputs of w2$/],
    ],
    [
      'shape.npz',
      writeNpz([w('w1'), { name: 'b1', shape: [7], data: new Float64Array(7) }, w('w2'), { name: 'b2', shape: [1, 10], data: new Float64Array(10) }], 'float32'),
      [/shape\.npz: b1 has shape \(7,\), expected \(8,\): one bias per row of w1$/, /shape\.npz: b2 has shape \(1, 10\), expected \(10,\)/],
    ],
    [
      'overflow.npz',
      writeNpz([{ name: 'w1', shape: [8, 30], data: new Float64Array(240).fill(1e300) }, w('b1'), w('w2'), w('b2')], 'float64'),
      [/overflow\.npz: w1 holds values beyond float32's range/],
    ],
    ['w1-3d.npz', writeNpz([{ name: 'w1', shape: [8, 5, 6], data: new Float64Array(240) }, w('b1'), w('w2'), w('b2')], 'float64'), [
      /w1-3d\.npz: w1 has shape \(8, 5, 6\), expected 2 dimensions \(units, pixels\), e\.g\. \(32, 784\)$/,
    ]],
    [
      'nan.npz',
      writeNpz([w('w1'), { name: 'b1', shape: [8], data: Float64Array.from({ length: 8 }, (_, k) => (k === 3 ? NaN : 0)) }, w('w2'), w('b2')], 'float64'),
      [/nan\.npz: b1 holds NaN or infinite values$/],
    ],
  ];
  for (const [name, bytes, lines] of cases) {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    refused(runCli(['import', file, '--experiment', join(dir, 'small.yaml'), '--db', db]), lines);
  }
  // Without --experiment the weights must fit MNIST's 784 pixels; these take 30.
  refused(runCli(['import', good, '--db', db]), [/good\.npz: w1 takes 30 inputs, but the images of the report's settings have 784 pixels$/]);
  refused(runCli(['import', join(dir, 'absent.npz'), '--db', db]), [`${join(dir, 'absent.npz')}: cannot read: no such file`]);
  if (fileBefore) assert.ok(readFileSync(db).equals(fileBefore), 'the database file is unchanged');
  assert.deepEqual(await everyRow(store), before, 'the database is unchanged');
  const fresh = await freshStore(store.kind);
  try {
    refused(runCli(['import', join(dir, 'shape.npz'), '--db', fresh.location]), [/expected \(8,\)/, /expected \(10,\)/]);
    await assertNothingWritten(fresh, 'no database is created');
  } finally {
    await fresh.close();
  }
});

forEachStore('resume --epochs trains an imported run further, under the experiment given or its own settings', async (store) => {
  const { dir, db, file } = trainedRun(store);
  const model = join(dir, 'model.npz');
  ok(runCli(['export', '1', '-o', model, '--db', db]));
  ok(runCli(['import', model, '--db', db, '--experiment', file])); // run 2
  refused(runCli(['resume', '2', '--db', db]), ['run 2 holds imported weights; say how far to train: runner resume 2 --epochs 10 [--experiment FILE.yaml]']);
  refused(runCli(['resume', '1', '--epochs', '4', '--experiment', file, '--db', db]), [
    /^runner resume: --experiment is for imported runs; run 1 trains under the experiment it was started with/,
  ]);

  const other = join(dir, 'other.yaml');
  writeFileSync(other, smallExperimentYaml().replace('learning_rate: 0.05', 'learning_rate: 0.1').replace('seed: 7', 'seed: 11'));
  ok(runCli(['eval', '2', '--db', db]));
  const trained = ok(runCli(['resume', '2', '--epochs', '2', '--experiment', other, '--db', db, '--plain']));
  assert.match(trained.stdout, /epoch 2\/2 {2}cross-entropy/);
  ok(runCli(['import', model, '--db', db, '--experiment', other])); // run 3: seed 11 from the start
  ok(runCli(['resume', '3', '--epochs', '2', '--db', db, '--plain']));
  ok(runCli([other, '--db', db, '--set', 'epochs=2'])); // run 4: other.yaml from scratch

  const [run] = await store.query<{ status: string; epochs: number; seed: number; config_json: string }>('SELECT status, epochs, seed, config_json FROM runs WHERE id = 2');
  const { config_json, ...columns } = run!;
  assert.deepEqual({ ...columns, lr: (JSON.parse(config_json) as { learning_rate: number }).learning_rate }, { status: 'completed', epochs: 2, seed: 11, lr: 0.1 });
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM evaluations WHERE run_id = 2'), [{ n: 0 }], 'evaluations under the old settings are dropped');
  const losses = async (id: number) =>
    (await store.query<{ cross_entropy: number }>('SELECT cross_entropy FROM epochs WHERE run_id = $1 ORDER BY epoch', [id])).map((e) => e.cross_entropy);
  // Adopting other.yaml trains the imported weights with seed 11's batches: exactly what an
  // import that had other.yaml from the start does, and not what other.yaml does from scratch.
  assert.equal((await losses(2)).length, 2);
  assert.deepEqual(await losses(2), await losses(3));
  assert.notDeepEqual(await losses(2), await losses(4));
});

forEachStore("resume --epochs trains weights imported with the report's settings on MNIST", async (store) => {
  const dir = tempDir();
  const db = store.location;
  const model = join(dir, 'random.npz');
  const normal = (n: number, std: number) => Float64Array.from({ length: n }, (_, k) => std * Math.sin(k * 12.9898 + 1) * 1.7);
  const arrays = [
    { name: 'w1', shape: [16, 784], data: normal(16 * 784, Math.sqrt(1 / 784)) },
    { name: 'b1', shape: [16], data: normal(16, Math.sqrt(1 / 784)) },
    { name: 'w2', shape: [10, 16], data: normal(160, 0.25) },
    { name: 'b2', shape: [10], data: normal(10, 0.25) },
  ];
  writeFileSync(model, writeNpz(arrays, 'float32'));
  assert.match(ok(runCli(['import', model, '--db', db])).stdout, /as run 1 \(random\): w1 16×784/);
  const r = ok(runCli(['resume', '1', '--epochs', '1', '--db', db, '--plain']));
  assert.match(r.stdout, /data: mnist \(60000 train, 10000 test, raw 0\.\.255 pixels\), 600 batches\/epoch/);
  assert.match(r.stdout, /^epoch 1\/1 {2}cross-entropy \d\.\d{6}/m);
});

forEachStore('compare shows the differing settings, the losses side by side and a chart; --csv, --json and --svg', async (store) => {
  const { dir, db, file } = trainedRun(store);
  ok(runCli([file, '--db', db, '--set', 'learning_rate=0.2', '--set', 'epochs=2']));
  ok(runCli(['eval', '2', '--db', db]));
  const r = ok(runCli(['compare', '1', '2', '--db', db], { env: { NO_COLOR: '1' } }));
  // The losses as they are now (run 2 is extended further down, which loss() must not see).
  const epochs = await store.query<{ run_id: number; epoch: number; cross_entropy: number }>('SELECT run_id, epoch, cross_entropy FROM epochs');
  const loss = (id: number, epoch: number) => {
    const row = epochs.find((e) => e.run_id === id && e.epoch === epoch);
    assert.ok(row, `run ${id} has an epoch ${epoch}`);
    return row.cross_entropy;
  };
  assert.match(r.stdout, /^settings that differ:\nkey {12}run 1 {2}run 2\nepochs {9}3 {6}2\nlearning_rate {2}0\.05 {3}0\.2\n/m);
  assert.match(r.stdout, new RegExp(`^ {4}1 {2}${loss(1, 1).toFixed(6)} {2}${loss(2, 1).toFixed(6)}$`, 'm'));
  assert.match(r.stdout, new RegExp(`^ {4}3 {2}${loss(1, 3).toFixed(6)} {2}-$`, 'm'));
  assert.match(r.stdout, /^ {2}run 1 {2}not evaluated \(runner eval 1\)$/m);
  assert.match(r.stdout, /^ {2}run 2 {2}\d+\.\d\d% after epoch 2/m);
  assert.match(r.stdout, /run 1: small \(epochs 3, learning_rate 0\.05\)/, 'the legend');
  assert.match(r.stdout, /run 2: small \(epochs 2, learning_rate 0\.2\)/, 'the legend');
  assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour under NO_COLOR or in a pipe');

  const csv = ok(runCli(['compare', '1', '2', '--csv', '--db', db])).stdout.trimEnd().split('\n');
  assert.deepEqual(csv, ['epoch,run_1,run_2', `1,${loss(1, 1)},${loss(2, 1)}`, `2,${loss(1, 2)},${loss(2, 2)}`, `3,${loss(1, 3)},`]);

  const json = JSON.parse(ok(runCli(['compare', '2', '1', '--json', '--db', db])).stdout);
  assert.deepEqual(json.runs.map((x: { id: number }) => x.id), [2, 1]);
  assert.deepEqual(json.differences, [
    { key: 'epochs', values: [2, 3] },
    { key: 'learning_rate', values: [0.2, 0.05] },
  ]);
  assert.deepEqual(json.cross_entropy[2], { epoch: 3, values: [null, loss(1, 3)] });
  assert.equal(json.runs[0].evaluations.length, 1);

  const svg = join(dir, 'chart.svg');
  const withSvg = ok(runCli(['compare', '1', '2', '--svg', svg, '--db', db]));
  assert.match(withSvg.stdout, /wrote the chart to .*chart\.svg\n$/);
  const text = readFileSync(svg, 'utf8');
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(text.includes('run 1: small (epochs 3, learning_rate 0.05)'));

  refused(runCli(['compare', '1', '2', '--svg', svg, '--db', db]), [`runner compare: ${svg} already exists; --force overwrites it`]);
  ok(runCli(['compare', '1', '2', '--svg', svg, '--force', '--db', db]));

  // An imported run has no epochs: it shows as such, in the table and the legend.
  const model = join(dir, 'model.npz');
  ok(runCli(['export', '1', '-o', model, '--db', db]));
  ok(runCli(['import', model, '--experiment', file, '--db', db])); // run 3
  const withImport = ok(runCli(['compare', '1', '3', '--db', db], { env: { NO_COLOR: '1' } })).stdout;
  assert.match(withImport, /^run 3: model \(imported, 0\/0 epochs\)$/m);
  assert.match(withImport, new RegExp(`^ {4}1 {2}${loss(1, 1).toFixed(6)} {2}-$`, 'm'));
  assert.match(withImport, /run 3: model .*\(no epochs\)/);
  // epochs is the plan: after resume --epochs 3, run 2 no longer differs from run 1 in it.
  ok(runCli(['resume', '2', '--epochs', '3', '--db', db]));
  assert.deepEqual(JSON.parse(ok(runCli(['compare', '1', '2', '--json', '--db', db])).stdout).differences, [
    { key: 'learning_rate', values: [0.05, 0.2] },
  ]);

  refused(runCli(['compare', '1', '--db', db]), ['runner compare: needs 2 or more arguments (run ids), got 1 (see runner compare --help)']);
  refused(runCli(['compare', '1', '1', '--db', db]), ['runner compare: run 1 is given twice']);
  refused(runCli(['compare', '1', '5', '--db', db]), [`no run 5 in ${store.label}`]);
  refused(runCli(['compare', '1', '2', '--csv', '--json', '--db', db]), ['runner compare: --csv or --json, not both']);
});

const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

forEachStore('NumPy reads what export writes and predicts the same; the runner imports what np.savez writes', async (store, t) => {
  if (!numpy) {
    t.skip('python3 with NumPy not found; the NumPy round trip is not tested');
    return;
  }
  const { dir, db, file } = trainedRun(store);
  const model = join(dir, 'model.npz');
  ok(runCli(['export', '1', '-o', model, '--db', db]));
  const ours = JSON.parse(ok(runCli(['eval', '1', '--db', db, '--json'])).stdout);
  // The report's forward pass in NumPy, on the test IDX files, with x scaled as normalize: true.
  const forward = `
import numpy as np, sys
def idx(path):
    raw = open(path, 'rb').read()
    dims = [int.from_bytes(raw[4 + 4*k: 8 + 4*k], 'big') for k in range(raw[3])]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4*len(dims)).reshape(dims)
X = idx(sys.argv[2]).reshape(-1, 30).astype(np.float64).T / 255   # 30 x N, the report's layout
t = idx(sys.argv[3])
m = np.load(sys.argv[1])
W1, b1, W2, b2 = m['w1'], m['b1'], m['w2'], m['b2']
y1 = 1 / (1 + np.exp(-(W1 @ X + b1[:, None])))
a2 = W2 @ y1 + b2[:, None]
y2 = np.exp(a2 - a2.max(axis=0)); y2 /= y2.sum(axis=0)
print(int((y2.argmax(axis=0) == t).sum()), repr(float(-np.log(y2[t, np.arange(len(t))]).mean())), m['w1'].dtype, m['w1'].shape)
`;
  const py = spawnSync('python3', ['-c', forward, model, join(dir, 'test-images'), join(dir, 'test-labels')], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const [correct, crossEntropy, dtype, ...shape] = py.stdout.trim().split(' ');
  assert.equal(Number(correct), ours.test_correct);
  assert.ok(Math.abs(Number(crossEntropy) - ours.test_cross_entropy) < 1e-6, `${crossEntropy} vs ${ours.test_cross_entropy}`);
  assert.equal(`${dtype} ${shape.join(' ')}`, 'float64 (8, 30)');

  // The report's own save: np.savez('model/NAME', w1=…, b1=…, w2=…, b2=…), here of random float64 weights.
  const saved = join(dir, 'numpy-model.npz');
  const save = `
import numpy as np, sys
rng = np.random.default_rng(5)
W1 = rng.normal(0, np.sqrt(1/30), (8, 30)); b1 = rng.normal(0, np.sqrt(1/30), 8)
W2 = rng.normal(0, np.sqrt(1/8), (10, 8)); b2 = rng.normal(0, np.sqrt(1/8), 10)
np.savez(sys.argv[1], w1=W1, b1=b1, w2=W2, b2=b2)
`;
  assert.equal(spawnSync('python3', ['-c', save, saved], { encoding: 'utf8' }).status, 0);
  assert.match(ok(runCli(['import', saved, '--experiment', file, '--db', db])).stdout, /as run 2 \(numpy-model\): .*; float64 values rounded to float32\n/);
  const theirs = JSON.parse(ok(runCli(['eval', '2', '--db', db, '--json'])).stdout);
  const check = spawnSync('python3', ['-c', forward, saved, join(dir, 'test-images'), join(dir, 'test-labels')], { encoding: 'utf8' });
  const [numpyCorrect, numpyCrossEntropy] = check.stdout.trim().split(' ');
  assert.equal(theirs.test_correct, Number(numpyCorrect));
  // The runner holds float32 weights and computes in float32, NumPy in float64: the losses agree to float32 precision.
  assert.ok(Math.abs(theirs.test_cross_entropy - Number(numpyCrossEntropy)) < 1e-5);
});
