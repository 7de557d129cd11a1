/**
 * A fresh, empty store of either kind for each test, so every store-touching test runs
 * against SQLite and PostgreSQL alike:
 *
 *   forEachStore('resume continues a run', async (store) => {
 *     runCli(['experiment.yaml', '--db', store.location]);
 *     const rows = await store.query<{ epoch: number }>('SELECT epoch FROM epochs WHERE run_id = $1', [1]);
 *     assert.deepEqual(rows.map((r) => r.epoch), [1, 2, 3]);
 *   });
 *
 * PostgreSQL comes from $RUNNER_TEST_PG, which scripts/with-postgres.sh sets (npm test runs
 * the suite under it). Each store is its own database on that server, so tests in parallel
 * files never see each other's rows.
 *
 * `query` lets a test look under the CLI at what it stored, with one SQL text for both
 * kinds: `$1`-style parameters (booleans sent as 1/0), and rows whose values compare equal
 * across kinds (see PG_AS_SQLITE). It takes one statement; on SQLite a script of several statements without
 * parameters also works (for seeding an old schema, say).
 *
 * Deliberately independent of src/: it must keep working while the stores it tests change.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext, type TestOptions } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { CustomTypesConfig } from 'pg';

export const STORE_KINDS = ['sqlite', 'postgresql'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface TestStore {
  kind: StoreKind;
  /** What to pass as --db: a SQLite file path (not created yet) in a new temp dir, or the postgresql:// URL of a new empty database. */
  location: string;
  /** How the CLI names it: the path, or the URL without a password, the default port written out. */
  label: string;
  /** Runs one SQL statement with $1, $2… parameters; its rows, or [] for a statement that returns none. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Drops the database or deletes the temp dir. */
  close(): Promise<void>;
}

const NO_PG =
  'RUNNER_TEST_PG is not set: run the suite with npm test, or scripts/with-postgres.sh node --import tsx --test …';

/**
 * node-postgres's defaults differ from what better-sqlite3 returns for the same column,
 * which would make every cross-kind comparison a special case. So the test client (only
 * it: the store under test keeps its own parsers) returns values as SQLite would: int8
 * (count(*), bigint ids) and numeric (sum) as numbers, booleans as 0/1, and json, jsonb,
 * dates and timestamps as their text (SQLite stores all of these as text; parse both
 * sides to compare JSON, since jsonb normalizes spacing and key order). bytea is a Buffer
 * already, as SQLite BLOBs are.
 */
const PG_AS_SQLITE: Record<number, (text: string) => unknown> = {
  20: Number, // int8
  1700: Number, // numeric
  16: (t) => (t === 't' ? 1 : 0), // bool
  114: String, // json
  3802: String, // jsonb
  1082: String, // date
  1114: String, // timestamp
  1184: String, // timestamptz
};
const TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' && PG_AS_SQLITE[oid] ? PG_AS_SQLITE[oid] : pg.types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/** A new empty store of the given kind. Throws (so the test fails, not skips) when PostgreSQL is asked for and $RUNNER_TEST_PG is unset. */
export async function freshStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'sqlite') return freshSqlite();
  if (kind === 'postgresql') return freshPostgres();
  throw new Error(`unknown store kind ${String(kind)}`);
}

/**
 * Registers `${name} [sqlite]` and `${name} [postgresql]`, each with a fresh store that is
 * closed after fn, whether it passed or not. options go to node:test's test() as they are.
 */
export function forEachStore(
  name: string,
  fn: (store: TestStore, t: TestContext) => Promise<void>,
  options: TestOptions = {},
): void {
  for (const kind of STORE_KINDS) {
    test(`${name} [${kind}]`, options, async (t) => {
      const store = await freshStore(kind);
      try {
        await fn(store, t);
      } finally {
        await store.close();
      }
    });
  }
}

/** One more fresh store of `kind` for a test that needs several (a reference, a killed run), closed after it. */
export async function extraStore(t: TestContext, kind: StoreKind): Promise<TestStore> {
  const store = await freshStore(kind);
  t.after(() => store.close());
  return store;
}

/**
 * A fingerprint of everything the store holds, to tell that a refused command wrote
 * nothing: the SQLite file's bytes (its WAL checkpointed in first), or on PostgreSQL every
 * row of every table and every sequence's position.
 */
export async function snapshot(store: TestStore): Promise<string> {
  const hash = createHash('sha256');
  if (store.kind === 'sqlite') {
    await store.query('PRAGMA wal_checkpoint(TRUNCATE)');
    return hash.update(readFileSync(store.location)).digest('hex');
  }
  const tables = await store.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const text = (r: unknown) => JSON.stringify(r, (_, v) => (v?.type === 'Buffer' ? hexOf(Buffer.from(v.data)) : v));
  for (const { name } of tables) {
    const rows = (await store.query(`SELECT * FROM "${name}"`)).map(text).sort();
    hash.update(`${name}\n${rows.join('\n')}\n`);
  }
  const sequences = await store.query('SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1');
  return hash.update(text(sequences)).digest('hex');
}

/** Nothing written: no SQLite file, or no table in the PostgreSQL database. */
export async function assertNothingWritten(store: TestStore, message: string): Promise<void> {
  if (store.kind === 'sqlite') {
    assert.ok(!existsSync(store.location), message);
    return;
  }
  const tables = await store.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
  );
  assert.deepEqual(tables.map((t) => t.table_name), [], message);
}

/** Bytes as lowercase hex (null stays null): assertion failures show where two BLOBs differ, not two [Buffer] dumps. */
export function hexOf(bytes: Uint8Array | null | undefined): string | null {
  if (bytes === null || bytes === undefined) return null;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function freshSqlite(): TestStore {
  const dir = mkdtempSync(join(tmpdir(), 'runner-store-'));
  const location = join(dir, 'runs.db');
  return {
    kind: 'sqlite',
    location,
    label: location,
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      // Opened per call, so the test holds no connection while the CLI it runs works on the file.
      const db = new Database(location, { timeout: 5000 });
      try {
        let statement: Database.Statement;
        try {
          statement = db.prepare(sql);
        } catch (error) {
          if (params.length === 0 && error instanceof RangeError && /more than one statement/.test(error.message)) {
            db.exec(sql);
            return [];
          }
          throw error;
        }
        // SQLite reads `$1` as a parameter named "1", so PostgreSQL's syntax works unchanged
        // (repeated and out-of-order numbers included) when the values are bound by name.
        const args = params.length === 0 ? [] : [Object.fromEntries(params.map((v, k) => [String(k + 1), paramValue(v)]))];
        if (statement.reader) return statement.all(...args) as T[];
        statement.run(...args);
        return [];
      } finally {
        db.close();
      }
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Booleans as 0/1: better-sqlite3 refuses booleans (SQLite has none), and node-postgres
 * would send 'true', which an integer column refuses; PostgreSQL reads '1'/'0' as a
 * boolean or an integer alike.
 */
function paramValue(value: unknown): unknown {
  return typeof value === 'boolean' ? Number(value) : value;
}

async function freshPostgres(): Promise<TestStore> {
  const server = process.env.RUNNER_TEST_PG;
  if (!server) throw new Error(NO_PG);
  const name = `runner_${randomBytes(8).toString('hex')}`;
  await withClient(server, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  const location = url.toString();

  let client: Promise<pg.Client> | undefined;
  /** Forgets a broken connection (ending it, or it would keep the process alive); the next query reconnects. */
  const discard = (which: Promise<pg.Client> | undefined) => {
    if (which === undefined || which !== client) return;
    client = undefined;
    which.then((c) => c.end()).catch(() => {});
  };
  const connected = (): Promise<pg.Client> => {
    if (client) return client;
    const c = new pg.Client({ connectionString: location, types: TYPES });
    const current = c.connect().then(() => c);
    client = current;
    // A server restart (fault tests do that) kills idle connections with an 'error' event,
    // which would crash the test process if unheard.
    c.on('error', () => discard(current));
    current.catch(() => discard(current));
    return current;
  };

  return {
    kind: 'postgresql',
    location,
    label: `postgresql://${url.username ? `${url.username}@` : ''}${url.hostname}:${url.port || 5432}${url.pathname}`,
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const current = connected();
      const c = await current;
      try {
        const result = await c.query(sql, params.map(paramValue));
        // Several statements in one string (simple protocol) give one result each.
        const last = Array.isArray(result) ? (result as pg.QueryResult[]).at(-1) : result;
        return (last?.rows ?? []) as T[];
      } catch (error) {
        if (isConnectionError(error)) discard(current);
        throw error;
      }
    },
    async close() {
      const c = client;
      client = undefined;
      await c?.then((x) => x.end()).catch(() => {});
      // FORCE: a CLI the test left running still holds a connection. Failing to drop only
      // leaves an empty database on a server that is thrown away anyway.
      await withClient(server, (a) => a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => {});
    },
  };
}

/** A short-lived connection: a pooled one left open would keep the test process alive. */
async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {});
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end().catch(() => {});
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // No SQLSTATE (ECONNRESET, "Connection terminated"), or class 08 / 57P0x (admin shutdown).
  return typeof code !== 'string' || code.startsWith('08') || code.startsWith('57P0') || /^E[A-Z]+$/.test(code);
}
