/** Sweeps: a grid of trials from one file, run in parallel, resumable, never duplicated; on SQLite and PostgreSQL. */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { idxBytes, ok, runCli, sleep, smallExperimentYaml, startCli, syntheticImages, tempDir, writeIdxSet } from './helpers.js';
import { forEachStore, freshStore, hexOf, type TestStore, assertNothingWritten } from './stores.js';

const GRID = 'sweep:\n  learning_rate: [0.05, 0.2]\n  units: [4, 8]\n';

/** A temp dir with IDX files and a 2×2 sweep; `size` makes each trial take a few hundred ms. */
function sweepWorkspace(size: 'small' | 'slow' = 'small') {
  const dir = tempDir('runner-sweep-');
  writeIdxSet(dir, size === 'slow' ? { count: 1000, rows: 28, cols: 28 } : {});
  const file = join(dir, 'grid.yaml');
  const yaml = smallExperimentYaml(GRID);
  writeFileSync(file, size === 'slow' ? yaml.replace('batch_size: 10', 'batch_size: 20\nbatches_per_epoch: 300').replace('epochs: 3', 'epochs: 4') : yaml);
  return { dir, file };
}

/** Per trial: its swept values, status, and every epoch's loss and weights (as hex), in trial order; not the run ids, which depend on who claimed first. */
async function trialsDump(store: TestStore) {
  const runs = await store.query<{ id: number; trial: number; swept_json: string; status: string }>('SELECT id, trial, swept_json, status FROM runs ORDER BY trial');
  const epochs = await store.query<{ run_id: number; cross_entropy: number }>('SELECT run_id, cross_entropy FROM epochs ORDER BY run_id, epoch');
  const weights = await store.query<{ run_id: number; data: Buffer }>('SELECT run_id, data FROM weights ORDER BY run_id, epoch, name');
  return runs.map((r) => ({
    trial: r.trial,
    swept_json: r.swept_json,
    status: r.status,
    losses: epochs.filter((e) => e.run_id === r.id).map((e) => e.cross_entropy),
    weights: weights.filter((w) => w.run_id === r.id).map((w) => hexOf(w.data)),
  }));
}

forEachStore('a 2×2 grid: four completed runs of one sweep, scored; --set applies to every trial; --jobs changes nothing; a second run trains nothing', async (store) => {
  const { file } = sweepWorkspace();
  const db = store.location;
  const r = ok(runCli([file, '--db', db, '--set', 'epochs=2', '--jobs', '2']));
  assert.match(r.stdout, /^sweep 1: small, 4 trials \(learning_rate × units\) -> /m);
  for (const trial of [0, 1, 2, 3]) assert.match(r.stdout, new RegExp(`^\\[trial ${trial}\\] completed; test accuracy \\d+\\.\\d\\d%$`, 'm'));
  assert.match(r.stdout, /^sweep 1: 4 completed in \d+\.\ds$/m);

  const runs = await store.query<{ sweep_id: number; trial: number; swept_json: string; status: string; epochs: number; name: string }>(
    'SELECT sweep_id, trial, swept_json, status, epochs, name FROM runs ORDER BY trial',
  );
  assert.deepEqual(
    runs.map((x) => [x.sweep_id, x.trial, JSON.parse(x.swept_json), x.status, x.epochs]),
    [
      [1, 0, { learning_rate: 0.05, units: 4 }, 'completed', 2],
      [1, 1, { learning_rate: 0.05, units: 8 }, 'completed', 2],
      [1, 2, { learning_rate: 0.2, units: 4 }, 'completed', 2],
      [1, 3, { learning_rate: 0.2, units: 8 }, 'completed', 2],
    ],
  );
  assert.equal(runs[2]!.name, 'small[learning_rate=0.2,units=4]');
  const [trial3] = await store.query<{ config_json: string }>('SELECT config_json FROM runs WHERE trial = 3');
  const config = JSON.parse(trial3!.config_json) as { learning_rate: number; units: number };
  assert.deepEqual({ lr: config.learning_rate, units: config.units }, { lr: 0.2, units: 8 });
  assert.equal((await store.query('SELECT * FROM evaluations')).length, 4, 'each trial scored on the test images');

  // The same sweep one trial at a time: the same bits.
  const oneByOne = await freshStore(store.kind);
  try {
    ok(runCli([file, '--db', oneByOne.location, '--set', 'epochs=2', '--jobs', '1']));
    assert.deepEqual(await trialsDump(oneByOne), await trialsDump(store));
  } finally {
    await oneByOne.close();
  }

  const again = ok(runCli([file, '--db', db, '--set', 'epochs=2']));
  assert.match(again.stdout, /^all 4 trials are complete or failed; nothing to train$/m);
  assert.equal((await store.query('SELECT * FROM runs')).length, 4, 'no new run');
  // Other overrides are another sweep.
  assert.equal((await store.query('SELECT * FROM sweeps')).length, 1);

  const json = JSON.parse(ok(runCli(['sweep', '1', '--db', db, '--json'])).stdout);
  assert.deepEqual(json.sweep.swept_keys, ['learning_rate', 'units']);
  assert.equal(json.trials.length, 4);
  const accuracies = json.trials.map((t: { test_accuracy: number }) => t.test_accuracy);
  assert.deepEqual(accuracies, [...accuracies].sort((a: number, b: number) => b - a), 'best first');
  const csv = ok(runCli(['sweep', '1', '--db', db, '--csv'])).stdout.trimEnd().split('\n');
  assert.equal(csv[0], 'trial,run_id,learning_rate,units,status,epochs_done,last_cross_entropy,test_accuracy,last_val_cross_entropy,last_val_accuracy,rung,pruned');
  assert.equal(csv.length, 5);
  const compared = JSON.parse(ok(runCli(['compare', '--sweep', '1', '--db', db, '--json'])).stdout);
  assert.equal(compared.runs.length, 4);
  assert.deepEqual(
    compared.differences.map((d: { key: string }) => d.key),
    ['learning_rate', 'name', 'units'],
  );
});

forEachStore('SIGKILL of the sweep process mid-way, then running it again: the same numbers as an uninterrupted sweep', async (store) => {
  const { file } = sweepWorkspace('slow');
  // A trial's epoch takes some 20-100 ms here: with the 4 epochs of the file, the kill after
  // epoch 1 (relayed through the sweep's process) can come after the trials have finished.
  // 10 epochs leave it time to land mid-trial.
  const epochs = ['--set', 'epochs=10'];
  ok(runCli([file, '--db', store.location, '--jobs', '2', ...epochs]));
  const expected = await trialsDump(store);
  assert.equal(expected.length, 4);
  assert.ok(expected.every((t) => t.losses.length === 10));

  const killed = await freshStore(store.kind);
  try {
    const live = startCli([file, '--db', killed.location, '--jobs', '2', ...epochs]);
    await live.waitFor(/^\[trial \d\] epoch 1\//m);
    live.child.kill('SIGKILL');
    await live.exited;
    // The trials notice their parent is gone and stop after their batch.
    for (let waited = 0; waited < 20_000; waited += 100) {
      if ((await killed.query("SELECT * FROM runs WHERE status = 'running'")).length === 0) break;
      await sleep(100);
    }
    const after = await killed.query<{ status: string }>('SELECT status FROM runs');
    assert.ok(after.length >= 1 && after.every((r) => r.status !== 'running'), JSON.stringify(after));
    assert.ok(after.some((r) => r.status === 'interrupted'), `a trial was stopped mid-way: ${JSON.stringify(after)}`);

    const resumed = ok(runCli([file, '--db', killed.location, '--jobs', '2', ...epochs]));
    assert.match(resumed.stdout, /resumed after epoch \d/);
    assert.deepEqual(await trialsDump(killed), expected);
    assert.equal((await killed.query('SELECT * FROM runs')).length, 4);
  } finally {
    await killed.close();
  }
});

forEachStore('two runner processes on one sweep at once: every trial trained by exactly one', async (store) => {
  const { file } = sweepWorkspace('slow');
  const [a, b] = [startCli([file, '--db', store.location, '--jobs', '2']), startCli([file, '--db', store.location, '--jobs', '2'])];
  const [ra, rb] = await Promise.all([a.exited, b.exited]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  const completedBy = (out: string) => [...out.matchAll(/^\[trial (\d)\] completed/gm)].map((m) => Number(m[1]));
  const both = [...completedBy(ra.stdout), ...completedBy(rb.stdout)].sort();
  assert.deepEqual(both, [0, 1, 2, 3], `each trial completed once:\n${ra.stdout}\n${rb.stdout}`);
  const runs = await store.query<{ trial: number; epochs_done: number }>(
    'SELECT trial, (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done FROM runs r ORDER BY trial',
  );
  assert.deepEqual(runs.map((r) => [r.trial, r.epochs_done]), [[0, 4], [1, 4], [2, 4], [3, 4]]);
  assert.equal((await store.query('SELECT * FROM resumes')).length, 0, 'no trial taken over from the other');
});

forEachStore('bad sweep blocks: one line each at the offending item, exit 2, nothing written', async (store) => {
  const dir = tempDir('runner-sweep-');
  writeIdxSet(dir);
  const cases: [string, string[]][] = [
    ['sweep:\n  learning_rat: [0.1, 0.2]\n', ['bad.yaml:14:3: sweep: "learning_rat" is not a key that can be swept; did you mean "learning_rate"?']],
    ['sweep:\n  units: []\n', ['bad.yaml:14:3: sweep.units must list at least one value']],
    ['sweep:\n  units: [4, -1, 2.5]\n', ['bad.yaml:14:14: sweep.units[1]: units must be >= 1 (got -1)', 'bad.yaml:14:18: sweep.units[2]: units must be an integer (got 2.5)']],
    ['sweep:\n  activation:\n    - sigmoid\n    - tanh\n', ['bad.yaml:16:7: sweep.activation[1]: activation must be one of "sigmoid", "relu" (got "tanh")']],
    ['repeat: 0\n', ['bad.yaml:13:9: repeat must be >= 1 (got 0)']],
  ];
  for (const [block, lines] of cases) {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, smallExperimentYaml(block));
    const r = runCli(['bad.yaml', '--db', store.location], { cwd: dir });
    assert.equal(r.status, 2, `${block}\n${r.stderr}`);
    assert.deepEqual(r.stderr.trimEnd().split('\n'), lines, block);
    assert.equal(r.stdout, '');
  }
  await assertNothingWritten(store, 'no database written');
});

forEachStore('repeat runs every point with seeds seed … seed + repeat − 1', async (store) => {
  const { file } = sweepWorkspace();
  writeFileSync(file, smallExperimentYaml('sweep:\n  units: [4]\nrepeat: 3\n'));
  ok(runCli([file, '--db', store.location, '--set', 'epochs=1', '--jobs', '1']));
  const runs = await store.query<{ seed: number; swept_json: string }>('SELECT seed, swept_json FROM runs ORDER BY trial');
  assert.deepEqual(runs.map((r) => [r.seed, JSON.parse(r.swept_json)]), [
    [7, { units: 4, seed: 7 }],
    [8, { units: 4, seed: 8 }],
    [9, { units: 4, seed: 9 }],
  ]);
});

forEachStore('what would make a sweep wrong is refused or kept apart: --set on a swept key, key order, repeat with swept seeds, validate, a failed trial', async (store) => {
  const { file } = sweepWorkspace();
  const db = store.location;
  const refusedSet = runCli([file, '--db', db, '--set', 'units=64']);
  assert.equal(refusedSet.status, 2);
  assert.equal(refusedSet.stderr, '--set units=64: units is swept; the sweep block\'s values would replace it\n');
  await assertNothingWritten(store, 'a refused --set');

  // The key order numbers the trials: another order is another sweep.
  ok(runCli([file, '--db', db, '--set', 'epochs=1']));
  writeFileSync(file, smallExperimentYaml('sweep:\n  units: [4, 8]\n  learning_rate: [0.05, 0.2]\n'));
  ok(runCli([file, '--db', db, '--set', 'epochs=1']));
  const bySweep = await store.query<{ sweep_id: number; trial: number; swept_json: string }>(
    'SELECT sweep_id, trial, swept_json FROM runs WHERE trial = 1 ORDER BY sweep_id',
  );
  assert.deepEqual(bySweep.map((r) => [r.sweep_id, JSON.parse(r.swept_json)]), [
    [1, { learning_rate: 0.05, units: 8 }],
    [2, { units: 4, learning_rate: 0.2 }],
  ]);

  // repeat counts from each swept seed.
  writeFileSync(file, smallExperimentYaml('sweep:\n  seed: [1, 100]\nrepeat: 2\n'));
  ok(runCli([file, '--db', db, '--set', 'epochs=1', '--jobs', '1']));
  assert.deepEqual((await store.query<{ seed: number }>('SELECT seed FROM runs WHERE sweep_id = 3 ORDER BY trial')).map((r) => r.seed), [1, 2, 100, 101]);

  // validate checks every trial as running would.
  writeFileSync(file, smallExperimentYaml('sweep:\n  batch_size: [10, 999]\n'));
  const invalid = runCli(['validate', file]);
  assert.equal(invalid.status, 2);
  assert.match(invalid.stderr, /grid\.yaml:14:20: sweep\.batch_size\[1\]: batch_size 999 is larger than the 200 training images\n$/);

  // A trial that diverges fails the sweep (exit 1), now and on every later run.
  writeFileSync(file, smallExperimentYaml('sweep:\n  learning_rate: [0.05, 1e300]\n').replace('normalize: true', 'normalize: false'));
  const failing = runCli([file, '--db', db, '--set', 'epochs=1', '--jobs', '1']);
  assert.equal(failing.status, 1, failing.stdout + failing.stderr);
  assert.match(failing.stdout, /^\[trial 1\] failed: loss became NaN/m);
  const rerun = runCli([file, '--db', db, '--set', 'epochs=1']);
  assert.equal(rerun.status, 1);
  assert.match(rerun.stdout, /nothing to train/);

  assert.equal(runCli(['sweep', 'abc', '--db', db]).stderr, 'runner sweep: "abc" is not a sweep id\n');
  assert.equal(runCli(['sweep', '99', '--db', db]).stderr, `no sweep 99 in ${store.label}\n`);
});

// --- Worker processes: each loads the data once and trains trial after trial ------------

const pidsOf = async (store: TestStore) => (await store.query<{ pid: number }>('SELECT DISTINCT pid FROM runs ORDER BY pid')).map((r) => r.pid);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The trials of the sweep that `args` runs, run from start to end in a store of their own. */
async function uninterrupted(kind: TestStore['kind'], args: string[]) {
  const reference = await freshStore(kind);
  try {
    ok(runCli([...args, '--db', reference.location]));
    return await trialsDump(reference);
  } finally {
    await reference.close();
  }
}

/** The pid of the process training `trial` now (its run's owner), once it has one. */
async function trainerOf(store: TestStore, trial: number): Promise<number> {
  const [row] = await store.query<{ pid: number }>("SELECT pid FROM runs WHERE trial = $1 AND status = 'running'", [trial]);
  assert.ok(row, `trial ${trial} is training`);
  return row.pid;
}

forEachStore('2 workers train 6 trials: two processes in all, each trial as with one worker; runner worker is not for hands', async (store) => {
  const { file } = sweepWorkspace();
  writeFileSync(file, smallExperimentYaml('sweep:\n  learning_rate: [0.05, 0.1, 0.2]\n  units: [4, 8]\n'));
  ok(runCli([file, '--db', store.location, '--set', 'epochs=2', '--jobs', '2']));
  assert.equal((await store.query("SELECT * FROM runs WHERE status = 'completed'")).length, 6);
  assert.equal((await store.query('SELECT * FROM evaluations')).length, 6);
  const pids = await pidsOf(store);
  assert.equal(pids.length, 2, `the runs' trainers: ${pids.join(', ')}`);
  assert.ok(!pids.some(alive), 'the workers are gone');

  const oneWorker = await freshStore(store.kind);
  try {
    const json = ok(runCli([file, '--db', oneWorker.location, '--set', 'epochs=2', '--jobs', '1', '--json']));
    const events = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { event: string; trial?: number });
    assert.deepEqual([...new Set(events.map((e) => e.event))].sort(), ['epoch', 'epoch-start', 'finished', 'run-start', 'sweep-finished', 'sweep-start', 'trial'], 'nothing of the workers\' own');
    assert.equal((await pidsOf(oneWorker)).length, 1, 'one worker trained all six');
    assert.deepEqual(await trialsDump(oneWorker), await trialsDump(store));
  } finally {
    await oneWorker.close();
  }

  const byHand = runCli(['worker', '--db', store.location]);
  assert.equal(byHand.status, 2);
  assert.equal(byHand.stderr, 'runner worker: started by a sweep (runner FILE.yaml --jobs N), not by hand\n');
});

forEachStore('a worker SIGKILLed mid-trial: a new worker trains the other trials; the next run resumes the killed one, bit-identical', async (store) => {
  const { file } = sweepWorkspace('slow');
  const args = [file, '--jobs', '1', '--set', 'epochs=10'];
  const expected = await uninterrupted(store.kind, args);

  const live = startCli([...args, '--db', store.location]);
  await live.waitFor(/^\[trial 1\] epoch 1\//m);
  const first = await trainerOf(store, 1);
  process.kill(first, 'SIGKILL');
  const r = await live.exited;
  assert.equal(r.code, 1, 'a trial ended in error');
  for (const trial of [0, 2, 3]) assert.match(r.stdout, new RegExp(`^\\[trial ${trial}\\] completed`, 'm'));
  assert.doesNotMatch(r.stdout, /^\[trial 1\] completed/m);
  const [killed] = await store.query<{ status: string; pid: number }>('SELECT status, pid FROM runs WHERE trial = 1');
  assert.deepEqual(killed, { status: 'running', pid: first });
  const others = await store.query<{ pid: number }>('SELECT DISTINCT pid FROM runs WHERE trial > 1');
  assert.equal(others.length, 1);
  assert.notEqual(others[0]!.pid, first, 'trained by a new worker');

  const resumed = ok(runCli([...args, '--db', store.location]));
  assert.match(resumed.stdout, /^\[trial 1\] .*resumed after epoch \d+$/m);
  assert.deepEqual(await trialsDump(store), expected);
});

forEachStore('a data file changed mid-sweep: the worker that loaded it before trains the bytes the sweep records; a new worker refuses the file', async (store) => {
  const { dir, file } = sweepWorkspace('slow');
  const args = [file, '--jobs', '1', '--set', 'epochs=10'];
  const expected = await uninterrupted(store.kind, args);

  const images = join(dir, 'train-images');
  const original = readFileSync(images);
  const live = startCli([...args, '--db', store.location]);
  await live.waitFor(/^\[trial 0\] epoch 1\//m);
  // Other pixels, the same size: only the SHA-256 tells.
  writeFileSync(images, idxBytes([1000, 28, 28], syntheticImages(1000, 28, 28, 99).images));
  assert.equal(statSync(images).size, original.length);
  await live.waitFor(/^\[trial 1\] epoch 1\//m);
  process.kill(await trainerOf(store, 1), 'SIGKILL');
  const r = await live.exited;
  assert.equal(r.code, 1, r.stdout + r.stderr);
  for (const trial of [2, 3]) {
    assert.match(r.stderr, new RegExp(`^\\[trial ${trial}\\] ${images}: changed while sweep 1 ran \\(SHA-256 [0-9a-f]{12}…, the sweep's [0-9a-f]{12}…\\); not training on it$`, 'm'));
  }
  const runs = await store.query<{ trial: number; status: string }>('SELECT trial, status FROM runs ORDER BY trial');
  assert.deepEqual(runs, [{ trial: 0, status: 'completed' }, { trial: 1, status: 'running' }], 'no run trained on the changed file');
  assert.deepEqual((await trialsDump(store))[0], expected[0], 'trial 0 trained on the data as loaded');

  const refused = runCli([...args, '--db', store.location]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, / not the data sweep 1 trains on /);
  writeFileSync(images, original);
  ok(runCli([...args, '--db', store.location]));
  assert.deepEqual(await trialsDump(store), expected);
});

forEachStore('SIGINT to a sweep: its trials stop after their batch and its workers exit; running it again finishes bit-identical', async (store) => {
  const { file } = sweepWorkspace('slow');
  const args = [file, '--jobs', '2', '--set', 'epochs=10'];
  const expected = await uninterrupted(store.kind, args);

  const live = startCli([...args, '--db', store.location]);
  await live.waitFor(/^\[trial \d\] epoch 2\//m);
  live.child.kill('SIGINT');
  const r = await live.exited;
  assert.equal(r.code, 130, r.stdout + r.stderr);
  assert.match(r.stdout, /; continue with: runner .*grid\.yaml --set epochs=10 --db /m);
  for (const line of r.stderr.trimEnd().split('\n')) assert.match(line, /^\[trial \d\] stopping after this batch/);
  const runs = await store.query<{ status: string; pid: number }>('SELECT status, pid FROM runs');
  assert.ok(runs.some((run) => run.status === 'interrupted'), JSON.stringify(runs));
  assert.ok(runs.every((run) => run.status === 'interrupted' || run.status === 'completed'), JSON.stringify(runs));
  assert.ok(!runs.some((run) => alive(run.pid)), 'no worker left');

  const again = ok(runCli([...args, '--db', store.location]));
  assert.match(again.stdout, /resumed after epoch \d/);
  assert.deepEqual(await trialsDump(store), expected);
});
