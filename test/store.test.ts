/**
 * The store itself: how a SQLite file is opened and migrated (SQLite only: WAL, the busy
 * timeout, an old file's schema, a file that is not SQLite), and on both kinds the schema
 * version a new store records, a store from a newer runner refused, and the README's SQL
 * answering alike.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { StoreError } from '../src/errors.js';
import { openDatabase, SCHEMA_VERSION } from '../src/store/db.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { PG_SCHEMA_VERSION } from '../src/store/pg-schema.js';
import { ok, ROOT, runCli, smallExperimentYaml, tempDir, writeIdxSet } from './helpers.js';
import { forEachStore, freshStore, type TestStore } from './stores.js';

test('a new database gets WAL, a busy timeout and the latest schema', () => {
  const path = join(tempDir(), 'sub', 'runs.db');
  const db = openDatabase(path);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  // better-sqlite3's own default is also 5000 ms: this pins the behaviour, whoever sets it.
  assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.equal(SCHEMA_VERSION, MIGRATIONS.length);
  db.close();
});

test('a database of an older schema is migrated, its runs kept', () => {
  const path = join(tempDir(), 'old.db');
  const old = new Database(path);
  old.exec(MIGRATIONS[0]!);
  old.pragma('user_version = 1');
  old
    .prepare(
      `INSERT INTO runs (name, status, config_yaml, overrides_json, config_json, config_hash, seed, epochs, experiment_path,
         data_source, train_images_sha256, train_labels_sha256, test_images_sha256, test_labels_sha256, code_version, created_at)
       VALUES ('old', 'completed', '', '[]', '{}', '', 0, 1, '/x.yaml', 'mnist', '', '', '', '', '0.1.0', '2026-01-01')`,
    )
    .run();
  old.close();

  const db = openDatabase(path);
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  const columns = (db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((c) => c.name);
  assert.ok(columns.includes('heartbeat_at') && columns.includes('process_start'), columns.join(', '));
  assert.deepEqual(db.prepare('SELECT id, name FROM runs').all(), [{ id: 1, name: 'old' }]);
  assert.deepEqual(db.prepare('SELECT count(*) AS n FROM resumes').get(), { n: 0 });
  db.close();
});

test('a file that is not SQLite is refused with one line, and left as it was', () => {
  const path = join(tempDir(), 'notes.db');
  const text = 'epoch,cross_entropy\n1,0.5\n'.repeat(100);
  writeFileSync(path, text);
  assert.throws(() => openDatabase(path), (e: unknown) => {
    assert.ok(e instanceof StoreError, String(e));
    assert.equal(e.message, `${path}: not a SQLite database; give another --db path`);
    return true;
  });
  assert.equal(readFileSync(path, 'utf8'), text);
});

/** A temp dir with small IDX files and small.yaml (smallExperimentYaml over them). */
function workspace() {
  const dir = tempDir('runner-store-');
  writeIdxSet(dir);
  const file = join(dir, 'small.yaml');
  writeFileSync(file, smallExperimentYaml());
  return { dir, file };
}

/** The schema version as the store records it: PRAGMA user_version, or the single row of runner_schema. */
async function schemaVersion(store: TestStore): Promise<number[]> {
  if (store.kind === 'sqlite') return (await store.query<{ user_version: number }>('PRAGMA user_version')).map((r) => r.user_version);
  return (await store.query<{ version: number }>('SELECT version FROM runner_schema')).map((r) => r.version);
}

forEachStore('a store the CLI creates records the schema version this runner writes', async (store) => {
  const { file } = workspace();
  ok(runCli([file, '--db', store.location, '--set', 'epochs=1']));
  assert.deepEqual(await schemaVersion(store), [store.kind === 'sqlite' ? SCHEMA_VERSION : PG_SCHEMA_VERSION]);
  // Opening it again (a read, a second run) neither migrates nor adds a version row.
  ok(runCli(['runs', '--db', store.location]));
  ok(runCli([file, '--db', store.location, '--set', 'epochs=1']));
  assert.deepEqual(await schemaVersion(store), [store.kind === 'sqlite' ? SCHEMA_VERSION : PG_SCHEMA_VERSION]);
  assert.deepEqual(await store.query('SELECT id, status FROM runs ORDER BY id'), [
    { id: 1, status: 'completed' },
    { id: 2, status: 'completed' },
  ]);
});

forEachStore('a store written by a newer runner is refused with one line and exit 2, by reading and writing commands alike, and left as it was', async (store) => {
  const { dir, file } = workspace();
  ok(runCli([file, '--db', store.location, '--set', 'epochs=1']));
  const model = join(dir, 'model.npz');
  ok(runCli(['export', '1', '-o', model, '--db', store.location]));
  const known = store.kind === 'sqlite' ? SCHEMA_VERSION : PG_SCHEMA_VERSION;
  await store.query(store.kind === 'sqlite' ? 'PRAGMA user_version = 99' : 'UPDATE runner_schema SET version = 99');
  const line = `${store.label}: written by a newer runner (schema version 99; this one knows up to ${known}); upgrade runner\n`;
  const commands = [['runs'], ['show', '1'], ['eval', '1'], [file, '--set', 'epochs=1'], ['resume', '1', '--epochs', '2'], ['import', model, '--experiment', file], ['export', '1', '-o', join(dir, 'again.npz')]];
  for (const args of commands) {
    const r = runCli([...args, '--db', store.location]);
    assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
    assert.equal(r.stderr, line, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
  assert.ok(!existsSync(join(dir, 'again.npz')), 'export wrote no file');
  assert.deepEqual(await schemaVersion(store), [99]);
  assert.deepEqual(await store.query('SELECT id, status, epochs FROM runs'), [{ id: 1, status: 'completed', epochs: 1 }]);
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM epochs'), [{ n: 1 }]);
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM evaluations'), [{ n: 0 }]);
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM resumes'), [{ n: 0 }]);
});

/** The SQL of every example query in the README's "The run database" section (each `sqlite3 [-flags] runs/runs.db "…"`). */
function readmeQueries(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## The run database\n');
  assert.ok(start >= 0, 'the README has a "The run database" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/sqlite3 (?:-\S+ )*runs\/runs\.db "([^"]+)"/g)].map((m) => m[1]!.trim());
}

/** The names of the store's tables and views, each with its columns in order. */
async function schemaOf(store: TestStore): Promise<Record<string, string[]>> {
  const relations =
    store.kind === 'sqlite'
      ? await store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
      : await store.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
  const schema: Record<string, string[]> = {};
  for (const { name } of relations) {
    const columns =
      store.kind === 'sqlite'
        ? await store.query<{ name: string }>('SELECT name FROM pragma_table_info($1) ORDER BY cid', [name])
        : await store.query<{ name: string }>(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            [name],
          );
    schema[name] = columns.map((c) => c.name);
  }
  return schema;
}

test('after the same runs, SQLite and PostgreSQL have the same tables, views and columns, and the README\'s example queries answer alike', async () => {
  const queries = readmeQueries();
  assert.ok(queries.length >= 8, `the README's example queries: ${queries.length} found`);
  const { dir, file } = workspace();
  const grid = join(dir, 'grid.yaml');
  writeFileSync(grid, smallExperimentYaml('sweep:\n  learning_rate: [0.05, 0.2]\n  units: [4, 8]\n'));

  const sqlite = await freshStore('sqlite');
  const postgresql = await freshStore('postgresql');
  try {
    for (const store of [sqlite, postgresql]) {
      const db = store.location;
      // Run 1: Adam at learning rate 0.01 for 10 epochs (the weights and Adam-state queries
      // ask for run 1's epochs 10 and 3); run 2: SGD at 0.05; both scored; runs 3-6: sweep 1.
      ok(runCli([file, '--db', db, '--set', 'optimizer=adam', '--set', 'learning_rate=0.01', '--set', 'epochs=10']));
      ok(runCli([file, '--db', db]));
      ok(runCli(['eval', '1', '--db', db]));
      ok(runCli(['eval', '2', '--db', db]));
      ok(runCli([grid, '--db', db, '--set', 'epochs=2', '--jobs', '1']));
    }

    const sqliteSchema = await schemaOf(sqlite);
    const postgresqlSchema = await schemaOf(postgresql);
    assert.deepEqual(postgresqlSchema.runner_schema, ['version'], 'PostgreSQL keeps its schema version in runner_schema');
    delete postgresqlSchema.runner_schema;
    assert.deepEqual(postgresqlSchema, sqliteSchema);
    for (const name of ['runs', 'epochs', 'weights', 'optimizer_state', 'checkpoints', 'resumes', 'evaluations', 'sweeps', 'run_summary', 'epoch_losses', 'sweep_results']) {
      assert.ok(sqliteSchema[name], `${name} is in the schema`);
    }

    for (const sql of queries) {
      const [mine, theirs] = [await sqlite.query<Record<string, unknown>>(sql), await postgresql.query<Record<string, unknown>>(sql)];
      assert.ok(mine.length > 0, `rows for:\n${sql}`);
      // Every column answers somewhere, so the comparison covers it.
      for (const column of Object.keys(mine[0]!)) assert.ok(mine.some((r) => r[column] !== null), `${column} is null in every row of:\n${sql}`);
      if (/\border by\b/i.test(sql)) {
        assert.deepEqual(theirs, mine, sql);
      } else {
        // No ORDER BY: the rows in whatever order the engine gives them.
        const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();
        assert.deepEqual(sorted(theirs), sorted(mine), sql);
        assert.deepEqual(Object.keys(theirs[0]!), Object.keys(mine[0]!), `the same columns, in order:\n${sql}`);
      }
    }
  } finally {
    await sqlite.close();
    await postgresql.close();
  }
});
