/**
 * Successive halving, deterministic: the rungs, the promotions by the metric (ties to the
 * lower trial), promoted trials bit-identical to trials planned that long from the start,
 * a SIGKILL mid-rung then a rerun giving the same table bit for bit, two processes on one
 * sweep never training an epoch twice, and bad halving blocks refused at their line:col.
 * Real processes and stores; small IDX data.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promoted, rungsOf } from '../src/config/halving.js';
import { rungLines, rungViews } from '../src/commands/halving-plan.js';
import type { RunRow } from '../src/store/store.js';
import { assertInputError, halvingExperimentYaml as halvingYaml, ok, ROOT, RUNNER, runCli, sleep, tempDir, writeIdxSet } from './helpers.js';
import { extraStore, forEachStore, type TestStore } from './stores.js';

/** A 9-trial random search (learning rate × units) with halving 1 → 3 → 9 epochs by val_cross_entropy. */
function workspace(options: { batches?: number; halving?: string; extra?: string; side?: number } = {}) {
  const dir = tempDir('runner-halving-');
  // 28 × 28 images make an epoch long enough to be caught in the middle of.
  writeIdxSet(dir, { count: 400, rows: options.side ?? 6, cols: options.side ?? 5 });
  const file = join(dir, 'h.yaml');
  writeFileSync(file, halvingYaml(options));
  return { dir, file };
}


interface TrialState {
  trial: number;
  rung: number;
  pruned: number;
  status: string;
  epochs: { epoch: number; cross_entropy: number; val_cross_entropy: number; val_accuracy: number }[];
  weights: string;
}

/** Every trial's rung, status, epochs and last weights, by trial: what must come out the same. */
async function trialStates(store: TestStore): Promise<TrialState[]> {
  const runs = await store.query<{ id: number; trial: number; rung: number; pruned: number; status: string }>(
    'SELECT id, trial, rung, pruned, status FROM runs WHERE sweep_id = 1 ORDER BY trial',
  );
  const out: TrialState[] = [];
  for (const r of runs) {
    const epochs = await store.query<TrialState['epochs'][number]>(
      'SELECT epoch, cross_entropy, val_cross_entropy, val_accuracy FROM epochs WHERE run_id = $1 ORDER BY epoch',
      [r.id],
    );
    const weights = await store.query<{ name: string; data: Buffer }>(
      'SELECT name, data FROM weights WHERE run_id = $1 AND epoch = $2 ORDER BY name',
      [r.id, epochs.length],
    );
    out.push({ trial: r.trial, rung: r.rung, pruned: r.pruned, status: r.status, epochs, weights: weights.map((w) => Buffer.from(w.data).toString('hex')).join(':') });
  }
  return out;
}

test('the rungs and the promotions: ⌊n / eta⌋ best by the metric, ties to the lower trial, no figure never promoted', () => {
  assert.deepEqual(rungsOf({ min_epochs: 1, max_epochs: 9, eta: 3, metric: 'val_cross_entropy' }, 27), [
    { index: 0, epochs: 1, size: 27 },
    { index: 1, epochs: 3, size: 9 },
    { index: 2, epochs: 9, size: 3 },
  ]);
  assert.deepEqual(rungsOf({ min_epochs: 2, max_epochs: 10, eta: 2, metric: 'cross_entropy' }, 5).map((r) => [r.epochs, r.size]), [
    [2, 5],
    [4, 2],
    [8, 1],
    [10, 1],
  ]);
  assert.deepEqual(rungsOf({ min_epochs: 4, max_epochs: 4, eta: 3, metric: 'cross_entropy' }, 6).map((r) => [r.epochs, r.size]), [[4, 6]]);
  const entries = [
    { trial: 0, value: 0.5 },
    { trial: 1, value: 0.3 },
    { trial: 2, value: 0.5 },
    { trial: 3, value: null },
    { trial: 4, value: 0.3 },
  ];
  assert.deepEqual(promoted(entries, 'val_cross_entropy', 3), [0, 1, 4]);
  assert.deepEqual(promoted(entries, 'val_accuracy', 2), [0, 2]);
  assert.deepEqual(promoted([{ trial: 5, value: null }, { trial: 6, value: Number.NaN }], 'cross_entropy', 1), []);
});

forEachStore('a 9-trial halving, eta 3: 9 trials train 1 epoch, 3 go on to 3, 1 to 9, bit-identical to a 9-epoch run of its settings', async (store, t) => {
  const { dir, file } = workspace();
  const r = ok(runCli([file, '--db', store.location, '--jobs', '2']));
  const states = await trialStates(store);
  assert.equal(states.length, 9);
  const byEpochs = (n: number) => states.filter((s) => s.epochs.length === n).map((s) => s.trial);
  assert.equal(byEpochs(1).length, 6, r.stdout);
  assert.equal(byEpochs(3).length, 2, r.stdout);
  assert.equal(byEpochs(9).length, 1, r.stdout);
  assert.ok(states.every((s) => s.status === 'completed'));
  // The promotions are the metric's best at each rung's epoch, ties to the lower trial.
  const at = (s: TrialState, epoch: number) => s.epochs.find((e) => e.epoch === epoch)!.val_cross_entropy;
  const best = (pool: TrialState[], epoch: number, keep: number) =>
    [...pool].sort((a, b) => at(a, epoch) - at(b, epoch) || a.trial - b.trial).slice(0, keep).map((s) => s.trial).sort((a, b) => a - b);
  const rung1 = best(states, 1, 3);
  assert.deepEqual(states.filter((s) => s.rung >= 1).map((s) => s.trial), rung1);
  const rung2 = best(states.filter((s) => rung1.includes(s.trial)), 3, 1);
  assert.deepEqual(states.filter((s) => s.rung === 2).map((s) => s.trial), rung2);
  for (const s of states) assert.equal(s.pruned, s.rung === 2 ? 0 : 1, `trial ${s.trial}`);

  // runner sweep shows the rungs and the winner.
  const shown = ok(runCli(['sweep', '1', '--db', store.location])).stdout;
  assert.match(shown, /successive halving by val_cross_entropy \(eta 3, 1 to 9 epochs\)/);
  assert.match(shown, new RegExp(`\\n +0 +1 +9/9 +9 .*  ${rung1.join(', ')}\\n`));
  assert.match(shown, new RegExp(`\\n +2 +9 +1/1 +1 .*winner: trial ${rung2[0]}\\n`));
  assert.match(shown, /pruned at rung 0/);
  const json = JSON.parse(ok(runCli(['sweep', '1', '--db', store.location, '--json'])).stdout);
  assert.deepEqual(json.rungs.map((g: { promoted: number[] }) => g.promoted), [rung1, rung2, []]);
  assert.equal(json.trials[0].trial, rung2[0], 'the winner first');

  // The winner, planned for 9 epochs as one run: the same bits, epoch by epoch.
  const winner = json.trials[0];
  const alone = join(dir, 'alone.yaml');
  writeFileSync(
    alone,
    halvingYaml()
      .replace(/sweep_method[\s\S]*$/, '')
      .replace('learning_rate: 0.05', `learning_rate: ${winner.swept.learning_rate}`)
      .replace('units: 8', `units: ${winner.swept.units}\nepochs: 9`),
  );
  const other = await extraStore(t, store.kind);
  ok(runCli([alone, '--db', other.location]));
  const [single] = await trialStates({ ...other, query: (sql, params) => other.query(sql.replace('WHERE sweep_id = 1', 'WHERE id = 1'), params) });
  const champion = states.find((s) => s.trial === winner.trial)!;
  assert.deepEqual(single!.epochs, champion.epochs);
  assert.equal(single!.weights, champion.weights);

  // Run again: nothing to train, the same table.
  const again = ok(runCli([file, '--db', store.location, '--jobs', '2']));
  assert.match(again.stdout, /all 9 trials are complete, pruned or failed; nothing to train/);
  assert.deepEqual(await trialStates(store), states);

  // The winner stopped after its last epoch, before its score: its earlier rungs' scores
  // do not count; the next run scores epoch 9 and trains nothing.
  // So is a trial pruned in the second rung, stopped before its score at epoch 3.
  const [run] = await store.query<{ id: number }>('SELECT id FROM runs WHERE sweep_id = 1 AND trial = $1', [winner.trial]);
  const prunedLate = states.find((s) => s.rung === 1)!;
  const [late] = await store.query<{ id: number }>('SELECT id FROM runs WHERE sweep_id = 1 AND trial = $1', [prunedLate.trial]);
  await store.query('DELETE FROM evaluations WHERE run_id = $1 AND epoch = 9', [run!.id]);
  await store.query('DELETE FROM evaluations WHERE run_id = $1 AND epoch = 3', [late!.id]);
  assert.ok((await store.query('SELECT epoch FROM evaluations WHERE run_id = $1', [run!.id])).length > 0, 'its earlier rungs were scored');
  const rescored = ok(runCli([file, '--db', store.location, '--plain']));
  assert.match(rescored.stdout, new RegExp(`\\[trial ${winner.trial}\\] completed; test accuracy`));
  assert.match(rescored.stdout, new RegExp(`\\[trial ${prunedLate.trial}\\] completed; test accuracy`));
  assert.doesNotMatch(rescored.stdout, /epoch \d+\/\d+ +cross-entropy/, 'nothing trained');
  assert.deepEqual(await store.query('SELECT epoch FROM evaluations WHERE run_id = $1 AND epoch = 9', [run!.id]), [{ epoch: 9 }]);
  assert.deepEqual(await store.query('SELECT epoch FROM evaluations WHERE run_id = $1 AND epoch = 3', [late!.id]), [{ epoch: 3 }]);
  assert.deepEqual(await trialStates(store), states);
});

test('every trial failing in the first rung ends the sweep (exit 1, no winner), at once and on a rerun', () => {
  // ReLU units and an enormous learning rate: every trial's loss stops being a number in epoch 1.
  const { file, dir } = workspace({ extra: 'activation: relu' });
  writeFileSync(file, halvingYaml({ extra: 'activation: relu' }).replace('{log_uniform: [0.003, 1.0]}', '{log_uniform: [1.0e+30, 1.0e+35]}'));
  const db = join(dir, 'runs.db');
  for (const pass of [1, 2]) {
    const r = runCli([file, '--db', db, '--jobs', '2']);
    assert.equal(r.status, 1, `pass ${pass}: ${r.stdout}${r.stderr}`);
  }
  const shown = runCli(['sweep', '1', '--db', db]).stdout;
  assert.match(shown, /\n +0 +1 +9\/9 +9 +- +none\n/);
  assert.match(shown, /\n +2 +9 +0\/1 +0 +- +none \(no trial reached it\)\n/);
});

test('a trial without a figure at its rung\'s epoch (a validation loss that was not a number) has reported: it ranks last and never goes on', () => {
  const run = (trial: number, status = 'completed') => ({ trial, rung: 0, pruned: 0, status }) as unknown as RunRow;
  const runs = new Map([0, 1, 2].map((t) => [t, run(t)]));
  runs.set(3, run(3, 'failed'));
  const epoch = (trial: number, val: number | null) => ({ trial, epoch: 1, cross_entropy: 1, val_cross_entropy: val, val_accuracy: null });
  const spec = { min_epochs: 1, max_epochs: 3, eta: 2, metric: 'val_cross_entropy' };
  const [rung0] = rungViews(spec, 4, runs, [epoch(0, 0.5), epoch(1, null), epoch(2, 0.4)]);
  assert.deepEqual(rung0!.entries, [
    { trial: 0, value: 0.5, reported: true },
    { trial: 1, value: null, reported: true },
    { trial: 2, value: 0.4, reported: true },
    { trial: 3, value: null, reported: true },
  ]);
  assert.deepEqual(promoted(rung0!.entries, 'val_cross_entropy', 2), [0, 2]);
  const [waiting] = rungViews(spec, 4, runs, [epoch(0, 0.5), epoch(2, 0.4)]);
  assert.equal(waiting!.entries.find((e) => e.trial === 1)!.reported, false, 'no epoch 1 yet: not reported');
});

test('the terminal view\'s rung lines: open, promoted, the winner, and a rung nobody reached', () => {
  const spec = { min_epochs: 1, max_epochs: 3, eta: 3, metric: 'cross_entropy' };
  const run = (trial: number, rung: number, pruned: number, status = 'completed') => ({ trial, rung, pruned, status }) as unknown as RunRow;
  const epoch = (trial: number, e: number, ce: number) => ({ trial, epoch: e, cross_entropy: ce, val_cross_entropy: null, val_accuracy: null });
  const open = rungViews(spec, 2, new Map([[0, run(0, 0, 0)]]), [epoch(0, 1, 0.5)]);
  assert.deepEqual(rungLines(spec, open), ['successive halving by cross_entropy, eta 3:', '  rung 0: 1 epoch, 1/2 reported, open', '  rung 1: 3 epochs, 0/1 reported']);
  const won = rungViews(spec, 2, new Map([[0, run(0, 1, 0)], [1, run(1, 0, 1)]]), [epoch(0, 1, 0.5), epoch(1, 1, 0.7), epoch(0, 3, 0.2)]);
  assert.deepEqual(rungLines(spec, won).slice(1), ['  rung 0: 1 epoch, 2/2 reported, promoted 0', '  rung 1: 3 epochs, 1/1 reported, winner: trial 0']);
  const failed = rungViews(spec, 2, new Map([[0, run(0, 0, 1, 'failed')], [1, run(1, 0, 1, 'failed')]]), []);
  assert.deepEqual(rungLines(spec, failed).slice(1), ['  rung 0: 1 epoch, 2/2 reported, promoted none', '  rung 1: 3 epochs, 0/1 reported, nobody reached it']);
});

test('SIGKILL of a halving sweep in its second rung, then a rerun: the same final table, bit for bit', async (t) => {
  const reference = await extraStore(t, 'sqlite');
  const killed = await extraStore(t, 'sqlite');
  const { file } = workspace({ batches: 3000, side: 28 });
  const started = performance.now();
  ok(runCli([file, '--db', reference.location, '--jobs', '2']));
  t.diagnostic(`uninterrupted: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const expected = await trialStates(reference);

  const child = spawn(process.execPath, [RUNNER, file, '--db', killed.location, '--jobs', '2', '--plain'], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let inRung2 = false;
  for (let i = 0; i < 3000 && !inRung2; i++) {
    await sleep(10);
    if (!existsSync(killed.location)) continue;
    try {
      // A promoted trial has begun its second rung: an epoch past the first is stored.
      inRung2 = (await killed.query<{ n: number }>('SELECT count(*) AS n FROM epochs WHERE epoch >= 2'))[0]!.n > 0;
    } catch {
      // the file is being created
    }
  }
  assert.ok(inRung2, 'the sweep reached its second rung');
  child.kill('SIGKILL');
  await exited;
  const midway = await trialStates(killed);
  // Killed after the first rung was decided, with a promoted trial short of its rung's epochs.
  assert.ok(midway.some((s) => s.rung >= 1 && s.epochs.length < [1, 3, 9][s.rung]!), `killed mid-rung: ${JSON.stringify(midway.map((s) => [s.trial, s.rung, s.epochs.length]))}`);
  // Its workers see the sweep gone and stop after their batch; wait for them to let go.
  await sleep(1500);
  const rerun = runCli([file, '--db', killed.location, '--jobs', '2']);
  assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
  assert.deepEqual(await trialStates(killed), expected);
});

forEachStore('two processes on one halving sweep: the same table as one, and no trial epoch trained twice', async (store, t) => {
  const { file } = workspace({ batches: 100 });
  const reference = await extraStore(t, store.kind);
  ok(runCli([file, '--db', reference.location, '--jobs', '1']));
  const expected = await trialStates(reference);

  const start = () => {
    const child = spawn(process.execPath, [RUNNER, file, '--db', store.location, '--jobs', '1', '--json'], { cwd: ROOT, env: { ...process.env, RUNNER_DB: undefined } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    return new Promise<{ code: number | null; out: string }>((resolve) => child.on('close', (code) => resolve({ code, out })));
  };
  // Both find or create the one sweep; the second starts a moment later.
  const first = start();
  await sleep(300);
  const second = start();
  const results = await Promise.all([first, second]);
  for (const r of results) assert.equal(r.code, 0, r.out);
  assert.deepEqual(await trialStates(store), expected);
  // Every (trial, epoch) trained once, by one process or the other.
  const trained = results.flatMap((r) =>
    r.out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { event: string; trial?: number; epoch?: number })
      .filter((e) => e.event === 'epoch')
      .map((e) => `${e.trial}:${e.epoch}`),
  );
  assert.equal(new Set(trained).size, trained.length, `an epoch trained twice: ${trained.sort().join(' ')}`);
  assert.equal(trained.length, expected.reduce((n, s) => n + s.epochs.length, 0));
});

test('a bad halving block: one line at its line:col, exit 2, nothing written', () => {
  const cases: [Parameters<typeof halvingYaml>[0], RegExp][] = [
    [{ halving: '{min_epochs: 1, max_epochs: 9, metric: test_accuracy}' }, /h\.yaml:19:\d+: halving\.metric test_accuracy would choose on the test images/],
    [{ halving: '{min_epochs: 1, max_epochs: 9, metric: accuracy}' }, /h\.yaml:19:\d+: halving\.metric must be one of val_cross_entropy, val_accuracy, cross_entropy \(got "accuracy"\)/],
    [{ halving: '{min_epochs: 5, max_epochs: 3}' }, /h\.yaml:19:\d+: halving\.min_epochs must be <= halving\.max_epochs \(got 5 > 3\)/],
    [{ halving: '{min_epochs: 1, max_epochs: 9, eta: 1}' }, /h\.yaml:19:\d+: halving\.eta must be >= 2/],
    [{ halving: '{min_epochs: 1}' }, /h\.yaml:19:\d+: missing required key "halving\.max_epochs"/],
    [{ extra: 'epochs: 4' }, /h\.yaml:20:\d+: epochs must be halving\.max_epochs \(9\) in a halving sweep, or left out \(got 4\)/],
  ];
  for (const [options, message] of cases) {
    const { dir, file } = workspace(options);
    const db = join(dir, 'runs.db');
    const r = runCli([file, '--db', db]);
    assertInputError(r, message, String(message));
    assert.equal(existsSync(db), false);
  }
  // Ranking by validation needs held-out images; halving needs trials to choose among.
  const noValidation = workspace();
  writeFileSync(noValidation.file, halvingYaml().replace('  validation: 80\n', ''));
  const r1 = runCli([noValidation.file, '--db', join(noValidation.dir, 'runs.db')]);
  assertInputError(r1, /h\.yaml:18:\d+: halving\.metric val_cross_entropy needs held-out images: set data\.validation/);
  const noSweep = workspace();
  writeFileSync(noSweep.file, halvingYaml().replace(/sweep_method[\s\S]*?halving/, 'halving'));
  const r2 = runCli([noSweep.file, '--db', join(noSweep.dir, 'runs.db')]);
  assertInputError(r2, /h\.yaml:14:1: halving chooses among a sweep's trials/);
});

forEachStore('a random search given more trials goes on in the same sweep: the first trials are kept, only the new ones train', async (store) => {
  const { file } = workspace();
  const search = (n: number) => halvingYaml().replace(/halving: .*\n/, '').replace('trials: 9', `trials: ${n}`).replace('batches_per_epoch: 30', 'batches_per_epoch: 5\nepochs: 1');
  writeFileSync(file, search(2));
  ok(runCli([file, '--db', store.location]));
  const before = await store.query('SELECT id, trial, swept_json FROM runs ORDER BY trial');
  writeFileSync(file, search(3));
  const r = ok(runCli([file, '--db', store.location, '--plain']));
  assert.match(r.stdout, /sweep 1: .*3 trials/);
  assert.match(r.stdout, /1 to train \(2 done already\)/);
  const after = await store.query('SELECT id, trial, swept_json FROM runs ORDER BY trial');
  assert.deepEqual(after.slice(0, 2), before);
  assert.equal(after.length, 3);
});
