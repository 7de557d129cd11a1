import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import pg from 'pg';
import { StoreError, StoreUnavailableError } from '../src/errors.js';
import { openPostgres, type PostgresOptions } from '../src/store/postgres.js';
import { PG_SCHEMA_VERSION } from '../src/store/pg-schema.js';
import { isPostgresUrl, parsePostgresUrl, redactUrl } from '../src/store/pg-url.js';
import type { ClaimRequest, NewRun, NewSweep, OptimizerTensors, RunRow, RunSettings, Store, Tensor } from '../src/store/store.js';

/*
 * The PostgreSQL store against a real server: $RUNNER_TEST_PG (scripts/with-postgres.sh
 * starts one for npm test), a fresh database per test. Network faults are real too: a
 * TCP proxy between the store and the server cuts connections and refuses new ones.
 */

const BASE = process.env.RUNNER_TEST_PG;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const PASSWORD = 'hunter2-sekret';

if (!BASE) {
  test('PostgreSQL store', () => {
    assert.fail('RUNNER_TEST_PG is unset: run under scripts/with-postgres.sh (npm test does), or set it to postgresql://postgres@127.0.0.1:PORT/postgres');
  });
} else {
  suite(BASE);
}

function suite(base: string): void {
  const server = parsePostgresUrl(base);
  const created: string[] = [];
  const stores: Store[] = [];

  const connected = async <T>(database: string, work: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };
  const admin = <T>(work: (c: pg.Client) => Promise<T>) => connected(server.database, work);
  const urlOf = (database: string, host = server.host, port = server.port, password?: string) => {
    const user = server.user === undefined ? '' : `${encodeURIComponent(server.user)}${password === undefined ? '' : `:${password}`}@`;
    const h = host.startsWith('/') ? encodeURIComponent(host) : host;
    return `postgresql://${user}${h}:${port}/${database}`;
  };
  /** A new empty database; its URL. */
  const freshDatabase = async (): Promise<{ name: string; url: string }> => {
    const name = `runner_t_${randomBytes(6).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    created.push(name);
    return { name, url: urlOf(name) };
  };
  const quiet: Pick<PostgresOptions, 'log'> = { log: () => {} };
  const open = async (url: string, options: Partial<PostgresOptions> = {}): Promise<Store> => {
    const store = await openPostgres(url, { mustExist: false, ...quiet, ...options });
    stores.push(store);
    return store;
  };
  const freshStore = async (options: Partial<PostgresOptions> = {}) => {
    const db = await freshDatabase();
    return { ...db, store: await open(db.url, options) };
  };
  /** Runs SQL in one of the test databases. */
  const sql = async <R extends pg.QueryResultRow = Record<string, unknown>>(database: string, text: string, params: unknown[] = []) =>
    connected(database, async (c) => (await c.query<R>(text, params)).rows);

  // Each test's stores closed and databases dropped as it ends: the server is shared with the other test files.
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    const names = created.splice(0);
    await admin(async (c) => {
      for (const name of names) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  });

  describe('opening', () => {
    test('a new database gets the schema, once, with the same tables and views as SQLite', async () => {
      const { name, url } = await freshStore();
      assert.deepEqual(await sql(name, 'SELECT version FROM runner_schema'), [{ version: PG_SCHEMA_VERSION }]);
      await open(url); // a second open finds it current and writes nothing
      assert.deepEqual(await sql(name, 'SELECT version FROM runner_schema'), [{ version: PG_SCHEMA_VERSION }]);
      const relations = await sql<{ table_name: string }>(
        name,
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      assert.deepEqual(
        relations.map((r) => r.table_name),
        ['checkpoints', 'epoch_losses', 'epochs', 'evaluations', 'optimizer_state', 'resumes', 'run_summary', 'runner_schema', 'runs',
          'sweep_results', 'sweeps', 'weights'],
      );
      const columns = async (table: string) =>
        (await sql<{ column_name: string }>(name, `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [table])).map(
          (r) => r.column_name,
        );
      assert.deepEqual(await columns('weights'), ['run_id', 'epoch', 'name', 'shape', 'dtype', 'data', 'position']);
      assert.deepEqual((await columns('runs')).slice(-6), ['optimizer', 'optimizer_json', 'claim_generation', 'takeovers', 'rung', 'pruned']);
      assert.deepEqual((await columns('epochs')).slice(-2), ['val_cross_entropy', 'val_accuracy']);
      assert.deepEqual(await columns('sweeps'), ['id', 'name', 'config_hash', 'config_yaml', 'overrides_json', 'experiment_path',
        'swept_keys_json', 'trials', 'created_at', 'spec_hash', 'data_sha256_json']);
    });

    test('mustExist on a database without runner tables refuses and creates nothing', async () => {
      const { name, url } = await freshDatabase();
      await assert.rejects(openPostgres(url, { mustExist: true, ...quiet }), (e: unknown) => {
        assert.ok(e instanceof StoreError);
        assert.equal(e.message, `${redactUrl(url)}: no runs here yet (this database has no runner tables)`);
        return true;
      });
      assert.deepEqual(await sql(name, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`), []);
    });

    test('a database written by a newer runner is refused', async () => {
      const { name, url } = await freshStore();
      await sql(name, 'UPDATE runner_schema SET version = 99');
      await assert.rejects(openPostgres(url, { mustExist: false, ...quiet }), {
        message: `${redactUrl(url)}: written by a newer runner (schema version 99; this one knows up to ${PG_SCHEMA_VERSION}); upgrade runner`,
      });
    });

    test('two runners opening a new database at once migrate it once', async () => {
      const { name, url } = await freshDatabase();
      await Promise.all([open(url), open(url), open(url)]);
      assert.deepEqual(await sql(name, 'SELECT version FROM runner_schema'), [{ version: PG_SCHEMA_VERSION }]);
    });

    test('a process holds at most 3 connections, named runner', async () => {
      const { name, store } = await freshStore();
      await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0));
      await Promise.all(Array.from({ length: 12 }, () => store.lastCheckpoint(1)));
      const [{ n }] = await sql<{ n: number }>(name, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'runner'`, [name]);
      assert.ok(n >= 1 && n <= 3, `${n} connections`);
    });

    const refusedOneLine = async (url: string, expected: RegExp | string) => {
      await assert.rejects(openPostgres(url, { mustExist: false, ...quiet }), (e: unknown) => {
        assert.ok(e instanceof StoreError, String(e));
        assert.equal(e.exitCode, 2);
        assert.doesNotMatch(e.message, /\n/);
        assert.ok(!e.message.includes(PASSWORD), e.message);
        if (typeof expected === 'string') assert.equal(e.message, expected);
        else assert.match(e.message, expected);
        return true;
      });
    };

    test('bad URLs are one-line StoreErrors without the password', async () => {
      await refusedOneLine(`postgresql://ann:${PASSWORD}@/x`, `postgresql://ann@/x: not a PostgreSQL URL (no host)`);
      await refusedOneLine(`postgresql://ann:${PASSWORD}@db:5432/`, `postgresql://ann@db:5432/: not a PostgreSQL URL (no database name)`);
      await refusedOneLine(`postgresql://ann:${PASSWORD}@db`, `postgresql://ann@db: not a PostgreSQL URL (no database name)`);
      await refusedOneLine(`postgresql://ann:${PASSWORD}@db:99999/x`, `postgresql://ann@db:99999/x: not a PostgreSQL URL (bad port 99999)`);
      await refusedOneLine(`postgres://ann:${PASSWORD}@db:port/x`, /^postgresql:\/\/ann@db:port\/x: not a PostgreSQL URL \(the port must be a number/);
      await refusedOneLine(`postgresql://ann:${PASSWORD}@db/x?password=${PASSWORD}`, /not a PostgreSQL URL \(unsupported parameter "password"/);
      await refusedOneLine(`postgresql://ann:${PASSWORD}@db/%zz`, `postgresql://ann@db/%zz: not a PostgreSQL URL (bad %-encoding)`);
      // A password with an unencoded "/" cuts the URL short; still nothing of it is shown.
      await refusedOneLine(`postgresql://ann:pa/ss${PASSWORD}@db/x`, /^postgresql:\/\/ann@db\/x: not a PostgreSQL URL/);
    });

    test('a refused port, a missing database and an unknown role: one line each, no password', async () => {
      const port = await freePort();
      const target = urlOf('postgres', '127.0.0.1', port, PASSWORD);
      await refusedOneLine(target, `${redactUrl(target)}: cannot connect (connection refused)`);
      assert.equal(redactUrl(target), `postgresql://${server.user ? `${server.user}@` : ''}127.0.0.1:${port}/postgres`);

      const missing = urlOf('runner_no_such_db', server.host, server.port, PASSWORD);
      await refusedOneLine(missing, `${redactUrl(missing)}: no database "runner_no_such_db" on the server (create it with createdb runner_no_such_db)`);

      const stranger = `postgresql://nobody_here:${PASSWORD}@${server.host.startsWith('/') ? encodeURIComponent(server.host) : server.host}:${server.port}/postgres`;
      await refusedOneLine(stranger, `${redactUrl(stranger)}: authentication failed for user "nobody_here"`);
    });
  });

  describe('runs', () => {
    test('create, record, read back: float64 and float32 bytes exactly, tensors in the order written', async () => {
      const { store } = await freshStore();
      assert.equal(store.kind, 'postgresql');
      const created = await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0));
      assert.deepEqual(created, { kind: 'created', runId: 1, generation: 1 });
      const run = (await store.getRun(1))!;
      assert.equal(run.status, 'running');
      assert.equal(run.claim_generation, 1);
      assert.equal(run.takeovers, 0);
      assert.deepEqual(run.overrides, ['learning_rate=0.01']);
      assert.equal(run.swept, null);
      assert.ok(!('overrides_json' in run) && !('swept_json' in run), Object.keys(run).join(', '));
      assert.equal(typeof run.config_json, 'string');
      assert.match(run.created_at, ISO);
      assert.equal(run.heartbeat_at, run.created_at);
      assert.equal(run.finished_at, null);
      assert.equal(run.pid, 4242);
      assert.equal(run.host, 'machine-a');
      assert.equal(run.process_start, '1234');
      assert.equal(typeof run.heartbeat_age_seconds, 'number');
      assert.ok(run.heartbeat_age_seconds! >= 0 && run.heartbeat_age_seconds! < 30, String(run.heartbeat_age_seconds));
      assert.equal(run.longest_epoch_seconds, null);

      const losses = [1 / 3, 0.1 + 0.2, Number.MIN_VALUE, 1.7976931348623157e308];
      for (const [k, loss] of losses.entries()) {
        const write = await store.recordEpoch(1, 1, { epoch: k + 1, crossEntropy: loss, seconds: loss / 7 }, tensors(k + 2), rng(k + 2), optimizerState(k + 2, k + 1));
        assert.equal(write, 'ok');
      }
      const epochs = await store.epochRows(1);
      assert.deepEqual(epochs.map((e) => e.epoch), [1, 2, 3, 4]);
      assert.deepEqual(epochs.map((e) => e.cross_entropy), losses);
      assert.deepEqual(epochs.map((e) => e.seconds), losses.map((l) => l / 7));
      assert.ok(epochs.every((e) => ISO.test(e.finished_at)));
      assert.deepEqual(await store.checkpointEpochs(1), [0, 1, 2, 3, 4]);

      const last = (await store.lastCheckpoint(1))!;
      assert.equal(last.epoch, 4);
      assertTensorsEqual(last.tensors, tensors(5));
      assert.deepEqual(last.rngState, rng(5));
      assert.equal(last.optimizer.step, 4);
      assertTensorsEqual(last.optimizer.tensors, optimizerState(5, 4).tensors);
      assertTensorsEqual(await store.weights(1, 0), tensors(1));
      assert.deepEqual(await store.weights(1, 9), []);
      assert.equal(await store.lastCheckpoint(99), undefined);
      assert.equal(await store.getRun(99), undefined);
      assert.equal((await store.getRun(1))!.longest_epoch_seconds, Math.max(...losses.map((l) => l / 7)));
    });

    test('an epoch already stored counts as written and is not stored twice', async () => {
      const { name, store } = await freshStore();
      await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0));
      assert.equal(await store.recordEpoch(1, 1, { epoch: 1, crossEntropy: 0.5, seconds: 1 }, tensors(2), rng(2), optimizerState(2, 1)), 'ok');
      assert.equal(await store.recordEpoch(1, 1, { epoch: 1, crossEntropy: 0.7, seconds: 2 }, tensors(3), rng(3), optimizerState(3, 2)), 'ok');
      assert.deepEqual((await store.epochRows(1)).map((e) => [e.epoch, e.cross_entropy]), [[1, 0.5]]);
      assertTensorsEqual(await store.weights(1, 1), tensors(2));
      assert.deepEqual(await sql(name, 'SELECT count(*)::int AS n FROM checkpoints WHERE epoch = 1'), [{ n: 1 }]);
    });

    test('a claim raises the generation; the old owner is fenced from epochs, heartbeats and finishing', async () => {
      const { store } = await freshStore();
      await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0));
      await store.recordEpoch(1, 1, { epoch: 1, crossEntropy: 0.5, seconds: 1 }, tensors(2), rng(2), optimizerState(2, 1));

      let seen: RunRow | undefined;
      const refused = await store.claimRun(1, claim((run) => {
        seen = run;
        return { take: false, refusal: 'busy' };
      }));
      assert.deepEqual(refused, { kind: 'refused', refusal: 'busy' });
      assert.equal(seen!.claim_generation, 1);
      assert.deepEqual(seen!.overrides, ['learning_rate=0.01']);
      assert.equal(typeof seen!.heartbeat_age_seconds, 'number');
      assert.equal(seen!.longest_epoch_seconds, 1);
      assert.deepEqual(await store.resumes(1), []);
      assert.equal((await store.getRun(1))!.claim_generation, 1);

      const claimed = await store.claimRun(1, claim(() => ({ take: true, takeover: true }), { epochs: 7 }));
      assert.equal(claimed.kind, 'claimed');
      if (claimed.kind !== 'claimed') return;
      assert.equal(claimed.generation, 2);
      assert.equal(claimed.run.claim_generation, 2);
      assert.equal(claimed.run.takeovers, 1);
      assert.equal(claimed.run.status, 'running');
      assert.equal(claimed.run.pid, 777);
      assert.equal(claimed.run.host, 'machine-b');
      assert.equal(claimed.run.epochs, 7);
      const resumes = await store.resumes(1);
      assert.equal(resumes.length, 1);
      assert.deepEqual({ ...resumes[0], resumed_at: 'x' }, {
        run_id: 1, resumed_at: 'x', from_epoch: 1, epochs: 7, code_version: '0.2.0', pid: 777, host: 'machine-b', data_changed: null,
      });
      assert.match(resumes[0]!.resumed_at, ISO);

      // The first owner, unaware, writes on under generation 1.
      assert.equal(await store.recordEpoch(1, 1, { epoch: 2, crossEntropy: 0.4, seconds: 1 }, tensors(3), rng(3), optimizerState(3, 2)), 'fenced');
      assert.equal(await store.heartbeat(1, 1), 'fenced');
      assert.equal(await store.finishRun(1, 1, 'interrupted'), 'fenced');
      assert.deepEqual(await store.checkpointEpochs(1), [0, 1]);
      assert.equal((await store.getRun(1))!.status, 'running');

      assert.equal(await store.heartbeat(1, 2), 'ok');
      assert.equal(await store.recordEpoch(1, 2, { epoch: 2, crossEntropy: 0.4, seconds: 1 }, tensors(3), rng(3), optimizerState(3, 2)), 'ok');
      assert.equal(await store.finishRun(1, 2, 'failed', 'NaN loss'), 'ok');
      const failed = (await store.getRun(1))!;
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error, 'NaN loss');
      assert.match(failed.finished_at!, ISO);
      assert.equal(await store.finishRun(1, null, 'interrupted'), 'ok');
      assert.equal((await store.getRun(1))!.error, null);

      // A plain resume (no takeover) clears finished_at and error, and does not count as a takeover.
      const again = await store.claimRun(1, claim(() => ({ take: true, takeover: false })));
      assert.equal(again.kind === 'claimed' && again.generation, 3);
      const run = (await store.getRun(1))!;
      assert.equal(run.takeovers, 1);
      assert.equal(run.finished_at, null);
      assert.deepEqual((await store.resumes(1)).map((r) => r.epochs), [7, 10]);
      assert.deepEqual(await store.claimRun(42, claim(() => ({ take: true, takeover: false }))), { kind: 'missing' });
      assert.equal(await store.recordEpoch(42, 1, { epoch: 1, crossEntropy: 1, seconds: 1 }, [], rng(0), optimizerState(0, 0)), 'fenced');
    });

    test('concurrent claims of one run serialise: one takes it, the other sees it taken', async () => {
      const { store } = await freshStore();
      await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0));
      await store.finishRun(1, 1, 'interrupted');
      const decide = (run: RunRow) => (run.status === 'running' ? { take: false as const, refusal: run.claim_generation } : { take: true as const, takeover: false });
      const results = await Promise.all([1, 2, 3].map(() => store.claimRun(1, claim(decide))));
      assert.deepEqual(results.map((r) => r.kind).sort(), ['claimed', 'refused', 'refused']);
      assert.ok(results.every((r) => r.kind !== 'refused' || r.refusal === 2));
      assert.equal((await store.resumes(1)).length, 1);
    });

    test('an imported run, evaluated, then trained under an experiment: it adopts the settings', async () => {
      const { store } = await freshStore();
      const id = await store.createImportedRun(
        { ...settings(), name: 'imported', path: '/models/m.npz', sha256: 'ab'.repeat(32), codeVersion: '0.2.0' },
        tensors(1),
        rng(1),
      );
      assert.equal(id, 1);
      const run = (await store.getRun(1))!;
      assert.equal(run.status, 'imported');
      assert.equal(run.epochs, 0);
      assert.equal(run.claim_generation, 0);
      assert.equal(run.heartbeat_at, null);
      assert.equal(run.heartbeat_age_seconds, null);
      assert.equal(run.finished_at, run.created_at);
      assert.equal(run.imported_from, '/models/m.npz');
      assert.equal(run.pid, null);
      const checkpoint = (await store.lastCheckpoint(1))!;
      assert.deepEqual(checkpoint.optimizer, { step: 0, tensors: [] });
      assertTensorsEqual(checkpoint.tensors, tensors(1));

      const evaluation = { epoch: 0, test_accuracy: 0.9153, test_cross_entropy: 0.326322, test_images: 10000, test_correct: 9153,
        test_images_sha256: 'c'.repeat(64), test_labels_sha256: 'd'.repeat(64), code_version: '0.2.0' };
      await store.recordEvaluation(1, { ...evaluation, test_accuracy: 0.5 });
      await store.recordEvaluation(1, evaluation);
      const evaluations = await store.evaluations(1);
      assert.equal(evaluations.length, 1);
      assert.deepEqual({ ...evaluations[0], evaluated_at: 'x' }, { ...evaluation, evaluated_at: 'x' });
      assert.match(evaluations[0]!.evaluated_at, ISO);

      const adopted = { ...settings(), configHash: 'f'.repeat(64), seed: 9, overrides: ['seed=9'], optimizer: 'adam' };
      const claimed = await store.claimRun(1, claim(() => ({ take: true, takeover: false }), { adopt: { settings: adopted, rngState: rng(9) } }));
      assert.equal(claimed.kind === 'claimed' && claimed.generation, 1);
      const now = (await store.getRun(1))!;
      assert.equal(now.seed, 9);
      assert.equal(now.config_hash, 'f'.repeat(64));
      assert.deepEqual(now.overrides, ['seed=9']);
      assert.equal(now.optimizer, 'adam');
      assert.equal(now.status, 'running');
      assert.deepEqual(await store.evaluations(1), []);
      assert.deepEqual((await store.lastCheckpoint(1))!.rngState, rng(9));
    });

    test('summaries and resume candidates: the views give what SQLite gives, as numbers', async () => {
      const { name, store } = await freshStore();
      await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0));
      await store.recordEpoch(1, 1, { epoch: 1, crossEntropy: 0.9, seconds: 0.25 }, tensors(2), rng(2), optimizerState(2, 1));
      await store.recordEpoch(1, 1, { epoch: 2, crossEntropy: 0.7, seconds: 0.5 }, tensors(3), rng(3), optimizerState(3, 2));
      await store.finishRun(1, 1, 'completed');
      await store.createRun({ ...newRun(), name: 'second' }, tensors(1), rng(1), optimizerState(1, 0));
      await store.recordEvaluation(1, { epoch: 2, test_accuracy: 0.875, test_cross_entropy: 0.4, test_images: 8, test_correct: 7,
        test_images_sha256: 'c', test_labels_sha256: 'd', code_version: '0.2.0' });

      const [second, first] = await store.summaries();
      assert.deepEqual(
        { ...first, created_at: 'x', finished_at: 'y' },
        {
          id: 1, name: 'baseline', status: 'completed', seed: 0, learning_rate: 0.01, units: 32, batch_size: 100, activation: 'sigmoid',
          normalize: 1, epochs_done: 2, epochs: 10, last_cross_entropy: 0.7, best_cross_entropy: 0.7, best_test_accuracy: 0.875,
          last_evaluated_epoch: 2, last_test_accuracy: 0.875, last_test_cross_entropy: 0.4, train_seconds: 0.75, created_at: 'x',
          finished_at: 'y', architecture: '784-32-10', optimizer: 'sgd',
          last_val_cross_entropy: null, last_val_accuracy: null, best_val_cross_entropy: null, best_val_accuracy: null,
        },
      );
      assert.equal(second!.epochs_done, 0);
      assert.equal(second!.train_seconds, null);
      assert.equal(second!.last_cross_entropy, null);
      // The README's one-liners, straight in SQL.
      assert.deepEqual(await sql(name, 'SELECT name, last_cross_entropy FROM run_summary ORDER BY id'), [
        { name: 'baseline', last_cross_entropy: 0.7 },
        { name: 'second', last_cross_entropy: null },
      ]);
      assert.deepEqual(await sql(name, 'SELECT run_id, epoch, cross_entropy, test_accuracy FROM epoch_losses ORDER BY epoch'), [
        { run_id: '1', epoch: '1', cross_entropy: 0.9, test_accuracy: null },
        { run_id: '1', epoch: '2', cross_entropy: 0.7, test_accuracy: 0.875 },
      ]);
      // normalize false is 0, as json_extract gives it.
      await sql(name, `UPDATE runs SET config_json = replace(config_json, '"normalize":true', '"normalize":false') WHERE id = 2`);
      assert.equal((await store.summaries())[0]!.normalize, 0);

      const candidates = await store.resumeCandidates();
      assert.deepEqual(candidates.map((c) => [c.id, c.epochs_done, c.last_cross_entropy]), [[2, 0, null]]);
      await store.finishRun(2, 1, 'interrupted');
      await store.finishRun(1, null, 'interrupted');
      assert.deepEqual((await store.resumeCandidates()).map((c) => [c.id, c.epochs_done, c.last_cross_entropy]), [[2, 0, null], [1, 2, 0.7]]);
      assert.deepEqual((await store.resumeCandidates())[1]!.overrides, ['learning_rate=0.01']);
    });
  });

  describe('sweeps', () => {
    test('findOrCreateSweep: created, found, other data, and a legacy identity taken over', async () => {
      const { store } = await freshStore();
      const first = await store.findOrCreateSweep(newSweep('h1', 'spec1'));
      assert.equal(first.kind, 'created');
      assert.equal(first.sweep.id, 1);
      assert.deepEqual(first.sweep.overrides, ['units=32']);
      assert.deepEqual(first.sweep.swept_keys, ['learning_rate', 'units']);
      assert.deepEqual(first.sweep.data_sha256, dataSha256('a'));
      assert.match(first.sweep.created_at, ISO);
      assert.ok(!('overrides_json' in first.sweep));
      assert.deepEqual(await store.findOrCreateSweep(newSweep('h1', 'spec1')), { kind: 'found', sweep: first.sweep });
      const other = await store.findOrCreateSweep({ ...newSweep('h2', 'spec1'), dataSha256: dataSha256('b') });
      assert.deepEqual(other, { kind: 'other-data', sweep: first.sweep });
      const legacy = await store.findOrCreateSweep(newSweep('h3', 'spec3'), 'h1');
      assert.equal(legacy.kind, 'found');
      assert.equal(legacy.sweep.id, 1);
      assert.equal(legacy.sweep.config_hash, 'h3');
      assert.equal(legacy.sweep.spec_hash, 'spec3');
      assert.deepEqual(await store.getSweep(1), legacy.sweep);
      assert.equal(await store.getSweep(2), undefined);
      const concurrent = await Promise.all([1, 2, 3].map(() => store.findOrCreateSweep(newSweep('h4', 'spec4'))));
      assert.deepEqual(concurrent.map((r) => r.kind).sort(), ['created', 'found', 'found']);
      assert.ok(concurrent.every((r) => r.sweep.id === 2));
    });

    test('trials: one run each; a second creator meets the first one\'s run', async () => {
      const { store } = await freshStore();
      const { sweep } = await store.findOrCreateSweep(newSweep('h1', 'spec1'));
      const trial = (index: number) => ({ ...newRun(), name: `t${index}`, trial: { sweepId: sweep.id, index, values: { learning_rate: 0.1 * index, units: 32 } } });
      assert.equal((await store.createRun(trial(1), tensors(1), rng(1), optimizerState(1, 0))).kind, 'created');
      assert.equal((await store.createRun(trial(0), tensors(1), rng(1), optimizerState(1, 0))).kind, 'created');
      const again = await store.createRun({ ...trial(1), owner: { pid: 9, host: 'other', processStart: null } }, tensors(1), rng(1), optimizerState(1, 0));
      assert.equal(again.kind, 'trial-exists');
      assert.equal(again.kind === 'trial-exists' && again.run.id, 1);
      assert.equal(again.kind === 'trial-exists' && again.run.host, 'machine-a');
      assert.deepEqual((await store.trialRun(sweep.id, 1))!.swept, { learning_rate: 0.1, units: 32 });
      assert.equal(await store.trialRun(sweep.id, 5), undefined);
      assert.deepEqual((await store.trialRuns(sweep.id)).map((r) => [r.trial, r.id]), [[0, 2], [1, 1]]);
      await store.recordEpoch(1, 1, { epoch: 1, crossEntropy: 0.5, seconds: 2 }, tensors(2), rng(2), optimizerState(2, 1));
      const results = await store.sweepResults(sweep.id);
      assert.deepEqual(results.map((r) => ({ ...r })), [
        { sweep_id: 1, trial: 0, run_id: 2, name: 't0', status: 'running', swept: { learning_rate: 0, units: 32 }, epochs_done: 0, epochs: 10,
          last_cross_entropy: null, test_accuracy: null, test_cross_entropy: null, train_seconds: null,
          last_val_cross_entropy: null, last_val_accuracy: null, rung: null, pruned: null, evaluated_epoch: null },
        { sweep_id: 1, trial: 1, run_id: 1, name: 't1', status: 'running', swept: { learning_rate: 0.1, units: 32 }, epochs_done: 1, epochs: 10,
          last_cross_entropy: 0.5, test_accuracy: null, test_cross_entropy: null, train_seconds: 2,
          last_val_cross_entropy: null, last_val_accuracy: null, rung: null, pruned: null, evaluated_epoch: null },
      ]);
      // The run ids the sequence gives go on from there: the failed insert took none that collides.
      assert.equal((await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0))).kind, 'created');
    });
  });

  describe('dump and load', () => {
    /** A store with a sweep of two trials, a plain run with a resume and an evaluation. */
    const populated = async () => {
      const source = await freshStore();
      const { store } = source;
      const { sweep } = await store.findOrCreateSweep(newSweep('h1', 'spec1'));
      for (const index of [0, 1]) {
        await store.createRun({ ...newRun(), trial: { sweepId: sweep.id, index, values: { units: index } } }, tensors(index), rng(index), optimizerState(index, 0));
      }
      await store.createRun(newRun(), tensors(7), rng(7), optimizerState(7, 0));
      await store.recordEpoch(3, 1, { epoch: 1, crossEntropy: 1 / 3, seconds: 0.1 }, tensors(8), rng(8), optimizerState(8, 600));
      await store.claimRun(3, claim(() => ({ take: true, takeover: false })));
      await store.recordEvaluation(3, { epoch: 1, test_accuracy: 0.25, test_cross_entropy: 2 / 3, test_images: 4, test_correct: 1,
        test_images_sha256: 'c', test_labels_sha256: 'd', code_version: '0.2.0' });
      return source;
    };

    test('a dump loaded into a fresh database dumps identically, every table, bytes equal', async () => {
      const { store } = await populated();
      const all = await store.dump({ runIds: [1, 2, 3] });
      assert.deepEqual(Object.keys(all), ['sweeps', 'runs', 'epochs', 'checkpoints', 'weights', 'optimizer_state', 'evaluations', 'resumes']);
      assert.deepEqual(all.sweeps.map((s) => s.id), [1]);
      assert.deepEqual(all.runs.map((r) => r.id), [1, 2, 3]);
      assert.equal(all.resumes.length, 1);
      assert.equal(all.evaluations.length, 1);
      assert.ok(Buffer.isBuffer(all.weights[0]!.data));
      assert.equal(typeof all.runs[0]!.claim_generation, 'number');
      assert.equal(all.runs[2]!.overrides_json, '["learning_rate=0.01"]');
      assert.deepEqual(all.weights.filter((w) => w.run_id === 3 && w.epoch === 1).map((w) => w.name), ['w1', 'b1', 'w2', 'b2']);

      const target = await freshStore();
      assert.deepEqual(await target.store.load(all, false), { kind: 'loaded' });
      assert.deepEqual(await target.store.dump({ runIds: [1, 2, 3] }), all);
      assertTensorsEqual(await target.store.weights(3, 1), tensors(8));
      // The identities moved past the loaded ids.
      assert.deepEqual(await target.store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0)), { kind: 'created', runId: 4, generation: 1 });
      assert.equal((await target.store.findOrCreateSweep(newSweep('h9', 'spec9'))).sweep.id, 2);

      const bySweep = await store.dump({ sweepId: 1 });
      assert.deepEqual(bySweep.runs.map((r) => r.id), [1, 2]);
      assert.deepEqual(bySweep.resumes, []);
      const one = await store.dump({ runIds: [3] });
      assert.deepEqual(one.sweeps, []);
      assert.deepEqual(one.runs.map((r) => r.id), [3]);
    });

    test('load refuses ids that exist and writes nothing; with replace it replaces them', async () => {
      const { store } = await populated();
      const all = await store.dump({ sweepId: 1 });
      const target = await freshStore();
      await target.store.load(all, false);
      const before = await target.store.dump({ sweepId: 1 });
      await target.store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0)); // run 3 here, not the source's run 3
      const run3 = await store.dump({ runIds: [3] });
      assert.deepEqual(await target.store.load(run3, false), { kind: 'exists', runIds: [3], sweepIds: [] });
      assert.deepEqual(await target.store.load(all, false), { kind: 'exists', runIds: [1, 2], sweepIds: [] });
      assert.deepEqual(await target.store.dump({ sweepId: 1 }), before);
      assert.equal((await target.store.getRun(3))!.host, 'machine-a');
      assert.deepEqual(await target.store.checkpointEpochs(3), [0]);

      assert.deepEqual(await target.store.load(run3, true), { kind: 'loaded' });
      assert.deepEqual(await target.store.dump({ runIds: [3] }), run3);
      assert.deepEqual(await target.store.checkpointEpochs(3), [0, 1]);

      // A sweep with the same id but another identity: refused, then replaced in place.
      const other = await freshStore();
      await other.store.findOrCreateSweep(newSweep('other', 'other-spec'));
      assert.deepEqual(await other.store.load(all, false), { kind: 'exists', runIds: [], sweepIds: [1] });
      assert.equal((await other.store.getSweep(1))!.config_hash, 'other');
      assert.deepEqual(await other.store.load(all, true), { kind: 'loaded' });
      assert.deepEqual(await other.store.dump({ sweepId: 1 }), all);
    });

    test('a dump with a column this schema lacks is refused by name, nothing written', async () => {
      const { store } = await populated();
      const all = await store.dump({ runIds: [3] });
      const target = await freshStore();
      const bad = { ...all, epochs: all.epochs.map((e) => ({ ...e, surprise: 1 })) };
      await assert.rejects(target.store.load(bad, false), /table epochs has no column "surprise"/);
      assert.equal(await target.store.getRun(3), undefined);
    });
  });

  describe('faults', () => {
    test('connections killed by the server: the next call reconnects', async () => {
      const { name, store } = await freshStore();
      await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0));
      await store.getRun(1);
      const killed = await sql<{ ok: boolean }>(
        'postgres',
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND application_name = 'runner'`,
        [name],
      );
      assert.ok(killed.length > 0);
      assert.equal(await store.recordEpoch(1, 1, { epoch: 1, crossEntropy: 0.5, seconds: 1 }, tensors(2), rng(2), optimizerState(2, 1)), 'ok');
      assert.deepEqual(await store.checkpointEpochs(1), [0, 1]);
    });

    test('a connection cut before COMMIT: the whole transaction is retried, the epoch stored once', async () => {
      const { name } = await freshDatabase();
      const proxy = await startProxy(server);
      const lines: string[] = [];
      try {
        const store = await open(urlOf(name, '127.0.0.1', proxy.port), { log: (l) => lines.push(l), retrySeconds: 30 });
        await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0));
        proxy.cutOn('COMMIT', 'before');
        assert.equal(await store.recordEpoch(1, 1, { epoch: 1, crossEntropy: 0.5, seconds: 1 }, tensors(2), rng(2), optimizerState(2, 1)), 'ok');
        assert.equal(proxy.cuts, 1);
        assert.deepEqual(await store.checkpointEpochs(1), [0, 1]);
        assertTensorsEqual(await store.weights(1, 1), tensors(2));
        assert.equal(lines.length, 2, lines.join('\n'));
        assert.match(lines[0]!, new RegExp(`^runner: lost the connection to postgresql://.*:${proxy.port}/${name} \\(.+\\); retrying for up to 30 s$`));
        assert.match(lines[1]!, /^runner: postgresql:\/\/.* is back after \d+ s$/);
      } finally {
        await proxy.close();
      }
    });

    test('a commit that went in but whose answer was lost: the retry counts it as written, once', async () => {
      const { name } = await freshDatabase();
      const proxy = await startProxy(server);
      try {
        const store = await open(urlOf(name, '127.0.0.1', proxy.port), { retrySeconds: 30 });
        await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0));
        proxy.cutOn('COMMIT', 'after');
        assert.equal(await store.recordEpoch(1, 1, { epoch: 1, crossEntropy: 0.5, seconds: 1 }, tensors(2), rng(2), optimizerState(2, 1)), 'ok');
        assert.equal(proxy.cuts, 1);
        assert.deepEqual((await store.epochRows(1)).map((e) => e.epoch), [1]);
        assert.deepEqual(await sql(name, 'SELECT count(*)::int AS n FROM weights WHERE epoch = 1'), [{ n: 4 }]);
      } finally {
        await proxy.close();
      }
    });

    test('a server down for a while: calls wait for it; past the window, StoreUnavailableError', async () => {
      const { name } = await freshDatabase();
      const proxy = await startProxy(server);
      const lines: string[] = [];
      try {
        const store = await open(urlOf(name, '127.0.0.1', proxy.port), { log: (l) => lines.push(l), retrySeconds: 20 });
        await store.createRun(newRun(), tensors(1), rng(1), optimizerState(1, 0));
        await proxy.down();
        setTimeout(() => void proxy.up(), 1500);
        const started = Date.now();
        assert.equal(await store.heartbeat(1, 1), 'ok');
        assert.ok(Date.now() - started >= 1000, `waited ${Date.now() - started} ms`);
        assert.equal(lines.length, 2, lines.join('\n'));

        const brief = await open(urlOf(name, '127.0.0.1', proxy.port), { log: () => {}, retrySeconds: 1 });
        await brief.getRun(1);
        await proxy.down();
        await assert.rejects(brief.heartbeat(1, 1), (e: unknown) => {
          assert.ok(e instanceof StoreUnavailableError, String(e));
          assert.equal(e.exitCode, 1);
          assert.match(e.message, /^runner: postgresql:\/\/.* did not come back within 1 s \(.+\); every committed epoch is kept: resume later$/);
          return true;
        });
      } finally {
        await proxy.close();
      }
    });
  });

  describe('URLs', () => {
    test('recognised, parsed and shown without the password', () => {
      assert.ok(isPostgresUrl('postgresql://db/x') && isPostgresUrl('postgres://db/x') && isPostgresUrl('POSTGRESQL://db/x'));
      assert.ok(!isPostgresUrl('runs/runs.db') && !isPostgresUrl('mysql://db/x'));
      assert.equal(redactUrl(`postgresql://ann:${PASSWORD}@db.example.org/runs`), 'postgresql://ann@db.example.org:5432/runs');
      assert.equal(redactUrl(`postgres://ann:${PASSWORD}@db:6543/runs?sslmode=require`), 'postgresql://ann@db:6543/runs');
      assert.equal(redactUrl('postgresql://[::1]:5433/runs'), 'postgresql://[::1]:5433/runs');
      assert.equal(redactUrl(`postgresql://ann:p@ss${PASSWORD}@db/runs`), 'postgresql://ann@db:5432/runs');
      assert.deepEqual(parsePostgresUrl(`postgresql://ann%40corp:p%2Fw@db:6543/my%20runs?sslmode=verify-full`), {
        host: 'db', port: 6543, database: 'my runs', user: 'ann@corp', password: 'p/w', ssl: 'verify-full',
      });
      assert.deepEqual(parsePostgresUrl('postgresql:///runs?host=/var/run/postgresql'), {
        host: '/var/run/postgresql', port: 5432, database: 'runs', user: undefined, password: undefined, ssl: 'off',
      });
      assert.equal(redactUrl('postgresql:///runs?host=/var/run/postgresql'), 'postgresql://%2Fvar%2Frun%2Fpostgresql:5432/runs');
    });
  });
}

// ---- fixtures ----

function dataSha256(letter: string) {
  return { train_images: letter.repeat(64), train_labels: '1'.repeat(64), test_images: '2'.repeat(64), test_labels: '3'.repeat(64) };
}

function settings(): RunSettings {
  return {
    configYaml: 'units: 32\n',
    overrides: ['learning_rate=0.01'],
    configJson: JSON.stringify({ units: 32, batch_size: 100, learning_rate: 0.01, activation: 'sigmoid', data: { normalize: true } }),
    configHash: 'e'.repeat(64),
    seed: 0,
    experimentPath: '/experiments/baseline.yaml',
    dataSource: 'mnist',
    dataSha256: dataSha256('a'),
    architecture: '784-32-10',
    activations: 'sigmoid',
    optimizer: 'sgd',
    optimizerJson: JSON.stringify({ name: 'sgd', learning_rate: 0.01 }),
  };
}

function newRun(): NewRun {
  return { ...settings(), name: 'baseline', epochs: 10, codeVersion: '0.2.0', owner: { pid: 4242, host: 'machine-a', processStart: '1234' } };
}

function newSweep(configHash: string, specHash: string): NewSweep {
  return {
    name: 'grid',
    configHash,
    configYaml: 'sweep: {}\n',
    overrides: ['units=32'],
    experimentPath: '/experiments/grid.yaml',
    sweptKeys: ['learning_rate', 'units'],
    trials: 4,
    specHash,
    dataSha256: dataSha256('a'),
  };
}

function claim<R>(decide: ClaimRequest<R>['decide'], more: Partial<ClaimRequest<R>> = {}): ClaimRequest<R> {
  return { decide, owner: { pid: 777, host: 'machine-b', processStart: null }, fromEpoch: 1, epochs: 10, codeVersion: '0.2.0', dataChanged: null, ...more };
}

/** Float32 values that a lossy path would change: subnormals, -0, extremes, NaN with a payload. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = Math.sin(seed * 7919 + k) * 10 ** ((k % 9) - 4);
  if (n >= 4) {
    out[0] = -0;
    out[1] = 1.4e-45;
    out[2] = 3.4028234663852886e38;
    new Uint32Array(out.buffer)[3] = 0x7fc0beef;
  }
  return out;
}

/** The report's network, written in its own order (not alphabetical). */
function tensors(seed: number): Tensor[] {
  return [
    { name: 'w1', shape: [32, 784], data: values(32 * 784, seed) },
    { name: 'b1', shape: [32], data: values(32, seed + 1) },
    { name: 'w2', shape: [10, 32], data: values(320, seed + 2) },
    { name: 'b2', shape: [10], data: values(10, seed + 3) },
  ];
}

function optimizerState(seed: number, step: number): OptimizerTensors {
  return { step, tensors: [{ name: 'w1.v', shape: [2, 3], data: values(6, seed) }, { name: 'w1.m', shape: [2, 3], data: values(6, seed + 5) }] };
}

function rng(seed: number): Uint8Array {
  return Uint8Array.from({ length: 16 }, (_, k) => (seed * 31 + k * 17) & 0xff);
}

function assertTensorsEqual(actual: readonly Tensor[], expected: readonly Tensor[]): void {
  assert.deepEqual(actual.map((t) => [t.name, t.shape]), expected.map((t) => [t.name, t.shape]));
  actual.forEach((t, k) => {
    const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    assert.ok(bytes(t.data).equals(bytes(expected[k]!.data)), `${t.name}: bytes differ`);
  });
}

// ---- a TCP proxy that fails like a network ----

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

interface Proxy {
  port: number;
  cuts: number;
  /** Cuts the next connection whose client sends `marker`: before forwarding it, or after (dropping the server's answer). */
  cutOn(marker: string, when: 'before' | 'after'): void;
  /** Cuts every connection and refuses new ones. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

async function startProxy(target: { host: string; port: number }): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let armed: { marker: string; when: 'before' | 'after' } | null = null;
  let listener: Server | null = null;
  const port = await freePort();
  const proxy: Proxy = {
    port,
    cuts: 0,
    cutOn(marker, when) {
      armed = { marker, when };
    },
    async down() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      const l = listener;
      listener = null;
      if (l) await new Promise<void>((resolve) => l.close(() => resolve()));
    },
    async up() {
      const l = createServer(accept);
      await new Promise<void>((resolve) => l.listen(port, '127.0.0.1', resolve));
      listener = l;
    },
    async close() {
      await proxy.down();
    },
  };
  function accept(client: Socket): void {
    const upstream = target.host.startsWith('/') ? connect(`${target.host}/.s.PGSQL.${target.port}`) : connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    let muted = false;
    const cut = () => {
      proxy.cuts++;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (armed && chunk.includes(armed.marker)) {
        const { when } = armed;
        armed = null;
        if (when === 'before') return cut();
        muted = true;
        upstream.write(chunk);
        // The server commits; its answer never arrives.
        setTimeout(cut, 300);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!muted) client.write(chunk);
    });
    for (const s of [client, upstream]) {
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
  }
  await proxy.up();
  return proxy;
}
