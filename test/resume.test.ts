/**
 * Exact resume and crash safety: a run killed at any moment, or stopped with a signal,
 * then resumed, ends bit-identical to one that was never interrupted. Real processes,
 * real signals, real stores (a SQLite file, a PostgreSQL database); small IDX data so it
 * is quick.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SCHEMA_VERSION } from '../src/store/db.js';
import { PG_SCHEMA_VERSION } from '../src/store/pg-schema.js';
import { Rng } from '../src/nn/prng.js';
import { idxBytes, runCli, sleep, smallExperimentYaml, startCli, tempDir, writeIdxSet, type CliResult } from './helpers.js';
import { forEachStore, hexOf, type TestStore, extraStore, snapshot } from './stores.js';

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
async function dump(store: TestStore, runId = 1) {
  const epochs = await store.query('SELECT epoch, cross_entropy FROM epochs WHERE run_id = $1 ORDER BY epoch', [runId]);
  const weights = (
    await store.query<{ epoch: number; name: string; shape: string; data: Buffer }>(
      'SELECT epoch, name, shape, data FROM weights WHERE run_id = $1 ORDER BY epoch, name',
      [runId],
    )
  ).map((w) => ({ ...w, data: hexOf(w.data) }));
  const rng = (
    await store.query<{ epoch: number; s: Buffer }>('SELECT epoch, rng_state AS s FROM checkpoints WHERE run_id = $1 ORDER BY epoch', [runId])
  ).map((c) => ({ ...c, s: hexOf(c.s) }));
  return { epochs, weights, rng };
}

/** The first row of a query (the tests here read one-run stores). */
async function row<T>(store: TestStore, sql: string, params: unknown[] = []): Promise<T> {
  const rows = await store.query<T>(sql, params);
  assert.ok(rows.length > 0, `no row for ${sql}`);
  return rows[0]!;
}

/**
 * After a SIGKILL, waits until the server has ended the killed runner's sessions: a COMMIT
 * it had sent just before dying is then in or out for good, so what the test reads next
 * is what a resume will find. (A SQLite file is final the moment the process is gone.)
 */
async function settled(store: TestStore): Promise<void> {
  if (store.kind !== 'postgresql') return;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { n } = await row<{ n: number }>(
      store,
      `SELECT count(*) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
    );
    if (n === 0) return;
    assert.ok(Date.now() < deadline, `the killed runner's ${n} session(s) still open after 10 s`);
    await sleep(5);
  }
}

/** After a kill: the store is sound, and epochs, weights and checkpoints agree exactly. */
async function assertConsistent(store: TestStore) {
  await settled(store);
  if (store.kind === 'sqlite') assert.deepEqual(await store.query('PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
  const count = async (table: string) => (await row<{ n: number }>(store, `SELECT count(*) AS n FROM ${table}`)).n;
  const epochs = await count('epochs');
  const checkpoints = await count('checkpoints');
  const weights = await count('weights');
  assert.equal(checkpoints, epochs + 1, 'a checkpoint per epoch, plus the initial one');
  assert.equal(weights, 4 * checkpoints, 'four tensors per checkpoint');
  return epochs;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function assertExit(r: CliResult, code: number, stderr: string | RegExp) {
  assert.equal(r.status, code, `exit code; stdout ${r.stdout} stderr ${r.stderr}`);
  if (typeof stderr === 'string') assert.equal(r.stderr, stderr);
  else assert.match(r.stderr, stderr);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

forEachStore('one thread or two: the same losses, weights and PRNG states, bit for bit', async (store, t) => {
  const { file } = workspace({ units: 37, batches: 60 }); // 37 units: the kernels' remainder paths too
  const stores = [store, await extraStore(t, store.kind)];
  const dumps = [];
  for (const [k, s] of stores.entries()) {
    const r = runCli([file, '--db', s.location], { env: { RUNNER_THREADS: String(k + 1) } });
    assert.equal(r.status, 0, r.stderr);
    dumps.push(await dump(s));
  }
  assert.equal(dumps[0]!.epochs.length, EPOCHS);
  assert.deepEqual(dumps[1], dumps[0]);
});

forEachStore('SIGKILL at any moment, then resume: bit-identical to an uninterrupted run', async (reference, t) => {
  const { file } = workspace();
  assert.equal(runCli([file, '--db', reference.location]).status, 0);
  const expected = await dump(reference);
  assert.equal(expected.epochs.length, EPOCHS);

  // Kill points: right after an epoch's line (between epochs), during the next epoch, and
  // at random moments of the run; the seed is printed so a failure can be replayed. The
  // moments scale with an epoch's training time, not the whole run's (mostly process
  // start). Under load (other test files in parallel) runs slow down unevenly, several
  // times over: mid-epoch is timed by the killed run's own epoch line, the random moments
  // by the reference run's quickest epoch.
  const { epochMs } = await row<{ epochMs: number }>(reference, 'SELECT 1000 * min(seconds) AS "epochMs" FROM epochs');
  const ownEpochMs = (stdout: string, epoch: number) =>
    1000 * Number(new RegExp(`^epoch ${epoch}/${EPOCHS} .* (\\d+\\.\\d+)s$`, 'm').exec(stdout)![1]);
  const seed = Date.now() % 100_000;
  const rng = Rng.fromSeed(seed);
  const plans: { name: string; after: RegExp; delayMs: (stdout: string) => number }[] = [
    { name: 'before the first epoch', after: /^run 1:/m, delayMs: () => 0 },
    { name: 'between epochs', after: /^epoch 1\//m, delayMs: () => 0 },
    { name: 'mid-epoch', after: /^epoch 2\//m, delayMs: (stdout) => ownEpochMs(stdout, 2) / 3 },
    ...[0, 1, 2].map((k) => {
      const delayMs = rng.nextInt(Math.max(1, Math.floor(EPOCHS * epochMs * 0.8)));
      return { name: `random ${k} (seed ${seed})`, after: /^run 1:/m, delayMs: () => delayMs };
    }),
  ];
  let landed = 0;
  for (const plan of plans) {
    const store = await extraStore(t, reference.kind);
    const live = startCli([file, '--db', store.location]);
    await live.waitFor(plan.after);
    const delayMs = plan.delayMs(live.stdout());
    await sleep(delayMs);
    live.child.kill('SIGKILL');
    const { signal } = await live.exited;
    const done = await assertConsistent(store);
    const { status } = await row<{ status: string }>(store, 'SELECT status FROM runs');
    if (signal !== 'SIGKILL' || status === 'completed') {
      // The run finished (or marked itself completed just before the kill landed): nothing
      // to resume, but it must be whole.
      assert.equal(done, EPOCHS, plan.name);
      assert.equal(status, 'completed', plan.name);
      continue;
    }
    assert.equal(status, 'running', plan.name);
    landed++;
    const resumed = runCli(['resume', '1', '--db', store.location]);
    assert.equal(resumed.status, 0, `${plan.name}: ${resumed.stderr}`);
    if (done === EPOCHS) {
      // Killed between committing its last epoch and marking itself completed: resume marks it.
      assert.equal(resumed.stdout, `run 1 is complete (${EPOCHS}/${EPOCHS} epochs); to train further: runner resume 1 --epochs ${EPOCHS + 10}\n`, plan.name);
    } else {
      assert.match(resumed.stdout, new RegExp(`^run 1: small -> ${escape(store.location)} \\(resumed after epoch ${done}/${EPOCHS}\\)$`, 'm'));
    }
    assert.deepEqual(await dump(store), expected, plan.name);
    assert.equal((await row<{ status: string }>(store, 'SELECT status FROM runs')).status, 'completed');
  }
  assert.ok(landed >= 3, `only ${landed} of ${plans.length} kills landed before the run ended`);
});

forEachStore('SIGKILL during commits (large weights), then resume: still exact and sound', async (reference, t) => {
  // 784×512 weights make each epoch's commit ~1.6 MB: with few batches per epoch, much of
  // the run is spent writing, so random kills land in or near a transaction.
  const { file } = workspace({ units: 512, batches: 4 });
  assert.equal(runCli([file, '--db', reference.location]).status, 0);
  const expected = await dump(reference);
  const seed = Date.now() % 100_000;
  const rng = Rng.fromSeed(seed);
  for (let k = 0; k < 4; k++) {
    const store = await extraStore(t, reference.kind);
    const live = startCli([file, '--db', store.location]);
    await live.waitFor(/^run 1:/m);
    await sleep(rng.nextInt(250));
    live.child.kill('SIGKILL');
    const { signal } = await live.exited;
    await assertConsistent(store);
    if (signal === 'SIGKILL') assert.equal(runCli(['resume', '1', '--db', store.location]).status, 0);
    assert.deepEqual(await dump(store), expected, `kill ${k} (seed ${seed})`);
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  forEachStore(`${signal} stops at a batch boundary: interrupted, exit 130, the resume hint, then an exact resume`, async (store, t) => {
    const { file } = workspace();
    const reference = await extraStore(t, store.kind);
    assert.equal(runCli([file, '--db', reference.location]).status, 0);
    const live = startCli([file, '--db', store.location]);
    await live.waitFor(/^epoch 1\//m);
    live.child.kill(signal);
    const r = await live.exited;
    assert.equal(r.code, 130, r.stderr);
    const stopped = /^stopped after epoch (\d)\/5; resume with: runner resume 1 --db (.+)$/m.exec(r.stdout);
    assert.ok(stopped, r.stdout);
    assert.equal(stopped[2], store.location);
    const run = await row<{ status: string; finished_at: string | null }>(store, 'SELECT status, finished_at FROM runs');
    assert.equal(run.status, 'interrupted');
    assert.equal(await assertConsistent(store), Number(stopped[1]));

    assert.equal(runCli(['resume', '1', '--db', store.location]).status, 0);
    assert.deepEqual(await dump(store), await dump(reference));
  });
}

forEachStore('a run still being trained is not resumed; one whose pid was reused is', async (store) => {
  const { file } = workspace({ batches: 2000 });
  const live = startCli([file, '--db', store.location]);
  await live.waitFor(/^run 1:/m);
  await sleep(200);
  assertExit(runCli(['resume', '1', '--db', store.location]), 2, `run 1 is being trained by pid ${live.child.pid} on ${hostname()}; stop that process first\n`);
  live.child.kill('SIGKILL');
  await live.exited;
  await settled(store);

  // A live pid that is not the recorded process (another start time): the run is orphaned.
  await store.query('UPDATE runs SET pid = $1, process_start = $2', [process.pid, '1']);
  const done = (await row<{ n: number }>(store, 'SELECT count(*) AS n FROM epochs')).n;
  const r = runCli(['resume', '1', '--db', store.location, '--epochs', String(done + 1)]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`resumed after epoch ${done}/${done + 1}`));
});

forEachStore('a completed run says so; --epochs extends it on the same random stream', async (store, t) => {
  const { file } = workspace({ batches: 100 });
  const db = store.location;
  assert.equal(runCli([file, '--db', db, '--set', 'epochs=3']).status, 0);
  const complete = runCli(['resume', '1', '--db', db]);
  assert.equal(complete.status, 0);
  assert.equal(complete.stdout, 'run 1 is complete (3/3 epochs); to train further: runner resume 1 --epochs 13\n');

  const extended = runCli(['resume', '1', '--db', db, '--epochs', '5']);
  assert.equal(extended.status, 0, extended.stderr);
  assert.match(extended.stdout, /^epoch 5\/5 /m);
  const straight = await extraStore(t, store.kind);
  assert.equal(runCli([file, '--db', straight.location, '--set', 'epochs=5']).status, 0);
  assert.deepEqual(await dump(store), await dump(straight));
  assert.deepEqual(await store.query('SELECT epochs, status FROM runs'), [{ epochs: 5, status: 'completed' }]);
  assert.deepEqual(await store.query('SELECT from_epoch, epochs FROM resumes'), [{ from_epoch: 3, epochs: 5 }]);

  assertExit(runCli(['resume', '1', '--db', db, '--epochs', '4']), 2, 'run 1 already has 5 epochs; --epochs must be at least that\n');
});

forEachStore('four runners train into one fresh database at once', async (store) => {
  const { file } = workspace({ batches: 150 });
  const runs = [1, 2, 3, 4].map((seed) => startCli([file, '--db', store.location, '--set', `seed=${seed}`]));
  const results = await Promise.all(runs.map((r) => r.exited));
  for (const r of results) {
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /locked|busy/i);
  }
  if (store.kind === 'sqlite') assert.deepEqual(await store.query('PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
  const rows = await store.query('SELECT seed, status, (SELECT count(*) FROM epochs WHERE run_id = runs.id) AS n FROM runs ORDER BY seed');
  assert.deepEqual(rows, [1, 2, 3, 4].map((seed) => ({ seed, status: 'completed', n: EPOCHS })));
});

forEachStore('resume refuses bad input with exit 2 and leaves the store as it was', async (store, t) => {
  const { dir, file } = workspace({ batches: 50 });
  const db = store.location;
  assert.equal(runCli([file, '--db', db, '--set', 'epochs=1']).status, 0);
  await store.query("UPDATE runs SET status = 'interrupted', epochs = 3"); // as if stopped after 1 of 3
  const before = await snapshot(store);
  const untouched = async (what: string) => assert.equal(await snapshot(store), before, `store untouched: ${what}`);

  assertExit(runCli(['resume', '9', '--db', db]), 2, `no run 9 in ${db}\n`);
  await untouched('unknown id');
  assertExit(runCli(['resume', 'seven', '--db', db]), 2, 'runner resume: "seven" is not a run id\n');
  if (store.kind === 'sqlite') {
    const nowhere = join(dir, 'nowhere.db');
    assertExit(runCli(['resume', '1', '--db', nowhere]), 2, `${nowhere}: no run database here (give --db PATH)\n`);
  } else {
    // No such database on the server, and one without the runner's tables (left without them).
    const nowhere = `${db}_nowhere`;
    const name = nowhere.slice(nowhere.lastIndexOf('/') + 1);
    assertExit(
      runCli(['resume', '1', '--db', nowhere]),
      2,
      `${nowhere}: no database "${name}" on the server (create it with createdb ${name})\n`,
    );
    const empty = await extraStore(t, 'postgresql');
    assertExit(runCli(['resume', '1', '--db', empty.location]), 2, `${empty.location}: no runs here yet (this database has no runner tables)\n`);
    assert.deepEqual(await empty.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"), []);
  }
  // No id, and no terminal: the list of resumable runs, and exit 2.
  assertExit(
    runCli(['resume', '--db', db]),
    2,
    new RegExp(
      `^runner resume: which run\\? give its id, e\\.g\\. runner resume 1\\. Resumable runs in ${escape(db)}:\n` +
        ' {3}1 {2}small {2}1/3 epochs {2}cross-entropy \\d\\.\\d{6} {2}interrupted\n$',
    ),
  );
  await untouched('resume without an id');

  // A data file that changed since the run recorded it.
  const labels = join(dir, 'train-labels');
  const original = readFileSync(labels);
  writeFileSync(labels, idxBytes([1000], new Uint8Array(1000).fill(3)));
  assertExit(
    runCli(['resume', '1', '--db', db]),
    2,
    new RegExp(`^${labels}: changed since run 1 recorded it \\(SHA-256 [0-9a-f]{12}…, recorded [0-9a-f]{12}…\\)\nrefusing to resume run 1 on different data; --force resumes anyway and records it\n$`),
  );
  await untouched('changed data');
  const forced = runCli(['resume', '1', '--db', db, '--force', '--epochs', '2']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stderr, /^warning: .*train-labels changed since run 1 recorded it; resuming anyway \(--force\)$/m);
  assert.deepEqual(await store.query('SELECT data_changed FROM resumes'), [{ data_changed: '["train_labels"]' }]);
  writeFileSync(labels, original);

  // A checkpoint whose PRNG state is unusable (all zeros would draw the same image forever).
  const { rng_state: saved } = await row<{ rng_state: Buffer }>(store, 'SELECT rng_state FROM checkpoints WHERE epoch = 2');
  await store.query("UPDATE runs SET status = 'interrupted', epochs = 3");
  const zeros = store.kind === 'sqlite' ? 'zeroblob(16)' : "decode(repeat('00', 16), 'hex')";
  await store.query(`UPDATE checkpoints SET rng_state = ${zeros} WHERE epoch = 2`);
  assertExit(
    runCli(['resume', '1', '--db', db]),
    2,
    'run 1: checkpoint 2 has an unusable PRNG state (PRNG state is all zeros)\n',
  );
  await store.query('UPDATE checkpoints SET rng_state = $1 WHERE epoch = 2', [saved]);

  // A stored config that no longer validates.
  const badRate =
    store.kind === 'sqlite'
      ? "json_set(config_json, '$.learning_rate', -1)"
      : "jsonb_set(config_json::jsonb, '{learning_rate}', '-1')::text";
  await store.query(`UPDATE runs SET status = 'interrupted', config_json = ${badRate}`);
  const tampered = await snapshot(store);
  assertExit(runCli(['resume', '1', '--db', db]), 2, "run 1's stored config: learning_rate must be > 0 (got -1)\n");
  assert.equal(await snapshot(store), tampered);

  // A newer schema: refused, nothing written, by resume and by training alike.
  if (store.kind === 'sqlite') await store.query('PRAGMA user_version = 99');
  else await store.query('UPDATE runner_schema SET version = 99');
  const newer = await snapshot(store);
  const knows = store.kind === 'sqlite' ? SCHEMA_VERSION : PG_SCHEMA_VERSION;
  assertExit(
    runCli(['resume', '1', '--db', db]),
    2,
    `${db}: written by a newer runner (schema version 99; this one knows up to ${knows}); upgrade runner\n`,
  );
  assert.equal(await snapshot(store), newer);
  assertExit(runCli([file, '--db', db]), 2, /written by a newer runner/);
  assert.equal(await snapshot(store), newer);
});

test('resume refuses a file that is not SQLite, and leaves it as it was', () => {
  // SQLite only: a PostgreSQL URL names a database, never a file of something else.
  const notDb = join(tempDir('runner-resume-'), 'notes.db');
  writeFileSync(notDb, 'not a database at all\n'.repeat(20));
  assertExit(runCli(['resume', '1', '--db', notDb]), 2, `${notDb}: not a SQLite database; give another --db path\n`);
  assert.equal(readFileSync(notDb, 'utf8'), 'not a database at all\n'.repeat(20));
});
