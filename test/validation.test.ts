/**
 * data.validation: the last N training images held out, scored after every epoch with that
 * epoch's weights, stored with the epoch (both stores), shown by the commands, and never
 * touching training: a run with N held out trains the bits of a run on the other images
 * alone. Small IDX data; real processes and stores.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Experiment } from '../src/config/experiment.generated.js';
import { loadDataset, splitTraining } from '../src/data/dataset.js';
import { networkForTensors, parametersFrom } from '../src/commands/run-weights.js';
import { openStore } from '../src/store/open.js';
import { evaluate } from '../src/train/evaluate.js';
import { assertInputError, idxBytes, ok, runCli, smallExperimentYaml, syntheticImages, tempDir, writeIdxSet } from './helpers.js';
import { forEachStore, type TestStore } from './stores.js';

const COUNT = 300;
const HELD = 60;

/** A temp dir with the IDX files and an experiment with dropout and batch norm (both behave differently in evaluation). */
function workspace(validation: string) {
  const dir = tempDir('runner-validation-');
  writeIdxSet(dir, { count: COUNT, rows: 6, cols: 5 });
  const file = join(dir, 'v.yaml');
  const yaml = smallExperimentYaml()
    .replace('units: 8\n', 'layers:\n  - units: 12\n    dropout: 0.2\n  - units: 8\n    batch_norm: true\n')
    .replace('epochs: 3', 'epochs: 4')
    .replace('  normalize: true', `  normalize: true\n${validation}`);
  writeFileSync(file, yaml);
  return { dir, file };
}

async function epochRows(store: TestStore) {
  return store.query<{ epoch: number; cross_entropy: number; val_cross_entropy: number | null; val_accuracy: number | null }>(
    'SELECT epoch, cross_entropy, val_cross_entropy, val_accuracy FROM epochs WHERE run_id = 1 ORDER BY epoch',
  );
}

async function weightRows(store: TestStore) {
  return (await store.query<{ epoch: number; name: string; data: Buffer }>('SELECT epoch, name, data FROM weights WHERE run_id = 1 ORDER BY epoch, name')).map(
    (r) => `${r.epoch} ${r.name} ${Buffer.from(r.data).toString('hex')}`,
  );
}

forEachStore('every epoch scores the held-out images with its weights, as runner eval scores a set: the same bits', async (store) => {
  const { dir, file } = workspace(`  validation: ${HELD}`);
  const r = ok(runCli([file, '--db', store.location, '--plain']));
  assert.match(r.stdout, new RegExp(`\\(${COUNT - HELD} train, ${HELD} validation, 75 test`));
  for (let e = 1; e <= 4; e++) assert.match(r.stdout, new RegExp(`epoch ${e}/4  cross-entropy \\d\\.\\d+  val \\d\\.\\d+ \\(\\d+\\.\\d\\d%\\)  `));
  const rows = await epochRows(store);
  assert.equal(rows.length, 4);

  // The held-out images are the last HELD of the training file; score them with each epoch's stored weights.
  const opened = await openStore({ location: store.location, label: store.label, fromFlag: true }, { mustExist: true });
  try {
    const run = (await opened.getRun(1))!;
    const experiment = JSON.parse(run.config_json) as Experiment;
    const { validation } = splitTraining(loadDataset(experiment.data, dir).train, HELD);
    for (const row of rows) {
      const tensors = await opened.weights(1, row.epoch);
      const params = parametersFrom(networkForTensors(experiment, tensors, 'test', null), tensors, 'test');
      const scored = evaluate(params, validation!, true);
      assert.equal(row.val_cross_entropy, scored.crossEntropy, `epoch ${row.epoch}`);
      assert.equal(row.val_accuracy, scored.accuracy, `epoch ${row.epoch}`);
    }
  } finally {
    await opened.close();
  }
  // The views and show carry them too.
  const [summary] = await store.query<{ last_val_cross_entropy: number; best_val_accuracy: number }>(
    'SELECT last_val_cross_entropy, best_val_accuracy FROM run_summary WHERE id = 1',
  );
  assert.equal(summary!.last_val_cross_entropy, rows.at(-1)!.val_cross_entropy);
  assert.equal(summary!.best_val_accuracy, Math.max(...rows.map((x) => x.val_accuracy!)));
  const losses = await store.query('SELECT epoch, val_cross_entropy, val_accuracy FROM epoch_losses WHERE run_id = 1 ORDER BY epoch');
  assert.deepEqual(losses, rows.map(({ epoch, val_cross_entropy, val_accuracy }) => ({ epoch, val_cross_entropy, val_accuracy })));
  const shown = ok(runCli(['show', '1', '--db', store.location])).stdout;
  assert.match(shown, /epoch +cross-entropy +val cross-entropy +val accuracy +seconds/);
});

forEachStore('holding N out trains the bits of a run on the other images alone; validation 0 trains today\'s bits', async (store, t) => {
  const held = workspace(`  validation: ${HELD}`);
  ok(runCli([held.file, '--db', store.location]));
  const withHeld = { epochs: (await epochRows(store)).map((r) => [r.epoch, r.cross_entropy]), weights: await weightRows(store) };

  // The same training images, written as a file of their own, without validation.
  const alone = workspace('');
  const { images, labels } = syntheticImages(COUNT, 6, 5, 1);
  writeFileSync(join(alone.dir, 'train-images'), idxBytes([COUNT - HELD, 6, 5], images.subarray(0, (COUNT - HELD) * 30)));
  writeFileSync(join(alone.dir, 'train-labels'), idxBytes([COUNT - HELD], labels.subarray(0, COUNT - HELD)));
  const other = await (await import('./stores.js')).extraStore(t, store.kind);
  ok(runCli([alone.file, '--db', other.location]));
  const rows = await epochRows(other);
  assert.deepEqual({ epochs: rows.map((r) => [r.epoch, r.cross_entropy]), weights: await weightRows(other) }, withHeld);
  assert.ok(rows.every((r) => r.val_cross_entropy === null && r.val_accuracy === null));

  // validation: 0 is the report's setup: no held-out images, the same bits as without the key.
  const zero = workspace('  validation: 0');
  const none = workspace('');
  const zeroStore = await (await import('./stores.js')).extraStore(t, store.kind);
  const noneStore = await (await import('./stores.js')).extraStore(t, store.kind);
  ok(runCli([zero.file, '--db', zeroStore.location]));
  ok(runCli([none.file, '--db', noneStore.location]));
  assert.deepEqual(await epochRows(zeroStore), await epochRows(noneStore));
  assert.deepEqual(await weightRows(zeroStore), await weightRows(noneStore));
});

test('a resumed run with held-out images goes on exactly, and --json carries the figures', async () => {
  const dir = tempDir('runner-validation-');
  const { file } = workspace(`  validation: ${HELD}`);
  const whole = join(dir, 'whole.db');
  const parts = join(dir, 'parts.db');
  const json = ok(runCli([file, '--db', whole, '--json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const epochs = json.filter((e) => e.event === 'epoch');
  assert.equal(epochs.length, 4);
  for (const e of epochs) assert.ok(typeof e.val_cross_entropy === 'number' && typeof e.val_accuracy === 'number', JSON.stringify(e));
  ok(runCli([file, '--db', parts, '--set', 'epochs=2']));
  ok(runCli(['resume', '1', '--db', parts, '--epochs', '4']));
  const read = async (path: string) => {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare('SELECT epoch, cross_entropy, val_cross_entropy, val_accuracy FROM epochs ORDER BY epoch').all();
    } finally {
      db.close();
    }
  };
  assert.deepEqual(await read(parts), await read(whole));
  assert.deepEqual(
    (await read(whole)).map((r) => (r as { val_cross_entropy: number }).val_cross_entropy),
    epochs.map((e) => e.val_cross_entropy),
  );
  // compare: a validation table, and each run's validation curve beside its training one in the SVG chart.
  ok(runCli([file, '--db', whole, '--set', 'seed=8']));
  const chart = join(dir, 'chart.svg');
  const compared = ok(runCli(['compare', '1', '2', '--db', whole, '--svg', chart])).stdout;
  assert.match(compared, /cross-entropy \(validation: the held-out images\) by epoch:/);
  const svg = readFileSync(chart, 'utf8');
  assert.match(svg, /Cross-entropy per epoch: training and validation/);
  for (const label of ['run 1: small (seed 7) train', 'run 1: small (seed 7) val', 'run 2: small (seed 8) train', 'run 2: small (seed 8) val']) {
    assert.ok(svg.includes(label), `${label} in the chart`);
  }
});

test('a bad data.validation: one line at its line:col, exit 2, nothing written', () => {
  const cases: [string, RegExp][] = [
    [`  validation: ${COUNT}`, new RegExp(`v\\.yaml:\\d+:\\d+: data\\.validation ${COUNT} holds out every training image \\(the training file has ${COUNT}\\)`)],
    [`  validation: ${COUNT - 5}`, /v\.yaml:\d+:\d+: batch_size 10 is larger than the 5 training images left after data\.validation 295/],
    ['  validation: -1', /v\.yaml:\d+:\d+: data\.validation must be >= 0/],
    ['  validation: 2.5', /v\.yaml:\d+:\d+: data\.validation must be an integer/],
  ];
  for (const [line, message] of cases) {
    const { dir, file } = workspace(line);
    const db = join(dir, 'runs.db');
    const r = runCli([file, '--db', db]);
    assertInputError(r, message, line);
    assert.equal(existsSync(db), false, line);
  }
  assert.ok(readFileSync(join(workspace('').dir, 'v.yaml'), 'utf8').includes('batch_size: 10'));
});
