import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import Database from 'better-sqlite3';
import { dbChoice, openStore } from '../src/store/open.js';
import { CONV_COLS, CONV_ROWS, getJson, rawRequest, startUi, trainConvRuns, writeHalvingSweep } from './dashboard.js';
import { HALVING_HELD_OUT, ok, ROOT, runCli, smallExperimentYaml, startCli, tempDir, writeIdxSet } from './helpers.js';
import { assertNothingWritten, forEachStore, snapshot, type TestStore } from './stores.js';

/*
 * runner ui's server, over HTTP: the JSON API on both stores, what it refuses (methods,
 * Host headers, paths), and that the store is only read. The pages themselves are tested
 * in Chromium (ui-browser.test.ts).
 */

/** Two runs (one evaluated) and a 2×2 sweep over small IDX files, in `store`. */
function fixture(store: TestStore): string {
  const dir = tempDir();
  writeIdxSet(dir);
  writeFileSync(join(dir, 'small.yaml'), smallExperimentYaml());
  writeFileSync(join(dir, 'sweep.yaml'), smallExperimentYaml('sweep:\n  learning_rate: [0.05, 0.2]\n  units: [4, 8]'));
  ok(runCli([join(dir, 'small.yaml'), '--db', store.location, '--plain']));
  ok(runCli([join(dir, 'small.yaml'), '--db', store.location, '--plain', '--set', 'learning_rate=0.1', '--set', 'name=<b>bold</b>']));
  ok(runCli(['eval', '1', '--db', store.location]));
  ok(runCli([join(dir, 'sweep.yaml'), '--db', store.location, '--plain', '--jobs', '1']));
  return dir;
}

forEachStore('the API lists runs, a run, its epochs, weights, confusion, a sweep and a compare, under the database\'s names', async (store, t) => {
  fixture(store);
  const before = await snapshot(store);
  const ui = await startUi(t, store.location);
  const { runs } = await getJson(ui.port, '/api/runs');
  assert.deepEqual(runs.map((r: any) => r.id), [6, 5, 4, 3, 2, 1], 'newest first');
  const first = runs.find((r: any) => r.id === 1);
  assert.equal(first.name, 'small');
  assert.equal(first.status, 'completed');
  assert.equal(first.epochs_done, 3);
  assert.equal(first.epochs, 3);
  assert.equal(first.architecture, '30-8-10');
  assert.equal(first.optimizer, 'sgd');
  assert.equal(first.settings.learning_rate, 0.05);
  assert.equal(runs.find((r: any) => r.id === 2).settings.learning_rate, 0.1);
  assert.equal(runs.find((r: any) => r.id === 2).name, '<b>bold</b>');
  assert.deepEqual(runs.find((r: any) => r.id === 6).swept, { learning_rate: 0.2, units: 8 });
  assert.equal(typeof first.last_cross_entropy, 'number');
  assert.equal(first.config_json, undefined, 'the list leaves the config out');

  const detail = await getJson(ui.port, '/api/runs/1');
  assert.equal(detail.run.config_yaml, smallExperimentYaml());
  assert.deepEqual(detail.checkpoint_epochs, [0, 1, 2, 3]);
  assert.equal(detail.evaluations.length, 1);
  assert.equal(detail.validation, null, 'no data.validation, no validation figures');

  const { epochs } = await getJson(ui.port, '/api/runs/1/epochs');
  const stored = await store.query<{ epoch: number; cross_entropy: number }>('SELECT epoch, cross_entropy FROM epochs WHERE run_id = 1 ORDER BY epoch');
  assert.deepEqual(epochs.map((e: any) => [e.epoch, e.cross_entropy]), stored.map((e) => [e.epoch, e.cross_entropy]));
  assert.ok(epochs.every((e: any) => e.val_cross_entropy === null && e.val_accuracy === null));

  // The weights decode to the stored bytes exactly.
  const weights = await getJson(ui.port, '/api/runs/1/weights?epoch=2');
  assert.equal(weights.epoch, 2);
  assert.deepEqual(weights.network.hidden, [{ units: 8, activation: 'sigmoid', batchNorm: null, dropout: 0 }]);
  assert.equal(weights.pixel_scale, 1 / 255);
  assert.equal(weights.network.features, undefined, 'a dense network has no feature layers');
  assert.equal(weights.image_shape, null, 'a dense run over IDX files records only its inputs');
  const w1 = await store.query<{ data: Buffer }>("SELECT data FROM weights WHERE run_id = 1 AND epoch = 2 AND name = 'w1'");
  const sent = weights.tensors.find((x: any) => x.name === 'w1');
  assert.deepEqual(sent.shape, [8, 30]);
  assert.equal(sent.dtype, 'float32le');
  assert.equal(Buffer.from(sent.data, 'base64').toString('hex'), w1[0]!.data.toString('hex'));
  assert.equal((await getJson(ui.port, '/api/runs/1/weights')).epoch, 3, 'the last epoch by default');

  const norms = await getJson(ui.port, '/api/runs/1/norms');
  assert.deepEqual(norms.epochs, [0, 1, 2, 3]);
  assert.equal(norms.tensor, 'w1');
  assert.equal(norms.norms.length, 8);
  const w1at0 = new Float32Array(new Uint8Array((await store.query<{ data: Buffer }>("SELECT data FROM weights WHERE run_id = 1 AND epoch = 0 AND name = 'w1'"))[0]!.data).buffer);
  const unit0 = Math.hypot(...w1at0.subarray(0, 30));
  assert.ok(Math.abs(norms.norms[0][0] - unit0) < 1e-9 * unit0);

  // The confusion matrix counts what runner eval counts.
  const scored = JSON.parse(ok(runCli(['eval', '1', '--epoch', '2', '--db', store.location, '--json'])).stdout);
  const before2 = await snapshot(store);
  const confusion = await getJson(ui.port, '/api/runs/1/confusion?epoch=2');
  const diagonal = confusion.matrix.reduce((n: number, row: number[], k: number) => n + row[k]!, 0);
  assert.equal(diagonal, scored.test_correct);
  assert.equal(confusion.test_correct, scored.test_correct);
  assert.equal(confusion.matrix.flat().reduce((a: number, b: number) => a + b, 0), scored.test_images);
  assert.deepEqual(confusion.image_shape, [1, 6, 5], "the test images' channels, rows and columns");
  const label = confusion.matrix.findIndex((row: number[]) => row.some((n) => n > 0));
  const predicted = confusion.matrix[label].findIndex((n: number) => n > 0);
  const cell = await getJson(ui.port, `/api/runs/1/confusion?epoch=2&label=${label}&predicted=${predicted}`);
  assert.equal(cell.examples.length, Math.min(60, confusion.matrix[label][predicted]));
  for (const ex of cell.examples) {
    assert.equal(ex.label, label);
    assert.equal(ex.predicted, predicted);
    assert.equal(ex.top.length, 3);
    assert.equal(ex.top[0][0], predicted);
    assert.equal(Buffer.from(ex.pixels, 'base64').length, 30);
  }
  const predictedOne = JSON.parse(ok(runCli(['predict', '1', String(cell.examples[0].index), '--epoch', '2', '--db', store.location, '--json'])).stdout);
  assert.equal(predictedOne.predicted, predicted);
  assert.ok(Math.abs(predictedOne.probabilities[predicted] - cell.examples[0].top[0][1]) < 1e-6);

  const sweep = await getJson(ui.port, '/api/sweeps/1');
  assert.deepEqual(sweep.sweep.swept_keys, ['learning_rate', 'units']);
  assert.equal(sweep.trials.length, 4);
  const accuracies = sweep.trials.map((r: any) => r.test_accuracy);
  assert.deepEqual(accuracies, [...accuracies].sort((a, b) => b - a), 'best first');
  assert.equal(sweep.halving, null, 'a grid sweep has no halving block');
  assert.equal(sweep.rungs, null);
  assert.ok(sweep.trials.every((r: any) => r.rung === null && r.pruned === null && r.last_val_cross_entropy === null));

  const compared = await getJson(ui.port, '/api/compare?runs=1,2');
  assert.deepEqual(compared.runs.map((r: any) => r.id), [1, 2]);
  assert.deepEqual(compared.differences.find((d: any) => d.key === 'learning_rate').values, ['0.05', '0.1']);
  assert.equal(compared.runs[0].epoch_rows.length, 3);
  assert.equal(compared.reference.cross_entropy[0], 1.2626);

  const csv = await rawRequest(ui.port, '/api/compare?runs=1,2&format=csv');
  assert.equal(csv.status, 200);
  assert.match(String(csv.headers['content-disposition']), /^attachment; filename="runs-epochs\.csv"$/);
  const lines = csv.body.trim().split('\n');
  assert.equal(lines[0], 'run_id,name,epoch,cross_entropy,seconds,finished_at');
  assert.equal(lines.length, 1 + 6);
  assert.equal(Number(lines[1]!.split(',')[3]), stored[0]!.cross_entropy);
  const json = JSON.parse((await rawRequest(ui.port, '/api/compare?runs=1,2&format=json')).body);
  assert.equal(json.length, 6);
  assert.deepEqual(Object.keys(json[0]), ['run_id', 'name', 'epoch', 'cross_entropy', 'seconds', 'finished_at', 'val_cross_entropy', 'val_accuracy']);
  const svg = await rawRequest(ui.port, '/api/compare?runs=1,2&format=svg');
  assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
  assert.match(svg.body, /^<svg[^>]*>/);
  assert.match(svg.body, /run 2: &lt;b&gt;bold&lt;\/b&gt;/, 'names escaped by vega');

  assert.equal(await snapshot(store), before2, 'browsing the API wrote nothing');
  assert.notEqual(before, before2, 'runner eval did write (the snapshot sees writes)');
  assert.equal(await ui.stop(), 0, 'Ctrl-C stops it with exit 0');
});

forEachStore('a halving sweep trained by the CLI: its route has the halving block and the rungs runner sweep --json shows, its trials pruned; a run its validation figures', async (store, t) => {
  const dir = tempDir();
  const file = writeHalvingSweep(dir);
  ok(runCli([file, '--db', store.location, '--jobs', '2']));
  const before = await snapshot(store);
  const ui = await startUi(t, store.location);
  const body = await getJson(ui.port, '/api/sweeps/1');
  const shown = JSON.parse(ok(runCli(['sweep', '1', '--db', store.location, '--json'])).stdout);
  assert.deepEqual(body.halving, { min_epochs: 1, max_epochs: 9, eta: 3, metric: 'val_cross_entropy' });
  assert.deepEqual(body.halving, shown.halving);
  assert.deepEqual(body.rungs, shown.rungs, 'the rungs runner sweep shows');
  assert.deepEqual(body.trials.map((r: any) => r.trial), shown.trials.map((r: any) => r.trial), 'in runner sweep\'s order');

  // The rungs from the stored epochs, independently: the best ⌊n / 3⌋ by val_cross_entropy at each rung's epoch.
  const runs = await store.query<{ id: number; trial: number; rung: number; pruned: number }>('SELECT id, trial, rung, pruned FROM runs WHERE sweep_id = 1 ORDER BY trial');
  const valAt = new Map<string, number>();
  for (const e of await store.query<{ run_id: number; epoch: number; val_cross_entropy: number }>('SELECT run_id, epoch, val_cross_entropy FROM epochs ORDER BY run_id, epoch')) {
    valAt.set(`${runs.find((r) => r.id === e.run_id)!.trial}:${e.epoch}`, e.val_cross_entropy);
  }
  const best = (pool: number[], epoch: number, keep: number) =>
    [...pool].sort((a, b) => valAt.get(`${a}:${epoch}`)! - valAt.get(`${b}:${epoch}`)! || a - b).slice(0, keep).sort((a, b) => a - b);
  const all = runs.map((r) => r.trial);
  const rung1 = best(all, 1, 3);
  const rung2 = best(rung1, 3, 1);
  assert.deepEqual(
    body.rungs.map((g: any) => [g.index, g.epochs, g.size, g.entries.length, g.decided, g.promoted]),
    [
      [0, 1, 9, 9, true, rung1],
      [1, 3, 3, 3, true, rung2],
      [2, 9, 1, 1, false, []],
    ],
  );
  for (const g of body.rungs) for (const e of g.entries) assert.equal(e.value, valAt.get(`${e.trial}:${g.epochs}`), `rung ${g.index}, trial ${e.trial}`);
  assert.deepEqual(body.rungs[2].entries.map((e: any) => e.trial), rung2);
  assert.equal(body.trials[0].trial, rung2[0], 'the winner first');
  for (const r of body.trials) {
    const row = runs.find((x) => x.trial === r.trial)!;
    assert.equal(r.rung, row.rung);
    assert.equal(r.pruned, rung2.includes(r.trial) ? 0 : 1, `trial ${r.trial}`);
    assert.equal(r.rung, rung2.includes(r.trial) ? 2 : rung1.includes(r.trial) ? 1 : 0);
    assert.equal(r.last_val_cross_entropy, valAt.get(`${r.trial}:${r.epochs_done}`));
    assert.equal(typeof r.last_val_accuracy, 'number');
  }

  // The winner's run: its epochs carry the held-out figures, and its route sums them up.
  const winner = body.trials[0];
  const stored = await store.query<{ epoch: number; val_cross_entropy: number; val_accuracy: number }>(
    'SELECT epoch, val_cross_entropy, val_accuracy FROM epochs WHERE run_id = $1 ORDER BY epoch',
    [winner.run_id],
  );
  assert.equal(stored.length, 9);
  const { epochs } = await getJson(ui.port, `/api/runs/${winner.run_id}/epochs`);
  assert.deepEqual(epochs.map((e: any) => [e.epoch, e.val_cross_entropy, e.val_accuracy]), stored.map((e) => [e.epoch, e.val_cross_entropy, e.val_accuracy]));
  const detail = await getJson(ui.port, `/api/runs/${winner.run_id}`);
  assert.deepEqual(detail.validation, {
    images: HALVING_HELD_OUT,
    epochs_scored: 9,
    last_val_cross_entropy: stored.at(-1)!.val_cross_entropy,
    last_val_accuracy: stored.at(-1)!.val_accuracy,
    best_val_cross_entropy: Math.min(...stored.map((e) => e.val_cross_entropy)),
    best_val_accuracy: Math.max(...stored.map((e) => e.val_accuracy)),
  });
  assert.equal(detail.run.rung, 2);
  assert.equal(detail.run.pruned, 0);
  const pruned = body.trials.find((r: any) => r.rung === 0);
  const prunedDetail = await getJson(ui.port, `/api/runs/${pruned.run_id}`);
  assert.equal(prunedDetail.run.pruned, 1);
  assert.equal(prunedDetail.validation.epochs_scored, 1);
  assert.equal(prunedDetail.validation.last_val_cross_entropy, valAt.get(`${pruned.trial}:1`));

  // The epochs' export has the held-out columns when a run has them.
  const csv = (await rawRequest(ui.port, `/api/compare?runs=${winner.run_id}&format=csv`)).body.trim().split('\n');
  assert.equal(csv[0], 'run_id,name,epoch,cross_entropy,seconds,finished_at,val_cross_entropy,val_accuracy');
  assert.equal(csv.length, 1 + 9);
  assert.deepEqual(csv[9]!.split(',').slice(-2).map(Number), [stored[8]!.val_cross_entropy, stored[8]!.val_accuracy]);

  assert.equal(await snapshot(store), before, 'the routes wrote nothing');
});

forEachStore('bad ids get 400, missing ones 404, each with a one-line JSON error', async (store, t) => {
  fixture(store);
  const ui = await startUi(t, store.location);
  const cases: [string, number, RegExp][] = [
    ['/api/runs/abc', 400, /"abc" is not a run id/],
    ['/api/runs/0', 400, /not a run id/],
    ['/api/runs/99', 404, /no run 99/],
    ['/api/runs/99/epochs', 404, /no run 99/],
    ['/api/runs/1/weights?epoch=x', 400, /epoch must be a whole number/],
    ['/api/runs/1/weights?epoch=7', 404, /weights for epochs 0–3, not 7/],
    ['/api/runs/1/confusion?epoch=1&label=x&predicted=1', 400, /label must be a class number/],
    ['/api/sweeps/9', 404, /no sweep 9/],
    ['/api/sweeps/-1', 400, /not a sweep id/],
    ['/api/compare', 400, /names no run/],
    ['/api/compare?runs=1,x', 400, /"x" is not a run id/],
    ['/api/compare?runs=1,99', 404, /no run 99/],
    [`/api/compare?runs=${Array.from({ length: 101 }, (_, k) => k + 1).join(',')}`, 413, /at most 100 runs/],
    ['/api/compare?runs=1&format=xml', 400, /format must be csv, json or svg/],
    ['/api/nothing', 404, /no such API route/],
  ];
  for (const [path, status, message] of cases) {
    const r = await rawRequest(ui.port, path);
    assert.equal(r.status, status, `${path}: ${r.body}`);
    assert.equal(r.body.split('\n').length, 1, path);
    assert.match(JSON.parse(r.body).error, message, path);
  }
});

test("conv and CIFAR-10 runs: the weights carry the feature layers and the images' shape, the norms are conv1's filters, the examples' pixels are R, G, B planes", async (t) => {
  const dir = tempDir();
  const db = join(dir, 'runs.db');
  // Run 1: 1x12x10-c4k3bn-p2-8d0.25-10; run 2: 3x32x32-c8k5s2-p3s2-8-10 (CIFAR-10); run 3: 3072-4-10 (CIFAR-10, dense).
  const { cifar, testImages } = trainConvRuns(dir, db);
  const ui = await startUi(t, db);
  const sql = new Database(db, { readonly: true });
  t.after(() => sql.close());
  const stored = (run: number, epoch: number, name: string) => {
    const row = sql.prepare('SELECT data FROM weights WHERE run_id = ? AND epoch = ? AND name = ?').get(run, epoch, name) as { data: Buffer };
    return new Float32Array(new Uint8Array(row.data).buffer);
  };

  const conv = await getJson(ui.port, '/api/runs/1/weights');
  assert.deepEqual(conv.network.image, { channels: 1, height: CONV_ROWS, width: CONV_COLS });
  assert.deepEqual(conv.network.features, [
    { kind: 'conv', filters: 4, size: 3, stride: 1, padding: 1, activation: 'relu', batchNorm: { epsilon: 1e-5 } },
    { kind: 'pool', size: 2, stride: 2 },
  ]);
  assert.deepEqual(conv.image_shape, [1, CONV_ROWS, CONV_COLS]);
  assert.deepEqual(
    conv.tensors.map((x: any) => [x.name, x.shape.join('x')]),
    [['conv1_w', '4x1x3x3'], ['conv1_b', '4'], ['conv1_gamma', '4'], ['conv1_beta', '4'], ['conv1_mean', '4'], ['conv1_var', '4'], ['w1', '8x120'], ['b1', '8'], ['w2', '10x8'], ['b2', '10']],
  );
  const cifarConv = await getJson(ui.port, '/api/runs/2/weights');
  assert.deepEqual(cifarConv.network.features, [
    { kind: 'conv', filters: 8, size: 5, stride: 2, padding: 2, activation: 'relu', batchNorm: null },
    { kind: 'pool', size: 3, stride: 2 },
  ]);
  assert.deepEqual(cifarConv.image_shape, [3, 32, 32]);
  const dense = await getJson(ui.port, '/api/runs/3/weights');
  assert.equal(dense.network.features, undefined);
  assert.deepEqual(dense.image_shape, [3, 32, 32], "a dense CIFAR-10 run: its images' shape from data.format");

  // The norms under the tiles: conv1's filters for a conv run, W1's units for a dense one.
  const norms = await getJson(ui.port, '/api/runs/2/norms');
  assert.equal(norms.tensor, 'conv1_w');
  assert.deepEqual(norms.epochs, [0, 1, 2]);
  assert.equal(norms.norms.length, 8);
  const filters = stored(2, 1, 'conv1_w');
  for (const f of [0, 7]) {
    const expected = Math.hypot(...filters.subarray(f * 75, (f + 1) * 75));
    assert.ok(Math.abs(norms.norms[f][1] - expected) < 1e-9 * expected, `filter ${f}: ${norms.norms[f][1]} vs ${expected}`);
  }
  const denseNorms = await getJson(ui.port, '/api/runs/3/norms');
  assert.equal(denseNorms.tensor, 'w1');
  assert.equal(denseNorms.norms.length, 4);

  // The confusion examples: the test images' bytes, with their shape (CIFAR-10: R, G, B planes of 32 × 32).
  for (const [run, shape, images, size] of [[1, [1, CONV_ROWS, CONV_COLS], testImages, CONV_ROWS * CONV_COLS], [2, [3, 32, 32], cifar.test.images, 3072]] as const) {
    const scored = JSON.parse(ok(runCli(['eval', String(run), '--db', db, '--json'])).stdout);
    const summary = await getJson(ui.port, `/api/runs/${run}/confusion`);
    assert.deepEqual(summary.image_shape, shape);
    assert.equal(summary.test_correct, scored.test_correct);
    const label = summary.matrix.findIndex((row: number[]) => row.some((n) => n > 0));
    const predicted = summary.matrix[label].findIndex((n: number) => n > 0);
    const cell = await getJson(ui.port, `/api/runs/${run}/confusion?label=${label}&predicted=${predicted}`);
    assert.deepEqual(cell.image_shape, shape);
    assert.ok(cell.examples.length > 0);
    for (const ex of cell.examples) assert.ok(Buffer.from(ex.pixels, 'base64').equals(Buffer.from(images.subarray(ex.index * size, (ex.index + 1) * size))), `run ${run}, test image ${ex.index}`);
  }
});

test('the server refuses other methods, other Host names and paths outside its fixed map', async (t) => {
  const dir = tempDir();
  writeIdxSet(dir);
  writeFileSync(join(dir, 'small.yaml'), smallExperimentYaml());
  const db = join(dir, 'runs.db');
  ok(runCli([join(dir, 'small.yaml'), '--db', db, '--plain']));
  const ui = await startUi(t, db, ['--allowed-host', 'runner.test']);
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const r = await rawRequest(ui.port, '/api/runs', { method });
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.allow, 'GET, HEAD');
  }
  // No Host at all: node's own HTTP parser refuses it (400) before the dashboard sees it.
  assert.equal((await rawRequest(ui.port, '/api/runs', { headers: { host: '' } })).status, 400);
  for (const host of ['evil.example', 'evil.example:80', '127.0.0.1.evil.example', 'localhost.evil', '127.0.0.1:80@evil.example']) {
    const r = await rawRequest(ui.port, '/api/runs', { headers: { host } });
    assert.equal(r.status, 403, `Host: ${host}`);
    assert.match(JSON.parse(r.body).error, /is not allowed/);
  }
  // Two Host headers, or a target naming a host of its own, are refused whatever they say.
  assert.match(await socketRequest(ui.port, `GET /api/runs HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n`), /^HTTP\/1\.1 (400|403) /);
  assert.match(await socketRequest(ui.port, `GET http://evil.example/api/runs HTTP/1.1\r\nHost: localhost\r\n\r\n`), /^HTTP\/1\.1 400 /);
  for (const host of [`localhost:${ui.port}`, `[::1]:${ui.port}`, `runner.test:${ui.port}`, 'LOCALHOST', '192.0.2.7', '[2001:db8::1]:80']) {
    assert.equal((await rawRequest(ui.port, '/api/runs', { headers: { host } })).status, 200, `Host: ${host}`);
  }
  const secret = readFileSync('/etc/passwd', 'utf8').slice(0, 20);
  for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/assets/app.js/../../../etc/passwd', '//etc/passwd', '/assets/', '/index.html']) {
    const r = await rawRequest(ui.port, path);
    assert.equal(r.status, 404, `${path}: ${r.status}`);
    assert.ok(!r.body.includes(secret), path);
  }
  const page = await rawRequest(ui.port, '/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  for (const r of [page, await rawRequest(ui.port, '/api/runs'), await rawRequest(ui.port, '/api/runs/9'), await rawRequest(ui.port, '/x', { method: 'POST' })]) {
    assert.match(String(r.headers['content-security-policy']), /default-src 'self'; frame-ancestors 'none'/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['access-control-allow-origin'], undefined, 'no CORS');
  }
  const head = await rawRequest(ui.port, '/api/runs', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal((await rawRequest(ui.port, '/api/runs', { headers: { 'content-length': '5' }, body: 'hello' })).status, 413);
  assert.equal((await rawRequest(ui.port, `/api/runs?${'x'.repeat(5000)}`)).status, 414);
});

test('runner ui only reads a SQLite file: its bytes, mtime and journal mode stay as they were', async (t) => {
  const dir = tempDir();
  writeIdxSet(dir);
  writeFileSync(join(dir, 'small.yaml'), smallExperimentYaml());
  const db = join(dir, 'runs.db');
  ok(runCli([join(dir, 'small.yaml'), '--db', db, '--plain']));
  // A file in rollback-journal mode: a writer's open would switch it to WAL.
  const raw = new Database(db);
  raw.pragma('journal_mode = DELETE');
  raw.close();
  const bytes = readFileSync(db);
  const mtime = statSync(db).mtimeMs;
  const ui = await startUi(t, db);
  for (const path of ['/', '/compare?runs=1', '/run?id=1', '/api/runs', '/api/runs/1', '/api/runs/1/epochs', '/api/runs/1/weights?epoch=0', '/api/runs/1/norms', '/api/runs/1/confusion', '/api/compare?runs=1', '/api/compare?runs=1&format=csv']) {
    assert.equal((await rawRequest(ui.port, path)).status, 200, path);
  }
  assert.equal(await ui.stop(), 0);
  assert.ok(readFileSync(db).equals(bytes), 'the same bytes');
  assert.equal(statSync(db).mtimeMs, mtime, 'the same mtime');
  const check = new Database(db, { readonly: true });
  assert.equal(check.pragma('journal_mode', { simple: true }), 'delete');
  check.close();
});

forEachStore('runner ui refuses a store that is not there, and creates none', async (store) => {
  const r = runCli(['ui', '--db', store.location, '--port', '0']);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, store.kind === 'sqlite' ? /no run database here/ : /no runs here yet/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  await assertNothingWritten(store, 'nothing created');
});

test('runner ui: bad options and a port in use are one-line usage errors (exit 2); --host 0.0.0.0 warns', async (t) => {
  const dir = tempDir();
  writeIdxSet(dir);
  writeFileSync(join(dir, 'small.yaml'), smallExperimentYaml());
  const db = join(dir, 'runs.db');
  ok(runCli([join(dir, 'small.yaml'), '--db', db, '--plain']));
  for (const [args, message] of [
    [['--port', 'abc'], /--port must be a port number/],
    [['--port', '70000'], /--port must be a port number/],
    [['--allowed-host', 'a b'], /is not a host name/],
    [['extra'], /takes no arguments/],
    [['--bogus'], /unknown option --bogus/],
  ] as const) {
    const r = runCli(['ui', '--db', db, ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  const folder = runCli(['ui', '--db', dir, '--port', '0']);
  assert.equal(folder.status, 2, folder.stderr);
  assert.match(folder.stderr, /is a folder, not a run database/);
  const ui = await startUi(t, db);
  // The default binds loopback only: this machine's other addresses refuse the connection.
  const outside = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
  if (outside) {
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(ui.port, outside.address);
      socket.on('connect', () => (socket.destroy(), resolve('connected')));
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    assert.equal(refused, 'ECONNREFUSED', `${outside.address}:${ui.port}`);
  }
  const taken = runCli(['ui', '--db', db, '--port', String(ui.port)]);
  assert.equal(taken.status, 2, taken.stderr);
  assert.match(taken.stderr, new RegExp(`port ${ui.port} is in use`));
  const open = await startUi(t, db, ['--host', '0.0.0.0']);
  assert.match(open.cli.stdout(), /runner ui: http:\/\/127\.0\.0\.1:\d+\//);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(await open.stop(), 0);
  assert.match((await open.cli.exited).stderr, /warning: listening on 0\.0\.0\.0: anyone who can reach this machine/);
  assert.equal(await ui.stop(), 0);
  assert.doesNotMatch((await ui.cli.exited).stderr, /warning/, 'no warning on the default address');
  assert.match(ok(runCli(['ui', '--help'])).stdout, /^Usage: runner ui/);
});

/** Sends raw bytes on a socket and resolves to what comes back before the server closes or 1 s passes. */
function socketRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let got = '';
    socket.setEncoding('utf8').on('data', (c: string) => (got += c));
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('close', () => resolve(got));
    socket.on('error', reject);
  });
}

/** Reads server-sent events from /api/events as they come. */
function eventStream(port: number) {
  /** Each event with when it arrived. */
  const events: { id: string; event: string; data: any; at: number }[] = [];
  let buffer = '';
  const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}` }, agent: false }, (res) => {
    res.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => frame.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        if (field('event')) events.push({ id: field('id')!, event: field('event')!, data: JSON.parse(field('data')!), at: Date.now() });
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return { events, close: () => req.destroy() };
}
forEachStore('live: a run trained by another process is sent as it starts and as each epoch commits, each event with an id', async (store, t) => {
  const dir = fixture(store);
  const ui = await startUi(t, store.location, [], { RUNNER_UI_HEARTBEAT_SECONDS: '0.5' });
  const stream = eventStream(ui.port);
  t.after(stream.close);
  const until = async (what: string, pass: () => boolean, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!pass()) {
      if (Date.now() > end) assert.fail(`${what}: ${JSON.stringify(stream.events.map((e) => [e.event, e.data.id ?? e.data.run_id]))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until('hello', () => stream.events.some((e) => e.event === 'hello'));
  // The report's experiment on MNIST with 256 units: epochs about half a second apart (the
  // report's 32 units now train an epoch in a tenth of one, faster than the watcher's
  // 200 ms poll), so each one's event can be told from the next.
  const trainer = startCli([join(ROOT, 'experiments/baseline.yaml'), '--db', store.location, '--json', '--set', 'epochs=4', '--set', 'units=256', '--set', 'name=live']);
  const epochAt = new Map<number, number>();
  let printed = '';
  trainer.child.stdout!.on('data', (chunk: Buffer) => {
    printed += chunk.toString();
    for (const m of printed.matchAll(/"event":"epoch","epoch":(\d+)/g)) if (!epochAt.has(Number(m[1]))) epochAt.set(Number(m[1]), Date.now());
  });
  await until('the new run', () => stream.events.some((e) => e.event === 'run' && e.data.id === 7 && e.data.name === 'live'));
  await until('its four epochs', () => stream.events.filter((e) => e.event === 'epochs' && e.data.run_id === 7).flatMap((e) => e.data.epochs).length === 4);
  assert.equal((await trainer.exited).code, 0);
  await until('completed', () => stream.events.some((e) => e.event === 'run' && e.data.id === 7 && e.data.status === 'completed'));
  const sent = stream.events.filter((e) => e.event === 'epochs' && e.data.run_id === 7).flatMap((e) => e.data.epochs.map((x: any) => x.epoch));
  assert.deepEqual(sent, [1, 2, 3, 4], 'each epoch once, in order');
  const sentAt = new Map<number, number>();
  for (const e of stream.events) if (e.event === 'epochs' && e.data.run_id === 7) for (const x of e.data.epochs) if (!sentAt.has(x.epoch)) sentAt.set(x.epoch, e.at);
  assert.equal(epochAt.size, 4, 'the trainer printed every epoch');
  for (const [epoch, committed] of epochAt) {
    assert.ok(sentAt.get(epoch)! - committed <= 2000, `epoch ${epoch} was sent ${sentAt.get(epoch)! - committed} ms after its commit`);
  }
  assert.ok(stream.events.filter((e) => e.event === 'epochs' && e.data.run_id === 7).length >= 2, 'epochs are sent as they commit, not all at the end');
  const ids = stream.events.map((e) => Number(e.id));
  assert.ok(ids.every((id, k) => k === 0 || id > ids[k - 1]!), 'ids rise');
  const last = stream.events.filter((e) => e.event === 'run' && e.data.id === 7).at(-1)!.data;
  assert.equal(last.epochs_done, 4);
  assert.equal(last.settings.epochs, 4);
  await until('a heartbeat', () => stream.events.some((e) => e.event === 'heartbeat'), 3000);
  assert.ok(!stream.events.some((e) => e.event === 'run' && e.data.id < 7), 'runs that did not change are not sent again');
});

forEachStore('a store opened read-only, as runner ui opens it, refuses every write', async (store) => {
  fixture(store);
  const before = await snapshot(store);
  const readOnly = await openStore(dbChoice(store.location, true), { mustExist: true, readOnly: true });
  try {
    assert.equal((await readOnly.runList()).length, 6);
    const token = await readOnly.changeToken();
    assert.equal(await readOnly.changeToken(), token, 'no change, the same token');
    await assert.rejects(readOnly.heartbeat(1, 1), /readonly|read-only/i);
    await assert.rejects(readOnly.finishRun(1, null, 'failed', 'x'), /readonly|read-only/i);
    await assert.rejects(
      readOnly.recordEvaluation(1, { epoch: 1, test_accuracy: 0, test_cross_entropy: 0, test_images: 0, test_correct: 0, test_images_sha256: '', test_labels_sha256: '', code_version: '' }),
      /readonly|read-only/i,
    );
    // Another process's commit moves the token.
    ok(runCli(['eval', '1', '--epoch', '1', '--db', store.location]));
    assert.notEqual(await readOnly.changeToken(), token, 'a commit elsewhere changes the token');
  } finally {
    await readOnly.close();
  }
  assert.notEqual(await snapshot(store), before, 'only runner eval wrote');
});

forEachStore('live: a run copied in under an id below the newest, and a run evaluated later, are sent', async (store, t) => {
  const dir = tempDir();
  writeIdxSet(dir);
  writeFileSync(join(dir, 'small.yaml'), smallExperimentYaml());
  const source = join(dir, 'source.db');
  for (const lr of ['0.05', '0.1', '0.2']) ok(runCli([join(dir, 'small.yaml'), '--db', source, '--plain', '--set', `learning_rate=${lr}`]));
  ok(runCli(['copy', '--from', source, '--to', store.location, '1', '3']));
  const ui = await startUi(t, store.location);
  const stream = eventStream(ui.port);
  t.after(stream.close);
  const until = async (what: string, pass: () => boolean) => {
    const end = Date.now() + 5000;
    while (!pass()) {
      if (Date.now() > end) assert.fail(`${what}: ${JSON.stringify(stream.events.map((e) => [e.event, e.data.id ?? e.data.run_id]))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until('hello', () => stream.events.some((e) => e.event === 'hello'));
  ok(runCli(['copy', '--from', source, '--to', store.location, '2']));
  await until('run 2, copied in below run 3', () => stream.events.some((e) => e.event === 'run' && e.data.id === 2 && e.data.epochs_done === 3));
  await until('its epochs', () => stream.events.some((e) => e.event === 'epochs' && e.data.run_id === 2 && e.data.epochs.length === 3));
  ok(runCli(['eval', '1', '--db', store.location]));
  await until('run 1 with its evaluation', () => stream.events.some((e) => e.event === 'run' && e.data.id === 1 && e.data.last_evaluated_epoch === 3));
  assert.deepEqual((await getJson(ui.port, '/api/runs')).runs.map((r: any) => r.id), [3, 2, 1]);
});
