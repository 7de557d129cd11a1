/**
 * Exact resume and crash safety: a run killed at any moment, or stopped with a signal,
 * then resumed, ends bit-identical to one that was never interrupted. Real processes,
 * real signals, real SQLite files; small IDX data so it is quick.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SCHEMA_VERSION } from '../src/store/db.js';
import Database from 'better-sqlite3';
import { Rng } from '../src/nn/prng.js';
import { idxBytes, runCli, sleep, smallExperimentYaml, startCli, tempDir, writeIdxSet, type CliResult } from './helpers.js';

const EPOCHS = 5;

/** A temp dir with 28×28 IDX files and an experiment whose epochs take a few hundred ms. */
function workspace(extra: { units?: number; batches?: number } = {}) {
  const dir = tempDir('runner-resume-');
  writeIdxSet(dir, { count: 1000, rows: 28, cols: 28 });
  const file = join(dir, 'r.yaml');
  writeFileSync(
    file,
    smallExperimentYaml()
      .replace('units: 8', `units: ${extra.units ?? 16}`)
      .replace('batch_size: 10', `batch_size: 20\nbatches_per_epoch: ${extra.batches ?? 400}`)
      .replace('epochs: 3', `epochs: ${EPOCHS}`),
  );
  return { dir, file };
}

/** What must be identical between runs: every epoch's loss, and every checkpoint's bytes. */
function dump(db: string, runId = 1) {
  const sql = new Database(db, { readonly: true });
  const epochs = sql.prepare('SELECT epoch, cross_entropy FROM epochs WHERE run_id = ? ORDER BY epoch').all(runId);
  const weights = sql
    .prepare('SELECT epoch, name, shape, hex(data) AS data FROM weights WHERE run_id = ? ORDER BY epoch, name')
    .all(runId);
  const rng = sql.prepare('SELECT epoch, hex(rng_state) AS s FROM checkpoints WHERE run_id = ? ORDER BY epoch').all(runId);
  sql.close();
  return { epochs, weights, rng };
}

function query<T>(db: string, sqlText: string, ...params: unknown[]): T {
  const sql = new Database(db, { readonly: true });
  try {
    return sql.prepare(sqlText).get(...params) as T;
  } finally {
    sql.close();
  }
}

/** After a kill: the file is sound, and epochs, weights and checkpoints agree exactly. */
function assertConsistent(db: string) {
  const sql = new Database(db);
  assert.equal(sql.pragma('integrity_check', { simple: true }), 'ok');
  const epochs = (sql.prepare('SELECT count(*) AS n FROM epochs').get() as { n: number }).n;
  const checkpoints = (sql.prepare('SELECT count(*) AS n FROM checkpoints').get() as { n: number }).n;
  const weights = (sql.prepare('SELECT count(*) AS n FROM weights').get() as { n: number }).n;
  sql.close();
  assert.equal(checkpoints, epochs + 1, 'a checkpoint per epoch, plus the initial one');
  assert.equal(weights, 4 * checkpoints, 'four tensors per checkpoint');
  return epochs;
}

function assertExit(r: CliResult, code: number, stderr: string | RegExp) {
  assert.equal(r.status, code, `exit code; stdout ${r.stdout} stderr ${r.stderr}`);
  if (typeof stderr === 'string') assert.equal(r.stderr, stderr);
  else assert.match(r.stderr, stderr);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

test('one thread or two: the same losses, weights and PRNG states, bit for bit', () => {
  const { dir, file } = workspace({ units: 37, batches: 60 }); // 37 units: the kernels' remainder paths too
  const dumps = ['1', '2'].map((threads) => {
    const db = join(dir, `threads-${threads}.db`);
    const r = runCli([file, '--db', db], { env: { RUNNER_THREADS: threads } });
    assert.equal(r.status, 0, r.stderr);
    return dump(db);
  });
  assert.equal(dumps[0]!.epochs.length, EPOCHS);
  assert.deepEqual(dumps[1], dumps[0]);
});

test('SIGKILL at any moment, then resume: bit-identical to an uninterrupted run', async () => {
  const { dir, file } = workspace();
  const reference = join(dir, 'reference.db');
  const started = performance.now();
  assert.equal(runCli([file, '--db', reference]).status, 0);
  // Kill moments scale with how long a run takes on this machine (process start included).
  const runMs = performance.now() - started;
  const expected = dump(reference);
  assert.equal(expected.epochs.length, EPOCHS);

  // Kill points: right after an epoch's line (between epochs), during the next epoch, and
  // at random moments of the run. The seed is printed so a failure can be replayed.
  const seed = Date.now() % 100_000;
  const rng = Rng.fromSeed(seed);
  const plans: { name: string; after: RegExp; delayMs: number }[] = [
    { name: 'before the first epoch', after: /^run 1:/m, delayMs: 0 },
    { name: 'between epochs', after: /^epoch 1\//m, delayMs: 0 },
    { name: 'mid-epoch', after: /^epoch 2\//m, delayMs: runMs / EPOCHS / 3 },
    ...[0, 1, 2].map((k) => ({ name: `random ${k} (seed ${seed})`, after: /^run 1:/m, delayMs: rng.nextInt(Math.max(1, Math.floor(runMs * 0.8))) })),
  ];
  let landed = 0;
  for (const plan of plans) {
    const db = join(dir, `killed-${plans.indexOf(plan)}.db`);
    const live = startCli([file, '--db', db]);
    await live.waitFor(plan.after);
    await sleep(plan.delayMs);
    live.child.kill('SIGKILL');
    const { signal } = await live.exited;
    const done = assertConsistent(db);
    const { status } = query<{ status: string }>(db, 'SELECT status FROM runs');
    if (signal !== 'SIGKILL' || status === 'completed') {
      // The run finished (or marked itself completed just before the kill landed): nothing
      // to resume, but it must be whole.
      assert.equal(done, EPOCHS, plan.name);
      assert.equal(status, 'completed', plan.name);
      continue;
    }
    assert.equal(status, 'running', plan.name);
    landed++;
    const resumed = runCli(['resume', '1', '--db', db]);
    assert.equal(resumed.status, 0, `${plan.name}: ${resumed.stderr}`);
    assert.match(resumed.stdout, new RegExp(`^run 1: small -> .* \\(resumed after epoch ${done}/${EPOCHS}\\)$`, 'm'));
    assert.deepEqual(dump(db), expected, plan.name);
    assert.equal(query<{ status: string }>(db, 'SELECT status FROM runs').status, 'completed');
  }
  assert.ok(landed >= 3, `only ${landed} of ${plans.length} kills landed before the run ended`);
});

test('SIGKILL during commits (large weights), then resume: still exact and sound', async () => {
  // 784×512 weights make each epoch's commit ~1.6 MB: with few batches per epoch, much of
  // the run is spent writing, so random kills land in or near a transaction.
  const { dir, file } = workspace({ units: 512, batches: 4 });
  const reference = join(dir, 'reference.db');
  assert.equal(runCli([file, '--db', reference]).status, 0);
  const expected = dump(reference);
  const seed = Date.now() % 100_000;
  const rng = Rng.fromSeed(seed);
  for (let k = 0; k < 4; k++) {
    const db = join(dir, `killed-${k}.db`);
    const live = startCli([file, '--db', db]);
    await live.waitFor(/^run 1:/m);
    await sleep(rng.nextInt(250));
    live.child.kill('SIGKILL');
    const { signal } = await live.exited;
    assertConsistent(db);
    if (signal === 'SIGKILL') assert.equal(runCli(['resume', '1', '--db', db]).status, 0);
    assert.deepEqual(dump(db), expected, `kill ${k} (seed ${seed})`);
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} stops at a batch boundary: interrupted, exit 130, the resume hint, then an exact resume`, async () => {
    const { dir, file } = workspace();
    const reference = join(dir, 'reference.db');
    assert.equal(runCli([file, '--db', reference]).status, 0);
    const db = join(dir, 'stopped.db');
    const live = startCli([file, '--db', db]);
    await live.waitFor(/^epoch 1\//m);
    live.child.kill(signal);
    const r = await live.exited;
    assert.equal(r.code, 130, r.stderr);
    const stopped = /^stopped after epoch (\d)\/5; resume with: runner resume 1 --db (.+)$/m.exec(r.stdout);
    assert.ok(stopped, r.stdout);
    assert.equal(stopped[2], db);
    const run = query<{ status: string; finished_at: string | null }>(db, 'SELECT status, finished_at FROM runs');
    assert.equal(run.status, 'interrupted');
    assert.equal(assertConsistent(db), Number(stopped[1]));

    assert.equal(runCli(['resume', '1', '--db', db]).status, 0);
    assert.deepEqual(dump(db), dump(reference));
  });
}

test('a run still being trained is not resumed; one whose pid was reused is', async () => {
  const { dir, file } = workspace({ batches: 2000 });
  const db = join(dir, 'live.db');
  const live = startCli([file, '--db', db]);
  await live.waitFor(/^run 1:/m);
  await sleep(200);
  assertExit(runCli(['resume', '1', '--db', db]), 2, `run 1 is being trained by pid ${live.child.pid} on ${hostname()}; stop that process first\n`);
  live.child.kill('SIGKILL');
  await live.exited;

  // A live pid that is not the recorded process (another start time): the run is orphaned.
  const sql = new Database(db);
  sql.prepare('UPDATE runs SET pid = ?, process_start = ?').run(process.pid, '1');
  sql.close();
  const done = query<{ n: number }>(db, 'SELECT count(*) AS n FROM epochs').n;
  const r = runCli(['resume', '1', '--db', db, '--epochs', String(done + 1)]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`resumed after epoch ${done}/${done + 1}`));
});

test('a completed run says so; --epochs extends it on the same random stream', () => {
  const { dir, file } = workspace({ batches: 100 });
  const db = join(dir, 'runs.db');
  assert.equal(runCli([file, '--db', db, '--set', 'epochs=3']).status, 0);
  const complete = runCli(['resume', '1', '--db', db]);
  assert.equal(complete.status, 0);
  assert.equal(complete.stdout, 'run 1 is complete (3/3 epochs); to train further: runner resume 1 --epochs 13\n');

  const extended = runCli(['resume', '1', '--db', db, '--epochs', '5']);
  assert.equal(extended.status, 0, extended.stderr);
  assert.match(extended.stdout, /^epoch 5\/5 /m);
  const straight = join(dir, 'straight.db');
  assert.equal(runCli([file, '--db', straight, '--set', 'epochs=5']).status, 0);
  assert.deepEqual(dump(db), dump(straight));
  const run = query<{ epochs: number; status: string }>(db, 'SELECT epochs, status FROM runs');
  assert.deepEqual({ ...run }, { epochs: 5, status: 'completed' });
  const log = query<{ from_epoch: number; epochs: number }>(db, 'SELECT from_epoch, epochs FROM resumes');
  assert.deepEqual({ ...log }, { from_epoch: 3, epochs: 5 });

  assertExit(runCli(['resume', '1', '--db', db, '--epochs', '4']), 2, 'run 1 already has 5 epochs; --epochs must be at least that\n');
});

test('four runners train into one fresh database at once', async () => {
  const { dir, file } = workspace({ batches: 150 });
  const db = join(dir, 'shared.db');
  const runs = [1, 2, 3, 4].map((seed) => startCli([file, '--db', db, '--set', `seed=${seed}`]));
  const results = await Promise.all(runs.map((r) => r.exited));
  for (const r of results) {
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /locked|busy/i);
  }
  const sql = new Database(db, { readonly: true });
  assert.equal(sql.pragma('integrity_check', { simple: true }), 'ok');
  const rows = sql.prepare("SELECT seed, status, (SELECT count(*) FROM epochs WHERE run_id = runs.id) AS n FROM runs ORDER BY seed").all();
  sql.close();
  assert.deepEqual(rows, [1, 2, 3, 4].map((seed) => ({ seed, status: 'completed', n: EPOCHS })));
});

test('resume refuses bad input with exit 2 and leaves the files as they were', () => {
  const { dir, file } = workspace({ batches: 50 });
  const db = join(dir, 'runs.db');
  assert.equal(runCli([file, '--db', db, '--set', 'epochs=1']).status, 0);
  const sql = new Database(db);
  sql.prepare("UPDATE runs SET status = 'interrupted', epochs = 3").run(); // as if stopped after 1 of 3
  sql.pragma('wal_checkpoint(TRUNCATE)');
  sql.close();
  const before = readFileSync(db);
  const untouched = (what: string) => assert.ok(readFileSync(db).equals(before), `db untouched: ${what}`);

  assertExit(runCli(['resume', '9', '--db', db]), 2, `no run 9 in ${db}\n`);
  untouched('unknown id');
  assertExit(runCli(['resume', 'seven', '--db', db]), 2, 'runner resume: "seven" is not a run id\n');
  assertExit(runCli(['resume', '1', '--db', join(dir, 'nowhere.db')]), 2, `${join(dir, 'nowhere.db')}: no run database here (give --db PATH)\n`);
  // No id, and no terminal: the list of resumable runs, and exit 2.
  assertExit(
    runCli(['resume', '--db', db]),
    2,
    new RegExp(
      `^runner resume: which run\\? give its id, e\\.g\\. runner resume 1\\. Resumable runs in ${db}:\n` +
        ' {3}1 {2}small {2}1/3 epochs {2}cross-entropy \\d\\.\\d{6} {2}interrupted\n$',
    ),
  );
  untouched('resume without an id');

  // A data file that changed since the run recorded it.
  const labels = join(dir, 'train-labels');
  const original = readFileSync(labels);
  writeFileSync(labels, idxBytes([1000], new Uint8Array(1000).fill(3)));
  assertExit(
    runCli(['resume', '1', '--db', db]),
    2,
    new RegExp(`^${labels}: changed since run 1 recorded it \\(SHA-256 [0-9a-f]{12}…, recorded [0-9a-f]{12}…\\)\nrefusing to resume run 1 on different data; --force resumes anyway and records it\n$`),
  );
  untouched('changed data');
  const forced = runCli(['resume', '1', '--db', db, '--force', '--epochs', '2']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stderr, /^warning: .*train-labels changed since run 1 recorded it; resuming anyway \(--force\)$/m);
  assert.equal(query<{ data_changed: string }>(db, 'SELECT data_changed FROM resumes').data_changed, '["train_labels"]');
  writeFileSync(labels, original);

  // A checkpoint whose PRNG state is unusable (all zeros would draw the same image forever).
  const zero = new Database(db);
  const saved = zero.prepare('SELECT rng_state FROM checkpoints WHERE epoch = 2').get() as { rng_state: Buffer };
  zero.prepare("UPDATE runs SET status = 'interrupted', epochs = 3").run();
  zero.prepare('UPDATE checkpoints SET rng_state = zeroblob(16) WHERE epoch = 2').run();
  zero.close();
  assertExit(
    runCli(['resume', '1', '--db', db]),
    2,
    'run 1: checkpoint 2 has an unusable PRNG state (PRNG state is all zeros)\n',
  );
  const restore = new Database(db);
  restore.prepare('UPDATE checkpoints SET rng_state = ? WHERE epoch = 2').run(saved.rng_state);
  restore.close();

  // A stored config that no longer validates.
  const edit = new Database(db);
  edit.prepare("UPDATE runs SET status = 'interrupted', config_json = json_set(config_json, '$.learning_rate', -1)").run();
  edit.pragma('wal_checkpoint(TRUNCATE)');
  edit.close();
  const tampered = readFileSync(db);
  assertExit(runCli(['resume', '1', '--db', db]), 2, "run 1's stored config: learning_rate must be > 0 (got -1)\n");
  assert.ok(readFileSync(db).equals(tampered));

  // Not SQLite, and a newer schema: refused, bytes unchanged.
  const notDb = join(dir, 'notes.db');
  writeFileSync(notDb, 'not a database at all\n'.repeat(20));
  assertExit(runCli(['resume', '1', '--db', notDb]), 2, `${notDb}: not a SQLite database; give another --db path\n`);
  assert.equal(readFileSync(notDb, 'utf8'), 'not a database at all\n'.repeat(20));
  const newer = new Database(db);
  newer.pragma('user_version = 99');
  newer.pragma('wal_checkpoint(TRUNCATE)');
  newer.close();
  const newerBytes = readFileSync(db);
  assertExit(
    runCli(['resume', '1', '--db', db]),
    2,
    `${db}: written by a newer runner (schema version 99; this one knows up to ${SCHEMA_VERSION}); upgrade runner\n`,
  );
  assert.ok(readFileSync(db).equals(newerBytes));
  assertExit(runCli([file, '--db', db]), 2, /written by a newer runner/);
  assert.ok(readFileSync(db).equals(newerBytes));
});
