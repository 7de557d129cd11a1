import { userInfo } from 'node:os';
import pg from 'pg';
import type { CustomTypesConfig, PoolClient, PoolConfig } from 'pg';
import { StoreError, StoreUnavailableError, UsageError } from '../errors.js';
import { float32FromBytes, float32ToBytes } from './float32.js';
import { bytesOf, settingsColumns, decodeRun, decodeRunListRow, decodeSweep, RUN_LIST, type RawRunListRow, decodeSweepResult, type RawRun, type RawSweep, type RawSweepResult } from './rows.js';
import { livenessSettings } from './ownership.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './pg-schema.js';
import { labelOf, parsePostgresUrl, type PostgresUrl } from './pg-url.js';
import {
  TABLES,
  finiteOrNull,
  type Cell,
  type Checkpoint,
  type ClaimRequest,
  type ClaimResult,
  type CreateResult,
  type Dump,
  type EpochRow,
  type Evaluation,
  type FencedWrite,
  type ImportedRun,
  type NewRun,
  type NewSweep,
  type OptimizerTensors,
  type ResumeRow,
  type RunRow,
  type RunSettings,
  type RunStatus,
  type RunSummaryRow,
  type RunListFilter,
  type RunListRow,
  type Store,
  type SweepLookup,
  type SweepResultRow,
  type SweepEpochRow,
  type SweepRow,
  type Table,
  type Tensor,
  type EpochFigures,
} from './store.js';

/*
 * The shared store: one PostgreSQL database that runners on many machines train into.
 * Every method is one transaction, retried whole when the connection drops (a server
 * restart, a network cut), so a run survives an outage of up to $RUNNER_DB_RETRY_SECONDS.
 * A retried commit that had in fact gone in is harmless: an epoch already stored counts
 * as written, and claims are re-decided. Time is the server's clock, never a worker's.
 */

/** The server's clock, as ISO 8601 UTC with milliseconds (what toISOString gives); clock_timestamp, as now() is the transaction's start. */
const NOW = `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Advisory lock keys ('runner' in ASCII, and one up): migrating, and creating sweeps. */
const MIGRATION_LOCK = '125848689468786';
const SWEEP_LOCK = '125848689468787';

const RETRY_FIRST_MS = 100;
const RETRY_CAP_MS = 5000;
const DEFAULT_RETRY_SECONDS = 300;
/** One INSERT carries at most this many parameters (PostgreSQL's limit is 65535) and about this many bytes. */
const MAX_PARAMS = 30_000;
const MAX_INSERT_BYTES = 16 << 20;

/**
 * bigint columns, count(*) and extract() come back as int8 and numeric, which node-postgres
 * leaves as strings: the Store's rows have numbers, as SQLite gives them. Per pool, so
 * other users of pg in the process keep its defaults.
 */
const TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 || oid === 1700 ? Number : pg.types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/** What openPostgres takes besides the URL; all but mustExist and readOnly are for tests. */
export interface PostgresOptions {
  /** Refuse a database without the runner's tables instead of creating them. */
  mustExist: boolean;
  /**
   * Only read (the dashboard): every session is read-only (default_transaction_read_only),
   * and the schema is never created or migrated; a database of another version is refused.
   */
  readOnly?: boolean;
  /** How long a lost connection is waited for ($RUNNER_DB_RETRY_SECONDS, default 300). */
  retrySeconds?: number;
  /** Where the outage lines go (stderr). */
  log?: (line: string) => void;
}

/**
 * Whether this store (by its label) has answered this process before, or the sweep that
 * started it ($RUNNER_STORE_REACHED, which sweep-run.ts sets to the label for its trials):
 * then a refused connection means a restart to wait for, not a wrong URL.
 */
const reachedHere = new Set<string>();
const reachedBefore = (label: string) => reachedHere.has(label) || process.env.RUNNER_STORE_REACHED === label;

/** Connects one client and brings the schema up to date; errors as they come (connectError maps them). */
async function connectAndMigrate(pool: pg.Pool, target: PostgresUrl, label: string, options: PostgresOptions, scrub: Scrub): Promise<void> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    if (faultOf(e)?.lost && reachedBefore(label)) throw e;
    throw connectError(label, target, e, scrub);
  }
  // A drop between two statements errors on the client (the next query fails with it):
  // such a client is discarded, not pooled.
  let broken = false;
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await migrate(client, label, options, scrub);
  } catch (e) {
    if (faultOf(e)?.lost) broken = true;
    throw e;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/**
 * Opens the store at a postgresql:// URL: parses it, connects once (a refused connection,
 * a bad password or a missing database is a one-line StoreError, nothing written), and
 * migrates the schema to PG_SCHEMA_VERSION.
 */
export async function openPostgres(url: string, options: PostgresOptions): Promise<Store> {
  const target = parsePostgresUrl(url);
  const label = labelOf(target);
  const retrySeconds = options.retrySeconds ?? retrySecondsFromEnv();
  const scrub = scrubber(target.password);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pool = new pg.Pool({ ...poolConfig(target), ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}) });
  // An idle client whose server went away (a restart) errors here: the pool drops it and
  // the next checkout connects afresh. Unhandled, it would end the process.
  pool.on('error', () => {});
  // So does a client between the pool's hands and ours, or one the pool is ending: every
  // client keeps a listener of its own; its failures reach us through its queries.
  pool.on('connect', (client) => client.on('error', () => {}));
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      await connectAndMigrate(pool, target, label, options, scrub);
      break;
    } catch (e) {
      // A store this process, or the sweep that started it, has reached before is only
      // restarting: wait for it as any call would. A first contact fails at once.
      const fault = faultOf(e);
      const left = started + retrySeconds * 1000 - Date.now();
      if (!reachedBefore(label) || !fault?.lost || left <= 0) {
        await pool.end().catch(() => {});
        if (reachedBefore(label) && fault?.lost) {
          throw new StoreUnavailableError(
            `runner: ${label} did not come back within ${retrySeconds} s (${fault.reason}); every committed epoch is kept: resume later`,
          );
        }
        throw e instanceof StoreError || !fault ? e : connectError(label, target, e, scrub);
      }
      if (attempt === 0) log(`runner: lost the connection to ${label} (${fault.reason}); retrying for up to ${retrySeconds} s`);
      await sleep(Math.min(left, Math.min(RETRY_CAP_MS, RETRY_FIRST_MS * 2 ** Math.min(attempt, 16)) * (0.5 + Math.random() / 2)));
    }
  }
  reachedHere.add(label);
  return new PostgresStore(pool, label, retrySeconds, log, scrub);
}

function retrySecondsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.RUNNER_DB_RETRY_SECONDS;
  if (text === undefined || text === '') return DEFAULT_RETRY_SECONDS;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new UsageError(`runner: $RUNNER_DB_RETRY_SECONDS must be a number >= 0 (got "${text}")`);
  }
  return value;
}

/** At most 3 connections per process; keepalives and a query timeout, so a silent network cut shows as an error, not a hang. */
function poolConfig(u: PostgresUrl): PoolConfig {
  return {
    host: u.host,
    port: u.port,
    database: u.database,
    user: u.user,
    password: u.password,
    ssl:
      u.ssl === 'off'
        ? false
        : u.ssl === 'require'
          ? { rejectUnauthorized: false }
          : u.ssl === 'verify-ca'
            ? { rejectUnauthorized: true, checkServerIdentity: () => undefined }
            : { rejectUnauthorized: true },
    max: 3,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    query_timeout: 120_000,
    // A runner frozen (or cut off) inside a transaction would hold its run's row lock, and
    // every other claimer with it, until the server noticed: end such sessions within the
    // grace period (5–30 s), so a takeover is never held up for longer than that.
    idle_in_transaction_session_timeout: Math.round(Math.min(30, Math.max(5, livenessSettings().graceFloorSeconds)) * 1000),
    application_name: 'runner',
    types: TYPES,
  };
}

/** The user node-postgres connects as when the URL names none. */
function effectiveUser(u: PostgresUrl): string {
  if (u.user !== undefined) return u.user;
  if (process.env.PGUSER) return process.env.PGUSER;
  if (process.env.USER) return process.env.USER;
  try {
    return userInfo().username;
  } catch {
    return '?';
  }
}

/** Removes the password from a message we did not write (defence: ours never include it). */
function scrubber(password: string | undefined): (text: string) => string {
  if (password === undefined || password.length < 3) return (text) => text;
  return (text) => text.split(password).join('***');
}

type Scrub = (text: string) => string;

/** Our own one-line message for a failed first connection: never the server's text, which may quote the URL. */
function connectError(label: string, u: PostgresUrl, e: unknown, scrub: Scrub): StoreError {
  const code = errorCode(e);
  const user = effectiveUser(u);
  if (code === '28P01' || code === '28000') return new StoreError(`${label}: authentication failed for user "${user}"`);
  if (code === '3D000') return new StoreError(`${label}: no database "${u.database}" on the server (create it with createdb ${u.database})`);
  const message = e instanceof Error ? e.message : String(e);
  if (/client password must be/.test(message)) {
    return new StoreError(`${label}: the server asks for a password for user "${user}" (give it in the URL, $PGPASSWORD or ~/.pgpass)`);
  }
  const fault = faultOf(e);
  return new StoreError(`${label}: cannot connect (${fault?.reason ?? scrub(message.split('\n')[0]!)})`);
}

/**
 * Brings the schema to PG_SCHEMA_VERSION in one transaction under an advisory lock, so
 * two runners opening a new database at once cannot both migrate it. Reads first, so a
 * database written by a newer runner, or (with mustExist) one without our tables, is
 * refused before anything is written.
 */
async function migrate(client: PoolClient, label: string, { mustExist, readOnly }: PostgresOptions, scrub: Scrub): Promise<void> {
  const newer = (version: number) =>
    new StoreError(
      `${label}: written by a newer runner (schema version ${version}; this one knows up to ${PG_SCHEMA_VERSION}); upgrade runner`,
    );
  const storedVersion = async (): Promise<number | null> => {
    const { rows } = await client.query<{ version: number }>('SELECT version FROM runner_schema');
    return rows[0]?.version ?? null;
  };
  try {
    const { rows } = await client.query<{ present: boolean }>(`SELECT to_regclass('runner_schema') IS NOT NULL AS present`);
    if (!rows[0]!.present) {
      if (mustExist || readOnly) throw new StoreError(`${label}: no runs here yet (this database has no runner tables)`);
    } else {
      const version = (await storedVersion()) ?? 0;
      if (version > PG_SCHEMA_VERSION) throw newer(version);
      if (version === PG_SCHEMA_VERSION) return;
      if (readOnly) throw new StoreError(`${label}: written by an older runner (schema version ${version}); run \`runner runs --db URL\` once to upgrade it`);
    }
    await client.query('BEGIN');
    try {
      await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await client.query('CREATE TABLE IF NOT EXISTS runner_schema (version integer NOT NULL)');
      let version = await storedVersion();
      if (version === null) {
        await client.query('INSERT INTO runner_schema (version) VALUES (0)');
        version = 0;
      }
      if (version > PG_SCHEMA_VERSION) throw newer(version);
      for (let v = version; v < PG_SCHEMA_VERSION; v++) await client.query(PG_MIGRATIONS[v]!);
      await client.query('UPDATE runner_schema SET version = $1', [PG_SCHEMA_VERSION]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
  } catch (e) {
    if (e instanceof StoreError) throw e;
    const fault = faultOf(e);
    // Lost between the connect and these first queries (a restart): openPostgres waits for
    // a store reached before, as it does when the connect itself is refused.
    if (fault?.lost && reachedBefore(label)) throw e;
    if (fault) throw new StoreError(`${label}: cannot connect (${fault.reason})`);
    throw new StoreError(`${label}: cannot set up the runner tables: ${scrub((e as Error).message)}`);
  }
}

/** A failure worth retrying: why, and whether the connection itself was lost (vs a conflict with another transaction). */
interface Fault {
  reason: string;
  lost: boolean;
}

const NODE_FAULTS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection broken',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOENT: 'no server at the socket',
};
const SERVER_FAULTS: Record<string, Fault> = {
  '57P01': { reason: 'the server shut down', lost: true },
  '57P02': { reason: 'the server crashed', lost: true },
  '57P03': { reason: 'the server is starting up', lost: true },
  '25P03': { reason: 'the session sat idle in a transaction too long', lost: true },
  '53300': { reason: 'the server has too many connections', lost: true },
  '40001': { reason: 'serialization failure', lost: false },
  '40P01': { reason: 'deadlock', lost: false },
};

/** A node error code or SQLSTATE; Node's AggregateError (one per address tried) carries its members'. */
function errorCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; errors?: { code?: unknown }[] } | null;
  if (typeof err?.code === 'string') return err.code;
  const inner = err?.errors?.find((x) => typeof x?.code === 'string')?.code;
  return typeof inner === 'string' ? inner : undefined;
}

/** Whether an error is transient (the retry wrapper's business), and why. */
function faultOf(e: unknown): Fault | null {
  const code = errorCode(e);
  if (code !== undefined) {
    if (NODE_FAULTS[code]) return { reason: NODE_FAULTS[code]!, lost: true };
    if (SERVER_FAULTS[code]) return SERVER_FAULTS[code]!;
    if (code.startsWith('08')) return { reason: 'connection failure', lost: true };
  }
  const message = e instanceof Error ? e.message : '';
  if (/timeout exceeded when trying to connect|connection timeout/i.test(message)) return { reason: 'timed out after 10 s', lost: true };
  if (/Query read timeout/i.test(message)) return { reason: 'no answer for 120 s', lost: true };
  if (/Connection terminated|not queryable/i.test(message)) return { reason: 'connection terminated', lost: true };
  return null;
}

/** Server errors a user can do something about, as one line; any other error is left as it is (a bug). */
function userFacing(label: string, e: unknown, scrub: Scrub): unknown {
  const code = errorCode(e);
  if (code === undefined || !(e instanceof Error)) return e;
  const message = scrub(e.message);
  if (code.startsWith('28')) return new StoreError(`${label}: authentication failed: ${message}`);
  if (code === '3D000') return new StoreError(`${label}: the database is gone: ${message}`);
  if (code === '42501') return new StoreError(`${label}: ${message}`);
  if (code === '42P01') return new StoreError(`${label}: a runner table is missing (${message}); was it dropped?`);
  if (code === '25006') return new StoreError(`${label}: the server is read-only (${message})`);
  if (code.startsWith('53') || code.startsWith('54')) return new StoreError(`${label}: the server is out of resources (${message})`);
  return e;
}

/** Returned by a transaction's work to roll it back and still answer `value`. */
class Abort<T> {
  constructor(readonly value: T) {}
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** A runs row with the columns computed on reading, by the server's clock. */
const runSelect = (more = '') => `SELECT r.*,
    extract(epoch FROM clock_timestamp() - r.heartbeat_at::timestamptz)::double precision AS heartbeat_age_seconds,
    (SELECT max(seconds) FROM epochs e WHERE e.run_id = r.id) AS longest_epoch_seconds${more}
  FROM runs r`;
const RUN_SELECT = runSelect();


/** The ORDER BY of each table in a dump: its primary key (resumes have none: by time). */
const DUMP_ORDER: Record<Table, string> = {
  sweeps: 'id',
  runs: 'id',
  epochs: 'run_id, epoch',
  checkpoints: 'run_id, epoch',
  weights: 'run_id, epoch, position, name',
  optimizer_state: 'run_id, epoch, position, name',
  evaluations: 'run_id, epoch',
  resumes: 'run_id, resumed_at, from_epoch',
};

/**
 * Rows with the same columns, in as few INSERTs as PostgreSQL's parameter limit and a
 * sane statement size allow (a checkpoint's tensors are usually one statement).
 */
async function insertRows(c: PoolClient, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const names = columns.map(quote).join(', ');
  const size = (row: readonly unknown[]) =>
    row.reduce<number>((n, v) => n + (Buffer.isBuffer(v) ? v.byteLength : typeof v === 'string' ? v.length : 8), 0);
  for (let start = 0; start < rows.length; ) {
    let end = start;
    let load = 0;
    const fits = (next: number) => (next - start + 1) * columns.length <= MAX_PARAMS && load + size(rows[next]!) <= MAX_INSERT_BYTES;
    while (end < rows.length && (end === start || fits(end))) {
      load += size(rows[end]!);
      end++;
    }
    const chunk = rows.slice(start, end);
    const values = chunk.map((row, i) => `(${row.map((_, j) => `$${i * columns.length + j + 1}`).join(', ')})`).join(', ');
    await c.query(`INSERT INTO ${quote(table)} (${names}) VALUES ${values}`, chunk.flat());
    start = end;
  }
}

/** A run's weights or optimizer state for one epoch, in the order written. */
async function tensorRows(c: PoolClient, table: 'weights' | 'optimizer_state', runId: number, epoch: number): Promise<Tensor[]> {
  const { rows } = await c.query<{ name: string; shape: string; dtype: string; data: Buffer }>(
    `SELECT name, shape, dtype, data FROM ${table} WHERE run_id = $1 AND epoch = $2 ORDER BY position, name`,
    [runId, epoch],
  );
  return rows.map((r) => {
    if (r.dtype !== 'float32le') throw new StoreError(`${table} ${r.name} of run ${runId}: unknown dtype ${r.dtype}`);
    return { name: r.name, shape: JSON.parse(r.shape) as number[], data: float32FromBytes(r.data) };
  });
}

async function writeCheckpoint(
  c: PoolClient,
  runId: number,
  epoch: number,
  tensors: readonly Tensor[],
  rngState: Uint8Array,
  optimizer: OptimizerTensors,
): Promise<void> {
  const columns = ['run_id', 'epoch', 'name', 'shape', 'dtype', 'data', 'position'];
  for (const [table, list] of [['weights', tensors], ['optimizer_state', optimizer.tensors]] as const) {
    const rows = list.map((t, position) => [runId, epoch, t.name, JSON.stringify(t.shape), 'float32le', float32ToBytes(t.data), position]);
    await insertRows(c, table, columns, rows);
  }
  await c.query('INSERT INTO checkpoints (run_id, epoch, rng_state, optimizer_step) VALUES ($1, $2, $3, $4)', [
    runId,
    epoch,
    bytesOf(rngState),
    optimizer.step,
  ]);
}

export class PostgresStore implements Store {
  readonly kind = 'postgresql';
  /** Since when the server has not answered, and why; null while it does. Shared by concurrent calls, so an outage is told once. */
  private outage: { since: number; reason: string } | null = null;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    readonly label: string,
    private readonly retrySeconds: number,
    private readonly log: (line: string) => void,
    private readonly scrub: Scrub,
  ) {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /**
   * Runs `work` on one connection (in one transaction unless `transaction` is false) and
   * retries it whole, on a fresh connection, while the failure is transient: with
   * exponential backoff and jitter, for up to retrySeconds from the start of the outage.
   */
  private async run<T>(work: (c: PoolClient) => Promise<T | Abort<T>>, transaction = true): Promise<T> {
    const started = Date.now();
    // When this call first lost the connection (or the outage it met began): its window runs from there.
    let since: number | null = null;
    for (let attempt = 0; ; attempt++) {
      try {
        const value = await this.once(work, transaction);
        if (this.outage) {
          const seconds = Math.round((Date.now() - this.outage.since) / 1000);
          this.outage = null;
          this.log(`runner: ${this.label} is back after ${seconds} s`);
        }
        return value;
      } catch (e) {
        const fault = faultOf(e);
        if (!fault) throw userFacing(this.label, e, this.scrub);
        let announce = false;
        if (fault.lost) {
          if (this.outage) this.outage.reason = fault.reason;
          else {
            this.outage = { since: Date.now(), reason: fault.reason };
            announce = true;
          }
          since ??= this.outage.since;
        }
        const left = (since ?? started) + this.retrySeconds * 1000 - Date.now();
        if (left <= 0) {
          // Given up: a later call (the process may go on, to mark the run) gets a window of its own.
          this.outage = null;
          throw new StoreUnavailableError(
            `runner: ${this.label} did not come back within ${this.retrySeconds} s (${fault.reason}); every committed epoch is kept: resume later`,
          );
        }
        if (announce) this.log(`runner: lost the connection to ${this.label} (${fault.reason}); retrying for up to ${this.retrySeconds} s`);
        const backoff = Math.min(RETRY_CAP_MS, RETRY_FIRST_MS * 2 ** Math.min(attempt, 16));
        await sleep(Math.min(left, backoff * (0.5 + Math.random() / 2)));
      }
    }
  }

  /** One attempt: a client from the pool, discarded afterwards if its connection broke. */
  private async once<T>(work: (c: PoolClient) => Promise<T | Abort<T>>, transaction: boolean): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | null = null;
    // A connection that drops between two statements errors on the client, not on a query.
    const onError = (e: Error) => {
      broken = e;
    };
    client.on('error', onError);
    try {
      if (transaction) await client.query('BEGIN');
      const out = await work(client);
      if (transaction) await client.query(out instanceof Abort ? 'ROLLBACK' : 'COMMIT');
      return out instanceof Abort ? out.value : out;
    } catch (e) {
      if (broken === null && faultOf(e)?.lost) broken = e as Error;
      if (broken === null && transaction) {
        await client.query('ROLLBACK').catch((r: Error) => {
          broken = r;
        });
      }
      throw e;
    } finally {
      client.off('error', onError);
      client.release(broken ?? undefined);
    }
  }

  /** One statement, retried like a transaction. */
  private async rows<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.run(async (c) => (await c.query(sql, params as unknown[])).rows as R[], false);
  }

  async createRun(run: NewRun, initial: readonly Tensor[], rngState: Uint8Array, optimizer: OptimizerTensors): Promise<CreateResult> {
    const { owner, trial } = run;
    const more = {
      status: 'running',
      epochs: run.epochs,
      pid: owner.pid,
      host: owner.host,
      process_start: owner.processStart,
      claim_generation: 1,
      ...(trial ? { sweep_id: trial.sweepId, trial: trial.index, swept_json: JSON.stringify(trial.values) } : {}),
      ...(trial?.rung === 0 ? { rung: 0, pruned: 0 } : {}),
    };
    try {
      const runId = await this.run(async (c) => {
        const id = await this.insertRun(c, run, more, ['heartbeat_at']);
        await writeCheckpoint(c, id, 0, initial, rngState, optimizer);
        return id;
      });
      return { kind: 'created', runId, generation: 1 };
    } catch (e) {
      // The (sweep, trial) unique index: another process, maybe on another machine, created this trial's run first.
      if (trial && errorCode(e) === '23505' && (e as { constraint?: string }).constraint === 'runs_sweep_trial') {
        const existing = await this.trialRun(trial.sweepId, trial.index);
        if (existing) return { kind: 'trial-exists', run: existing };
      }
      throw e;
    }
  }

  async createImportedRun(run: ImportedRun, weights: readonly Tensor[], rngState: Uint8Array): Promise<number> {
    return this.run(async (c) => {
      const more = { status: 'imported', epochs: 0, imported_from: run.path, imported_sha256: run.sha256 };
      const id = await this.insertRun(c, run, more, ['finished_at']);
      await writeCheckpoint(c, id, 0, weights, rngState, { step: 0, tensors: [] });
      return id;
    });
  }

  /** A runs row: its settings, the columns in `more`, and created_at plus `stamped` set to one reading of the server's clock. */
  private async insertRun(
    c: PoolClient,
    run: RunSettings & { name: string; codeVersion: string },
    more: Record<string, string | number | null>,
    stamped: string[],
  ): Promise<number> {
    const columns: Record<string, string | number | null> = {
      name: run.name,
      ...settingsColumns(run),
      code_version: run.codeVersion,
      ...more,
    };
    const names = Object.keys(columns);
    const clocked = ['created_at', ...stamped];
    const { rows } = await c.query<{ id: number }>(
      `WITH clock AS (SELECT ${NOW} AS at)
       INSERT INTO runs (${[...names, ...clocked].join(', ')})
       VALUES (${[...names.map((_, k) => `$${k + 1}`), ...clocked.map(() => '(SELECT at FROM clock)')].join(', ')})
       RETURNING id`,
      Object.values(columns),
    );
    return rows[0]!.id;
  }

  async claimRun<R>(runId: number, request: ClaimRequest<R>): Promise<ClaimResult<R>> {
    return this.run<ClaimResult<R>>(async (c) => {
      // The row lock holds the run against every other claimer (and epoch writer) until commit.
      const { rows } = await c.query<RawRun>(`${RUN_SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [runId]);
      if (rows.length === 0) return new Abort({ kind: 'missing' });
      const decision = request.decide(decodeRun(rows[0]!));
      if (!decision.take) return new Abort({ kind: 'refused', refusal: decision.refusal });
      const { owner } = request;
      if (request.adopt) await this.adoptSettings(c, runId, request.adopt.settings, request.adopt.rngState);
      await c.query(
        `UPDATE runs SET status = 'running', epochs = $1, pid = $2, host = $3, process_start = $4, heartbeat_at = ${NOW},
           finished_at = NULL, error = NULL, claim_generation = claim_generation + 1, takeovers = takeovers + $5
         WHERE id = $6`,
        [request.epochs, owner.pid, owner.host, owner.processStart, decision.takeover ? 1 : 0, runId],
      );
      await c.query(
        `INSERT INTO resumes (run_id, resumed_at, from_epoch, epochs, code_version, pid, host, data_changed)
         VALUES ($1, ${NOW}, $2, $3, $4, $5, $6, $7)`,
        [runId, request.fromEpoch, request.epochs, request.codeVersion, owner.pid, owner.host, request.dataChanged],
      );
      const claimed = decodeRun((await c.query<RawRun>(`${RUN_SELECT} WHERE r.id = $1`, [runId])).rows[0]!);
      return { kind: 'claimed', generation: claimed.claim_generation, run: claimed };
    });
  }

  /**
   * An imported run trained under new settings starts from the PRNG state their seed gives
   * (it replaces epoch 0's), and its evaluations, made under the old settings, are dropped.
   */
  private async adoptSettings(c: PoolClient, runId: number, settings: RunSettings, rngState: Uint8Array): Promise<void> {
    await c.query('DELETE FROM evaluations WHERE run_id = $1', [runId]);
    const columns = settingsColumns(settings);
    const names = Object.keys(columns);
    await c.query(`UPDATE runs SET ${names.map((n, k) => `${n} = $${k + 1}`).join(', ')} WHERE id = $${names.length + 1}`, [
      ...Object.values(columns),
      runId,
    ]);
    await c.query('UPDATE checkpoints SET rng_state = $1 WHERE run_id = $2 AND epoch = 0', [bytesOf(rngState), runId]);
  }

  async recordEpoch(
    runId: number,
    generation: number,
    epoch: EpochFigures,
    tensors: readonly Tensor[],
    rngState: Uint8Array,
    optimizer: OptimizerTensors,
  ): Promise<FencedWrite> {
    return this.run<FencedWrite>(async (c) => {
      const { rows } = await c.query<{ claim_generation: number; stored: boolean }>(
        `SELECT claim_generation, EXISTS (SELECT 1 FROM epochs WHERE run_id = $1 AND epoch = $2) AS stored
         FROM runs WHERE id = $1 FOR UPDATE`,
        [runId, epoch.epoch],
      );
      const run = rows[0];
      if (!run || run.claim_generation !== generation) return new Abort('fenced');
      // Stored already: this is a retry of a commit that went in before its answer was lost.
      if (!run.stored) {
        await c.query(
          `INSERT INTO epochs (run_id, epoch, cross_entropy, seconds, finished_at, val_cross_entropy, val_accuracy) VALUES ($1, $2, $3, $4, ${NOW}, $5, $6)`,
          [runId, epoch.epoch, epoch.crossEntropy, epoch.seconds, finiteOrNull(epoch.validation?.crossEntropy), finiteOrNull(epoch.validation?.accuracy)],
        );
        await writeCheckpoint(c, runId, epoch.epoch, tensors, rngState, optimizer);
      }
      await c.query(`UPDATE runs SET heartbeat_at = ${NOW} WHERE id = $1`, [runId]);
      return 'ok';
    });
  }

  async heartbeat(runId: number, generation: number): Promise<FencedWrite> {
    const changed = await this.run(
      async (c) => (await c.query(`UPDATE runs SET heartbeat_at = ${NOW} WHERE id = $1 AND claim_generation = $2`, [runId, generation])).rowCount,
      false,
    );
    return (changed ?? 0) > 0 ? 'ok' : 'fenced';
  }

  async finishRun(
    runId: number,
    generation: number | null,
    status: Exclude<RunStatus, 'running' | 'imported'>,
    error: string | null = null,
  ): Promise<FencedWrite> {
    const fence = generation === null ? '' : ' AND claim_generation = $4';
    const params = [status, error, runId, ...(generation === null ? [] : [generation])];
    const changed = await this.run(
      async (c) => (await c.query(`UPDATE runs SET status = $1, finished_at = ${NOW}, error = $2 WHERE id = $3${fence}`, params)).rowCount,
      false,
    );
    return (changed ?? 0) > 0 ? 'ok' : 'fenced';
  }

  async recordEvaluation(runId: number, evaluation: Omit<Evaluation, 'evaluated_at'>): Promise<void> {
    const e = evaluation;
    await this.rows(
      `INSERT INTO evaluations (run_id, epoch, test_accuracy, test_cross_entropy, test_images, test_correct,
         test_images_sha256, test_labels_sha256, code_version, evaluated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ${NOW})
       ON CONFLICT (run_id, epoch) DO UPDATE SET test_accuracy = EXCLUDED.test_accuracy,
         test_cross_entropy = EXCLUDED.test_cross_entropy, test_images = EXCLUDED.test_images,
         test_correct = EXCLUDED.test_correct, test_images_sha256 = EXCLUDED.test_images_sha256,
         test_labels_sha256 = EXCLUDED.test_labels_sha256, code_version = EXCLUDED.code_version,
         evaluated_at = EXCLUDED.evaluated_at`,
      [runId, e.epoch, e.test_accuracy, e.test_cross_entropy, e.test_images, e.test_correct, e.test_images_sha256,
        e.test_labels_sha256, e.code_version],
    );
  }

  async getRun(runId: number): Promise<RunRow | undefined> {
    const [raw] = await this.rows<RawRun>(`${RUN_SELECT} WHERE r.id = $1`, [runId]);
    return raw && decodeRun(raw);
  }

  async resumeCandidates(): Promise<(RunRow & { epochs_done: number; last_cross_entropy: number | null })[]> {
    const raws = await this.rows<RawRun & { epochs_done: number; last_cross_entropy: number | null }>(
      `${runSelect(`, (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done,
         (SELECT cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_cross_entropy`)}
       WHERE r.status IN ('interrupted', 'running') ORDER BY r.id DESC`,
    );
    return raws.map(decodeRun);
  }

  async summaries(): Promise<RunSummaryRow[]> {
    return this.rows<RunSummaryRow>('SELECT * FROM run_summary ORDER BY id DESC');
  }

  async runList(filter?: RunListFilter): Promise<RunListRow[]> {
    const where = filter
      ? `WHERE s.id > $1 OR s.status = 'running' OR s.id = ANY($2::bigint[])
           OR s.id IN (SELECT run_id FROM evaluations WHERE evaluated_at > $3)`
      : '';
    const params = filter ? [filter.afterId, filter.ids, filter.evaluatedAfter] : [];
    return (await this.rows<RawRunListRow>(`${RUN_LIST} ${where} ORDER BY s.id DESC`, params)).map(decodeRunListRow);
  }

  async runIds(): Promise<number[]> {
    return (await this.rows<{ id: number }>('SELECT id FROM runs ORDER BY id')).map((r) => Number(r.id));
  }

  async changeToken(): Promise<string> {
    // xmin is the transaction that last wrote a row: its maximum moves on every insert or
    // update (an epoch's commit stamps its run's heartbeat_at), the counts on a delete.
    const rows = await this.rows<{ token: string }>(
      `SELECT concat_ws(' ', (SELECT max(xmin::text::bigint) FROM runs), (SELECT count(*) FROM runs),
         (SELECT max(xmin::text::bigint) FROM evaluations), (SELECT count(*) FROM evaluations),
         (SELECT max(xmin::text::bigint) FROM sweeps)) AS token`,
    );
    return rows[0]!.token;
  }

  async epochRows(runId: number): Promise<EpochRow[]> {
    return this.rows<EpochRow>('SELECT epoch, cross_entropy, seconds, finished_at, val_cross_entropy, val_accuracy FROM epochs WHERE run_id = $1 ORDER BY epoch', [runId]);
  }

  async resumes(runId: number): Promise<ResumeRow[]> {
    return this.rows<ResumeRow>('SELECT * FROM resumes WHERE run_id = $1 ORDER BY resumed_at, from_epoch', [runId]);
  }

  async evaluations(runId: number): Promise<Evaluation[]> {
    return this.rows<Evaluation>(
      `SELECT epoch, test_accuracy, test_cross_entropy, test_images, test_correct, test_images_sha256,
         test_labels_sha256, code_version, evaluated_at FROM evaluations WHERE run_id = $1 ORDER BY epoch`,
      [runId],
    );
  }

  async checkpointEpochs(runId: number): Promise<number[]> {
    const rows = await this.rows<{ epoch: number }>('SELECT epoch FROM checkpoints WHERE run_id = $1 ORDER BY epoch', [runId]);
    return rows.map((r) => r.epoch);
  }

  async lastCheckpoint(runId: number): Promise<Checkpoint | undefined> {
    return this.run<Checkpoint | undefined>(async (c) => {
      const { rows } = await c.query<{ epoch: number; rng_state: Buffer; optimizer_step: number }>(
        'SELECT epoch, rng_state, optimizer_step FROM checkpoints WHERE run_id = $1 ORDER BY epoch DESC LIMIT 1',
        [runId],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        epoch: row.epoch,
        tensors: await tensorRows(c, 'weights', runId, row.epoch),
        rngState: new Uint8Array(row.rng_state),
        optimizer: { step: row.optimizer_step, tensors: await tensorRows(c, 'optimizer_state', runId, row.epoch) },
      };
    });
  }

  async weights(runId: number, epoch: number): Promise<Tensor[]> {
    return this.run((c) => tensorRows(c, 'weights', runId, epoch), false);
  }

  async findOrCreateSweep(sweep: NewSweep, legacyHash?: string): Promise<SweepLookup> {
    return this.run<SweepLookup>(async (c) => {
      // Two machines starting the same sweep at once: the second waits here, then finds the first's.
      await c.query(`SELECT pg_advisory_xact_lock(${SWEEP_LOCK})`);
      const byHash = async (hash: string) =>
        (await c.query<RawSweep>('SELECT * FROM sweeps WHERE config_hash = $1', [hash])).rows[0];
      const found = await byHash(sweep.configHash);
      if (found && sweep.trials > Number(found.trials)) {
        // A random search asked for more draws: the first ones are the same trials.
        await c.query('UPDATE sweeps SET trials = $1, config_yaml = $2, overrides_json = $3, experiment_path = $4 WHERE id = $5', [
          sweep.trials,
          sweep.configYaml,
          JSON.stringify(sweep.overrides),
          sweep.experimentPath,
          found.id,
        ]);
        return { kind: 'found', sweep: decodeSweep((await byHash(sweep.configHash))!) };
      }
      if (found) return { kind: 'found', sweep: decodeSweep(found) };
      const legacy = legacyHash === undefined ? undefined : await byHash(legacyHash);
      if (legacy) {
        // A sweep started before its identity left out the file's folder: it takes the new one.
        await c.query('UPDATE sweeps SET config_hash = $1, spec_hash = $2, data_sha256_json = $3 WHERE id = $4', [
          sweep.configHash,
          sweep.specHash,
          JSON.stringify(sweep.dataSha256),
          legacy.id,
        ]);
        return { kind: 'found', sweep: decodeSweep((await byHash(sweep.configHash))!) };
      }
      const sameSpec = (await c.query<RawSweep>('SELECT * FROM sweeps WHERE spec_hash = $1 ORDER BY id LIMIT 1', [sweep.specHash])).rows[0];
      if (sameSpec) return { kind: 'other-data', sweep: decodeSweep(sameSpec) };
      const { rows } = await c.query<RawSweep>(
        `INSERT INTO sweeps (name, config_hash, config_yaml, overrides_json, experiment_path, swept_keys_json, trials, created_at,
           spec_hash, data_sha256_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, ${NOW}, $8, $9) RETURNING *`,
        [sweep.name, sweep.configHash, sweep.configYaml, JSON.stringify(sweep.overrides), sweep.experimentPath,
          JSON.stringify(sweep.sweptKeys), sweep.trials, sweep.specHash, JSON.stringify(sweep.dataSha256)],
      );
      return { kind: 'created', sweep: decodeSweep(rows[0]!) };
    });
  }

  async getSweep(sweepId: number): Promise<SweepRow | undefined> {
    const [raw] = await this.rows<RawSweep>('SELECT * FROM sweeps WHERE id = $1', [sweepId]);
    return raw && decodeSweep(raw);
  }

  async trialRun(sweepId: number, trial: number): Promise<RunRow | undefined> {
    const [raw] = await this.rows<RawRun>(`${RUN_SELECT} WHERE r.sweep_id = $1 AND r.trial = $2`, [sweepId, trial]);
    return raw && decodeRun(raw);
  }

  async trialRuns(sweepId: number): Promise<RunRow[]> {
    return (await this.rows<RawRun>(`${RUN_SELECT} WHERE r.sweep_id = $1 ORDER BY r.trial`, [sweepId])).map(decodeRun);
  }

  async sweepResults(sweepId: number): Promise<SweepResultRow[]> {
    const raws = await this.rows<RawSweepResult>('SELECT * FROM sweep_results WHERE sweep_id = $1 ORDER BY trial', [sweepId]);
    return raws.map(decodeSweepResult);
  }

  async sweepEpochs(sweepId: number): Promise<SweepEpochRow[]> {
    return this.rows<SweepEpochRow>(
      `SELECT r.trial, e.epoch, e.cross_entropy, e.val_cross_entropy, e.val_accuracy
       FROM epochs e JOIN runs r ON r.id = e.run_id WHERE r.sweep_id = $1 ORDER BY r.trial, e.epoch`,
      [sweepId],
    );
  }

  async decideRung(sweepId: number, rung: number, promoted: readonly number[]): Promise<void> {
    await this.run(async (c) => {
      await c.query('UPDATE runs SET rung = $1 WHERE sweep_id = $2 AND rung = $3 AND trial = ANY($4::bigint[])', [rung + 1, sweepId, rung, promoted]);
      await c.query('UPDATE runs SET pruned = 1 WHERE sweep_id = $1 AND rung = $2 AND pruned = 0 AND NOT (trial = ANY($3::bigint[]))', [sweepId, rung, promoted]);
      return undefined;
    });
  }

  async dump(selection: { runIds: readonly number[] } | { sweepId: number }): Promise<Dump> {
    return this.run<Dump>(async (c) => {
      // One snapshot for every table, so a run trained meanwhile is copied whole or as it was.
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const runIds =
        'runIds' in selection
          ? [...selection.runIds]
          : (await c.query<{ id: number }>('SELECT id FROM runs WHERE sweep_id = $1 ORDER BY id', [selection.sweepId])).rows.map((r) => r.id);
      const sweepIds =
        'sweepId' in selection
          ? [selection.sweepId]
          : (
              await c.query<{ sweep_id: number }>(
                'SELECT DISTINCT sweep_id FROM runs WHERE id = ANY($1::bigint[]) AND sweep_id IS NOT NULL ORDER BY sweep_id',
                [runIds],
              )
            ).rows.map((r) => r.sweep_id);
      const dump = {} as Dump;
      for (const table of TABLES) {
        const key = table === 'sweeps' || table === 'runs' ? 'id' : 'run_id';
        const { rows } = await c.query<Record<string, Cell>>(
          `SELECT * FROM ${table} WHERE ${key} = ANY($1::bigint[]) ORDER BY ${DUMP_ORDER[table]}`,
          [table === 'sweeps' ? sweepIds : runIds],
        );
        dump[table] = rows;
      }
      return dump;
    });
  }

  async load(dump: Dump, replace: boolean): Promise<{ kind: 'loaded' } | { kind: 'exists'; runIds: number[]; sweepIds: number[] }> {
    type Loaded = { kind: 'loaded' } | { kind: 'exists'; runIds: number[]; sweepIds: number[] };
    return this.run<Loaded>(async (c) => {
      // Serialised with findOrCreateSweep, which would otherwise race us for a config hash.
      await c.query(`SELECT pg_advisory_xact_lock(${SWEEP_LOCK})`);
      await this.checkColumns(c, dump);
      const dumpRunIds = dump.runs.map((r) => Number(r.id));
      const existingRuns = (
        await c.query<{ id: number }>('SELECT id FROM runs WHERE id = ANY($1::bigint[]) ORDER BY id', [dumpRunIds])
      ).rows.map((r) => r.id);
      const { rows: sweepsHere } = await c.query<{ id: number; config_hash: string }>(
        'SELECT id, config_hash FROM sweeps WHERE id = ANY($1::bigint[]) OR config_hash = ANY($2::text[])',
        [dump.sweeps.map((s) => Number(s.id)), dump.sweeps.map((s) => String(s.config_hash))],
      );
      const there = new Map(sweepsHere.map((r) => [r.id, r.config_hash]));
      const kept = new Set<number>();
      const clashing: number[] = [];
      for (const s of dump.sweeps) {
        const id = Number(s.id);
        const hash = there.get(id);
        if (hash === s.config_hash) kept.add(id);
        else if (hash !== undefined) clashing.push(id);
        const twin = [...there].find(([otherId, otherHash]) => otherHash === s.config_hash && otherId !== id);
        if (twin) {
          throw new StoreError(`${this.label}: sweep ${id} of the copy is sweep ${twin[0]} here (the same config hash); cannot load it under its own id`);
        }
      }
      if ((existingRuns.length > 0 || clashing.length > 0) && !replace) {
        return new Abort({ kind: 'exists', runIds: existingRuns, sweepIds: clashing.sort((a, b) => a - b) });
      }
      // ON DELETE CASCADE takes the runs' epochs, weights, checkpoints, evaluations and resumes.
      if (existingRuns.length > 0) await c.query('DELETE FROM runs WHERE id = ANY($1::bigint[])', [existingRuns]);
      for (const s of dump.sweeps.filter((row) => clashing.includes(Number(row.id)))) {
        // Replaced in place: runs here that name it keep their sweep_id valid.
        const names = Object.keys(s).filter((n) => n !== 'id');
        await c.query(`UPDATE sweeps SET ${names.map((n, k) => `${quote(n)} = $${k + 1}`).join(', ')} WHERE id = $${names.length + 1}`, [
          ...names.map((n) => s[n]),
          s.id,
        ]);
      }
      await this.checkTrials(c, dump);
      for (const table of TABLES) {
        const rows = table === 'sweeps' ? dump.sweeps.filter((s) => !kept.has(Number(s.id)) && !clashing.includes(Number(s.id))) : dump[table];
        // Rows are inserted in groups that share their columns (a dump from an older store may lack some).
        const groups = new Map<string, Record<string, Cell>[]>();
        for (const row of rows) {
          const key = Object.keys(row).join('\0');
          const group = groups.get(key);
          if (group) group.push(row);
          else groups.set(key, [row]);
        }
        for (const group of groups.values()) {
          const columns = Object.keys(group[0]!);
          await insertRows(c, table, columns, group.map((row) => columns.map((n) => row[n])));
        }
      }
      // Ids were given, not drawn: move each identity past the highest, so the next insert does not collide.
      for (const table of ['sweeps', 'runs']) {
        await c.query(
          `SELECT setval(seq, m) FROM (SELECT pg_get_serial_sequence('${table}', 'id') AS seq) s,
             LATERAL (SELECT greatest((SELECT max(id) FROM ${table}), pg_sequence_last_value(seq::regclass)) AS m) g
           WHERE m IS NOT NULL`,
        );
      }
      return { kind: 'loaded' };
    });
  }

  /** A dump naming a column this schema lacks is refused by name, before anything is written. */
  private async checkColumns(c: PoolClient, dump: Dump): Promise<void> {
    const { rows } = await c.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
      [[...TABLES]],
    );
    const known = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    for (const table of TABLES) {
      for (const row of dump[table]) {
        const unknown = Object.keys(row).find((n) => !known.has(`${table}.${n}`));
        if (unknown !== undefined) throw new StoreError(`${this.label}: cannot load: table ${table} has no column "${unknown}" here`);
      }
    }
  }

  /** A trial of the copy that another run here already holds would break the one-run-per-trial index: say which. */
  private async checkTrials(c: PoolClient, dump: Dump): Promise<void> {
    const trials = dump.runs.filter((r) => r.sweep_id !== null && r.sweep_id !== undefined && r.trial !== null && r.trial !== undefined);
    if (trials.length === 0) return;
    const { rows } = await c.query<{ id: number; sweep_id: number; trial: number }>(
      `SELECT r.id, r.sweep_id, r.trial FROM runs r
       JOIN unnest($1::bigint[], $2::bigint[]) AS d(sweep_id, trial) ON r.sweep_id = d.sweep_id AND r.trial = d.trial
       ORDER BY r.sweep_id, r.trial`,
      [trials.map((r) => Number(r.sweep_id)), trials.map((r) => Number(r.trial))],
    );
    const taken = rows[0];
    if (taken) {
      const copy = trials.find((r) => Number(r.sweep_id) === taken.sweep_id && Number(r.trial) === taken.trial)!;
      throw new StoreError(
        `${this.label}: cannot load run ${copy.id}: trial ${taken.trial} of sweep ${taken.sweep_id} is run ${taken.id} here`,
      );
    }
  }
}
