/** runner runs, runner show, and the SQL views, on a fresh SQLite file and PostgreSQL database with small IDX data. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, smallExperimentYaml, tempDir, writeIdxSet } from './helpers.js';
import { forEachStore, freshStore, type TestStore } from './stores.js';

/** Two runs that differ in learning rate: 0.05 (run 1, from the file) and 0.2 (run 2, by --set). */
function twoRuns(store: TestStore) {
  const dir = tempDir();
  writeIdxSet(dir);
  const file = join(dir, 'small.yaml');
  writeFileSync(file, smallExperimentYaml());
  const db = store.location;
  assert.equal(runCli([file, '--db', db]).status, 0);
  assert.equal(runCli([file, '--db', db, '--set', 'learning_rate=0.2', '--set', 'epochs=2']).status, 0);
  return { dir, file, db };
}

forEachStore('runs lists every run newest first, as text and as JSON', async (store) => {
  const { db } = twoRuns(store);
  const text = runCli(['runs', '--db', db]);
  assert.equal(text.status, 0, text.stderr);
  const lines = text.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^id {2}name {3}status {5}network {2}optimizer {2}epochs {2}cross-entropy {2}test acc\. {2}created \(UTC\) {8}train time$/);
  assert.match(lines[1]!, /^ 2 {2}small {2}completed {2}30-8-10 {2}sgd {8}2\/2 {5}\d\.\d{6} {7}- {10}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\d+\.\ds$/);
  assert.match(lines[2]!, /^ 1 {2}small {2}completed {2}30-8-10 {2}sgd {8}3\/3 /);
  assert.equal(lines.length, 3);

  const json = JSON.parse(runCli(['runs', '--db', db, '--json']).stdout) as Record<string, unknown>[];
  assert.deepEqual(
    json.map((r) => [r.id, r.status, r.learning_rate, r.epochs_done, r.epochs]),
    [
      [2, 'completed', 0.2, 2, 2],
      [1, 'completed', 0.05, 3, 3],
    ],
  );
  assert.equal(typeof json[0]!.last_cross_entropy, 'number');
});

forEachStore('show gives the experiment as written, the overrides, provenance and the epochs', async (store) => {
  const { db, file } = twoRuns(store);
  const r = runCli(['show', '2', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^run 2: small \(completed\)$/m);
  assert.ok(r.stdout.includes(`experiment ${file}, with --set learning_rate=0.2 --set epochs=2:`), r.stdout);
  assert.ok(r.stdout.includes('  learning_rate: 0.05\n'), 'the YAML as written');
  const [run] = await store.query<{ config_hash: string; train_images_sha256: string }>('SELECT config_hash, train_images_sha256 FROM runs WHERE id = 2');
  const losses = await store.query<{ cross_entropy: number }>('SELECT cross_entropy FROM epochs WHERE run_id = 2 ORDER BY epoch');
  assert.match(r.stdout, new RegExp(`^ {2}config_hash {2}${run!.config_hash}$`, 'm'));
  assert.match(r.stdout, new RegExp(`^ {2}train_images sha256 ${run!.train_images_sha256}$`, 'm'));
  assert.match(r.stdout, new RegExp(`^ {4}1 {2}${losses[0]!.cross_entropy.toFixed(6)}`, 'm'));
  assert.match(r.stdout, new RegExp(`^ {4}2 {2}${losses[1]!.cross_entropy.toFixed(6)}`, 'm'));

  const json = JSON.parse(runCli(['show', '2', '--db', db, '--json']).stdout);
  assert.equal(json.config.learning_rate, 0.2);
  assert.deepEqual(json.overrides, ['learning_rate=0.2', 'epochs=2']);
  assert.equal(json.epochs_table.length, 2);
  assert.equal(json.config_yaml, readFileSync(file, 'utf8'));

  assert.equal(runCli(['show', '9', '--db', db]).stderr, `no run 9 in ${store.label}\n`);
  assert.equal(runCli(['show', '9', '--db', db]).status, 2);

  // A store with no runs yet: a missing SQLite file, or a PostgreSQL database without the runner's tables.
  const nowhere = await freshStore(store.kind);
  try {
    const missing = runCli(['runs', '--db', nowhere.location]);
    assert.equal(missing.status, 2);
    if (nowhere.kind === 'sqlite') {
      assert.equal(missing.stderr, `${nowhere.location}: no run database here (give --db PATH)\n`);
      assert.ok(!existsSync(nowhere.location), 'runs does not create a database');
    } else {
      assert.equal(missing.stderr, `${nowhere.label}: no runs here yet (this database has no runner tables)\n`);
      const tables = await nowhere.query("SELECT table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
      assert.deepEqual(tables, [], 'runs does not create the tables');
    }
  } finally {
    await nowhere.close();
  }
});

forEachStore('the views answer "which learning rate did better" in one query', async (store) => {
  twoRuns(store);
  const rows = await store.query<Record<string, number>>(
    'SELECT learning_rate, epochs_done, last_cross_entropy, best_cross_entropy FROM run_summary ORDER BY learning_rate',
  );
  const last = async (id: number) =>
    (await store.query<{ cross_entropy: number }>('SELECT cross_entropy FROM epochs WHERE run_id = $1 ORDER BY epoch DESC LIMIT 1', [id]))[0]!
      .cross_entropy;
  assert.deepEqual(
    rows.map((r) => [r.learning_rate, r.epochs_done, r.last_cross_entropy]),
    [
      [0.05, 3, await last(1)],
      [0.2, 2, await last(2)],
    ],
  );
  const side = await store.query(
    `SELECT a.epoch, a.cross_entropy AS lr005, b.cross_entropy AS lr02 FROM epoch_losses a
     JOIN epoch_losses b ON b.epoch = a.epoch AND b.run_id = 2 WHERE a.run_id = 1 ORDER BY a.epoch`,
  );
  assert.equal(side.length, 2);
});
