import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { forEachStore, freshStore, hexOf, STORE_KINDS, type TestStore } from './stores.js';

/*
 * The helper every store test relies on: if it handed out shared or non-empty stores, or
 * rows that differ by backend, those tests would pass or fail for the wrong reason.
 */

const tablesOf = (s: TestStore) =>
  s.kind === 'sqlite'
    ? s.query<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    : s.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);

for (const kind of STORE_KINDS) {
  test(`two fresh stores are empty and separate [${kind}]`, async () => {
    const a = await freshStore(kind);
    const b = await freshStore(kind);
    try {
      assert.equal(a.kind, kind);
      assert.notEqual(a.location, b.location);
      if (kind === 'sqlite') {
        assert.ok(!existsSync(a.location), 'the CLI creates the file');
      } else {
        assert.match(a.location, /^postgresql:\/\/[^/]+\/runner_[0-9a-f]{16}$/);
      }
      assert.deepEqual(await tablesOf(a), []);
      await a.query('CREATE TABLE t (x integer)');
      await a.query('INSERT INTO t VALUES ($1)', [7]);
      assert.deepEqual(await tablesOf(a), [{ name: 't' }]);
      assert.deepEqual(await tablesOf(b), []);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test(`close removes the store [${kind}]`, async () => {
    const s = await freshStore(kind);
    await s.query('CREATE TABLE t (x integer)');
    await s.close();
    if (kind === 'sqlite') {
      assert.ok(!existsSync(dirname(s.location)));
    } else {
      const name = new URL(s.location).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.RUNNER_TEST_PG });
      await admin.connect();
      try {
        const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        assert.deepEqual(rows, []);
      } finally {
        await admin.end();
      }
    }
  });
}

/** One SQL text, one expected result, both backends: what lets a test be written once. */
const EXPECTED = [
  { id: 1, n: 2, x: 0.5, s: 'a', b: 'deadbeef', yes: 1 },
  { id: 2, n: 2, x: -1.25, s: 'b', b: '00ff', yes: 0 },
];
forEachStore('the same SQL gives equal rows', async (s) => {
  await s.query('CREATE TABLE t (id bigint PRIMARY KEY, x double precision, s text, b bytea, yes integer)');
  // Out of order: SQLite must bind $N by number, not by position.
  await s.query('INSERT INTO t (b, id, x, s, yes) VALUES ($3, $1, $2, $4, $5)', [1, 0.5, Buffer.from('deadbeef', 'hex'), 'a', true]);
  await s.query('INSERT INTO t (id, x, s, b, yes) VALUES ($1, $2, $3, $4, $5)', [2, -1.25, 'b', Buffer.from([0, 255]), false]);
  const rows = await s.query<{ id: number; n: number; x: number; s: string; b: Buffer; yes: number }>(
    // count(*) is int8 on PostgreSQL; $1 used twice.
    'SELECT id, (SELECT count(*) FROM t WHERE id >= $1 OR id = $1) AS n, x, s, b, yes FROM t WHERE id >= $1 ORDER BY id',
    [1],
  );
  for (const r of rows) assert.ok(Buffer.isBuffer(r.b), `${typeof r.b} is not a Buffer`);
  assert.deepEqual(
    rows.map((r) => ({ ...r, b: hexOf(r.b) })),
    EXPECTED,
  );
  assert.deepEqual(await s.query('UPDATE t SET s = $1 WHERE id = $2', ['c', 2]), []);
  assert.deepEqual(await s.query('SELECT s FROM t WHERE id = 2'), [{ s: 'c' }]);
});

test('a test needing PostgreSQL fails, not skips, without RUNNER_TEST_PG', async () => {
  const saved = process.env.RUNNER_TEST_PG;
  delete process.env.RUNNER_TEST_PG;
  try {
    await assert.rejects(freshStore('postgresql'), /RUNNER_TEST_PG is not set: run the suite with npm test/);
  } finally {
    if (saved !== undefined) process.env.RUNNER_TEST_PG = saved;
  }
});

test('a dropped connection is survived: the next query reconnects', async () => {
  const s = await freshStore('postgresql');
  const admin = new pg.Client({ connectionString: process.env.RUNNER_TEST_PG });
  await admin.connect();
  try {
    const [{ pid }] = await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // What a server restart does to an idle connection: without a listener, the client's
    // 'error' event would end this process.
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await new Promise((r) => setTimeout(r, 200));
    const [again] = await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    assert.notEqual(again!.pid, pid);
  } finally {
    await admin.end();
    await s.close();
  }
});
