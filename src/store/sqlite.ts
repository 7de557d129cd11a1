import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError, StoreUnavailableError } from '../errors.js';
import { openDatabase, openDatabaseReadOnly, type Db } from './db.js';
import { float32FromBytes, float32ToBytes } from './float32.js';
import { bytesOf, settingsColumns, decodeRun, decodeRunListRow, RUN_LIST, type RawRunListRow, decodeSweep, decodeSweepResult, type RawRun, type RawSweep, type RawSweepResult } from './rows.js';
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

/** The store's clock, as ISO 8601 UTC with milliseconds (what toISOString gives). */
const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** A runs row with the columns computed on reading: the heartbeat's age and the longest epoch. */
const runSelect = (more = '') => `SELECT r.*,
    CASE WHEN r.heartbeat_at IS NULL THEN NULL ELSE (julianday('now') - julianday(r.heartbeat_at)) * 86400.0 END AS heartbeat_age_seconds,
    (SELECT max(seconds) FROM epochs e WHERE e.run_id = r.id) AS longest_epoch_seconds${more}
  FROM runs r`;
const RUN_SELECT = runSelect();



/**
 * The embedded store: one SQLite file (WAL), through better-sqlite3. Synchronous
 * underneath; async only to share the Store interface. A failure of the file itself
 * (locked past the busy timeout, disk full, read-only) is a StoreUnavailableError.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';

  private constructor(
    private readonly db: Db,
    readonly label: string,
  ) {}

  /**
   * Opens (creating and migrating if needed) the file; with `mustExist`, a missing file is
   * refused; with `readOnly`, it is only read (openDatabaseReadOnly), and must exist.
   */
  static open(path: string, options: { mustExist: boolean; readOnly?: boolean }): SqliteStore {
    if ((options.mustExist || options.readOnly) && path !== ':memory:' && !existsSync(path)) {
      throw new StoreError(`${path}: no run database here (give --db PATH)`);
    }
    return new SqliteStore(options.readOnly ? openDatabaseReadOnly(path) : openDatabase(path), path);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Runs `step`, turning the driver's failures into the runner's own error. */
  private guard<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      if (e instanceof Database.SqliteError) {
        throw new StoreUnavailableError(`runner: the run database failed: ${e.message} (${e.code})`);
      }
      throw e;
    }
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
      const runId = this.insertRun(run, initial, rngState, optimizer, more, ['heartbeat_at']);
      return { kind: 'created', runId, generation: 1 };
    } catch (e) {
      // The (sweep, trial) unique index: another process created this trial's run first.
      if (trial && e instanceof Database.SqliteError && e.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        return { kind: 'trial-exists', run: (await this.trialRun(trial.sweepId, trial.index))! };
      }
      return this.guard(() => {
        throw e;
      });
    }
  }

  async createImportedRun(run: ImportedRun, weights: readonly Tensor[], rngState: Uint8Array): Promise<number> {
    return this.guard(() =>
      this.insertRun(run, weights, rngState, { step: 0, tensors: [] }, {
        status: 'imported',
        epochs: 0,
        imported_from: run.path,
        imported_sha256: run.sha256,
      }, ['finished_at']),
    );
  }

  /**
   * A runs row (its settings, the columns in `more`, and `stamped` ones set to the store's
   * now, as created_at is) and its epoch-0 checkpoint, in one transaction.
   */
  private insertRun(
    run: RunSettings & { name: string; codeVersion: string },
    weights: readonly Tensor[],
    rngState: Uint8Array,
    optimizer: OptimizerTensors,
    more: Record<string, string | number | null>,
    stamped: string[],
  ): number {
    const columns: Record<string, string | number | null> = {
      name: run.name,
      ...settingsColumns(run),
      code_version: run.codeVersion,
      ...more,
    };
    const names = Object.keys(columns);
    const clocked = ['created_at', ...stamped];
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO runs (${[...names, ...clocked].join(', ')})
           VALUES (${[...names.map((n) => `@${n}`), ...clocked.map(() => NOW)].join(', ')})`,
        )
        .run(columns);
      const runId = Number(lastInsertRowid);
      this.writeCheckpoint(runId, 0, weights, rngState, optimizer);
      return runId;
    })();
  }

  async claimRun<R>(runId: number, request: ClaimRequest<R>): Promise<ClaimResult<R>> {
    return this.guard(() =>
      this.db.transaction((): ClaimResult<R> => {
        const run = this.readRun(runId);
        if (!run) return { kind: 'missing' };
        const decision = request.decide(run);
        if (!decision.take) return { kind: 'refused', refusal: decision.refusal };
        const { owner } = request;
        if (request.adopt) this.adoptSettings(runId, request.adopt.settings, request.adopt.rngState);
        this.db
          .prepare(
            `UPDATE runs SET status = 'running', epochs = ?, pid = ?, host = ?, process_start = ?, heartbeat_at = ${NOW},
               finished_at = NULL, error = NULL, claim_generation = claim_generation + 1, takeovers = takeovers + ?
             WHERE id = ?`,
          )
          .run(request.epochs, owner.pid, owner.host, owner.processStart, decision.takeover ? 1 : 0, runId);
        this.db
          .prepare(
            `INSERT INTO resumes (run_id, resumed_at, from_epoch, epochs, code_version, pid, host, data_changed)
             VALUES (?, ${NOW}, ?, ?, ?, ?, ?, ?)`,
          )
          .run(runId, request.fromEpoch, request.epochs, request.codeVersion, owner.pid, owner.host, request.dataChanged);
        const claimed = this.readRun(runId)!;
        return { kind: 'claimed', generation: claimed.claim_generation, run: claimed };
      }).immediate(),
    );
  }

  /**
   * An imported run trained under new settings starts from the PRNG state their seed gives
   * (it replaces epoch 0's), and its evaluations, made under the old settings, are dropped.
   */
  private adoptSettings(runId: number, e: RunSettings, rngState: Uint8Array): void {
    this.db.prepare('DELETE FROM evaluations WHERE run_id = ?').run(runId);
    const columns = settingsColumns(e);
    this.db.prepare(`UPDATE runs SET ${Object.keys(columns).map((n) => `${n} = @${n}`).join(', ')} WHERE id = @runId`).run({ ...columns, runId });
    this.db.prepare('UPDATE checkpoints SET rng_state = ? WHERE run_id = ? AND epoch = 0').run(bytesOf(rngState), runId);
  }

  async recordEpoch(
    runId: number,
    generation: number,
    epoch: EpochFigures,
    tensors: readonly Tensor[],
    rngState: Uint8Array,
    optimizer: OptimizerTensors,
  ): Promise<FencedWrite> {
    return this.guard(() =>
      this.db.transaction((): FencedWrite => {
        if (!this.holds(runId, generation)) return 'fenced';
        const stored = this.db.prepare('SELECT 1 FROM epochs WHERE run_id = ? AND epoch = ?').get(runId, epoch.epoch);
        if (!stored) {
          this.db
            .prepare(
              `INSERT INTO epochs (run_id, epoch, cross_entropy, seconds, finished_at, val_cross_entropy, val_accuracy) VALUES (?, ?, ?, ?, ${NOW}, ?, ?)`,
            )
            .run(runId, epoch.epoch, epoch.crossEntropy, epoch.seconds, finiteOrNull(epoch.validation?.crossEntropy), finiteOrNull(epoch.validation?.accuracy));
          this.writeCheckpoint(runId, epoch.epoch, tensors, rngState, optimizer);
        }
        this.db.prepare(`UPDATE runs SET heartbeat_at = ${NOW} WHERE id = ?`).run(runId);
        return 'ok';
      }).immediate(),
    );
  }

  /** Whether `generation` is the run's current claim. */
  private holds(runId: number, generation: number): boolean {
    const row = this.db.prepare('SELECT claim_generation FROM runs WHERE id = ?').get(runId) as { claim_generation: number } | undefined;
    return row?.claim_generation === generation;
  }

  async heartbeat(runId: number, generation: number): Promise<FencedWrite> {
    return this.guard(() => {
      const { changes } = this.db.prepare(`UPDATE runs SET heartbeat_at = ${NOW} WHERE id = ? AND claim_generation = ?`).run(runId, generation);
      return changes > 0 ? 'ok' : 'fenced';
    });
  }

  async finishRun(
    runId: number,
    generation: number | null,
    status: Exclude<RunStatus, 'running' | 'imported'>,
    error: string | null = null,
  ): Promise<FencedWrite> {
    return this.guard(() => {
      const fence = generation === null ? '' : ' AND claim_generation = ?';
      const { changes } = this.db
        .prepare(`UPDATE runs SET status = ?, finished_at = ${NOW}, error = ? WHERE id = ?${fence}`)
        .run(status, error, runId, ...(generation === null ? [] : [generation]));
      return changes > 0 ? 'ok' : 'fenced';
    });
  }

  async recordEvaluation(runId: number, evaluation: Omit<Evaluation, 'evaluated_at'>): Promise<void> {
    const e = evaluation;
    this.guard(() =>
      this.db
        .prepare(
          `INSERT OR REPLACE INTO evaluations (run_id, epoch, test_accuracy, test_cross_entropy, test_images, test_correct,
             test_images_sha256, test_labels_sha256, code_version, evaluated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ${NOW})`,
        )
        .run(runId, e.epoch, e.test_accuracy, e.test_cross_entropy, e.test_images, e.test_correct,
          e.test_images_sha256, e.test_labels_sha256, e.code_version),
    );
  }

  private readRun(runId: number): RunRow | undefined {
    const raw = this.db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(runId) as RawRun | undefined;
    return raw && decodeRun(raw);
  }

  async getRun(runId: number): Promise<RunRow | undefined> {
    return this.guard(() => this.readRun(runId));
  }

  async resumeCandidates(): Promise<(RunRow & { epochs_done: number; last_cross_entropy: number | null })[]> {
    return this.guard(() =>
      (
        this.db
          .prepare(
            `${runSelect(`, (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done,
               (SELECT cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_cross_entropy`)}
             WHERE r.status IN ('interrupted', 'running') ORDER BY r.id DESC`,
          )
          .all() as (RawRun & { epochs_done: number; last_cross_entropy: number | null })[]
      ).map(decodeRun),
    );
  }

  async summaries(): Promise<RunSummaryRow[]> {
    return this.guard(() => this.db.prepare('SELECT * FROM run_summary ORDER BY id DESC').all() as RunSummaryRow[]);
  }

  async runList(filter?: RunListFilter): Promise<RunListRow[]> {
    const where = filter
      ? `WHERE s.id > @afterId OR s.status = 'running' OR s.id IN (SELECT value FROM json_each(@ids))
           OR s.id IN (SELECT run_id FROM evaluations WHERE evaluated_at > @evaluatedAfter)`
      : '';
    const params = filter ? { afterId: filter.afterId, ids: JSON.stringify(filter.ids), evaluatedAfter: filter.evaluatedAfter } : {};
    return this.guard(() =>
      (this.db.prepare(`${RUN_LIST} ${where} ORDER BY s.id DESC`).all(params) as RawRunListRow[]).map(decodeRunListRow),
    );
  }

  async runIds(): Promise<number[]> {
    return this.guard(() => (this.db.prepare('SELECT id FROM runs ORDER BY id').pluck().all() as number[]));
  }

  async changeToken(): Promise<string> {
    // Raised for this connection whenever another connection commits: costs no table read.
    return this.guard(() => String(this.db.pragma('data_version', { simple: true })));
  }

  async epochRows(runId: number): Promise<EpochRow[]> {
    return this.guard(
      () =>
        this.db
          .prepare('SELECT epoch, cross_entropy, seconds, finished_at, val_cross_entropy, val_accuracy FROM epochs WHERE run_id = ? ORDER BY epoch')
          .all(runId) as EpochRow[],
    );
  }

  async resumes(runId: number): Promise<ResumeRow[]> {
    return this.guard(
      () => this.db.prepare('SELECT * FROM resumes WHERE run_id = ? ORDER BY resumed_at, from_epoch').all(runId) as ResumeRow[],
    );
  }

  async evaluations(runId: number): Promise<Evaluation[]> {
    return this.guard(
      () =>
        this.db
          .prepare(
            `SELECT epoch, test_accuracy, test_cross_entropy, test_images, test_correct, test_images_sha256,
               test_labels_sha256, code_version, evaluated_at FROM evaluations WHERE run_id = ? ORDER BY epoch`,
          )
          .all(runId) as Evaluation[],
    );
  }

  async checkpointEpochs(runId: number): Promise<number[]> {
    return this.guard(() =>
      (this.db.prepare('SELECT epoch FROM checkpoints WHERE run_id = ? ORDER BY epoch').all(runId) as { epoch: number }[]).map((r) => r.epoch),
    );
  }

  async lastCheckpoint(runId: number): Promise<Checkpoint | undefined> {
    return this.guard(() =>
      this.db.transaction(() => {
        const row = this.db
          .prepare('SELECT epoch, rng_state, optimizer_step FROM checkpoints WHERE run_id = ? ORDER BY epoch DESC LIMIT 1')
          .get(runId) as { epoch: number; rng_state: Buffer; optimizer_step: number } | undefined;
        if (!row) return undefined;
        return {
          epoch: row.epoch,
          tensors: this.tensorRows('weights', runId, row.epoch),
          rngState: new Uint8Array(row.rng_state),
          optimizer: { step: row.optimizer_step, tensors: this.tensorRows('optimizer_state', runId, row.epoch) },
        };
      })(),
    );
  }

  async weights(runId: number, epoch: number): Promise<Tensor[]> {
    return this.guard(() => this.tensorRows('weights', runId, epoch));
  }

  private tensorRows(table: 'weights' | 'optimizer_state', runId: number, epoch: number): Tensor[] {
    const rows = this.db
      .prepare(`SELECT name, shape, dtype, data FROM ${table} WHERE run_id = ? AND epoch = ? ORDER BY position`)
      .all(runId, epoch) as { name: string; shape: string; dtype: string; data: Buffer }[];
    return rows.map((r) => {
      if (r.dtype !== 'float32le') throw new StoreError(`${table} ${r.name} of run ${runId}: unknown dtype ${r.dtype}`);
      return { name: r.name, shape: JSON.parse(r.shape) as number[], data: float32FromBytes(r.data) };
    });
  }

  private writeCheckpoint(runId: number, epoch: number, tensors: readonly Tensor[], rngState: Uint8Array, optimizer: OptimizerTensors): void {
    for (const [table, list] of [['weights', tensors], ['optimizer_state', optimizer.tensors]] as const) {
      const insert = this.db.prepare(
        `INSERT INTO ${table} (run_id, epoch, name, shape, dtype, data, position) VALUES (?, ?, ?, ?, 'float32le', ?, ?)`,
      );
      list.forEach((t, position) => insert.run(runId, epoch, t.name, JSON.stringify(t.shape), float32ToBytes(t.data), position));
    }
    this.db
      .prepare('INSERT INTO checkpoints (run_id, epoch, rng_state, optimizer_step) VALUES (?, ?, ?, ?)')
      .run(runId, epoch, bytesOf(rngState), optimizer.step);
  }

  async findOrCreateSweep(sweep: NewSweep, legacyHash?: string): Promise<SweepLookup> {
    return this.guard(() =>
      this.db.transaction((): SweepLookup => {
        const byHash = (hash: string) => this.db.prepare('SELECT * FROM sweeps WHERE config_hash = ?').get(hash) as RawSweep | undefined;
        const found = byHash(sweep.configHash);
        if (found && sweep.trials > found.trials) {
          // A random search asked for more draws: the first ones are the same trials.
          this.db
            .prepare('UPDATE sweeps SET trials = ?, config_yaml = ?, overrides_json = ?, experiment_path = ? WHERE id = ?')
            .run(sweep.trials, sweep.configYaml, JSON.stringify(sweep.overrides), sweep.experimentPath, found.id);
          return { kind: 'found', sweep: decodeSweep(byHash(sweep.configHash)!) };
        }
        if (found) return { kind: 'found', sweep: decodeSweep(found) };
        const legacy = legacyHash === undefined ? undefined : byHash(legacyHash);
        if (legacy) {
          // A sweep started before its identity left out the file's folder: it takes the new one.
          this.db
            .prepare('UPDATE sweeps SET config_hash = ?, spec_hash = ?, data_sha256_json = ? WHERE id = ?')
            .run(sweep.configHash, sweep.specHash, JSON.stringify(sweep.dataSha256), legacy.id);
          return { kind: 'found', sweep: decodeSweep(byHash(sweep.configHash)!) };
        }
        const sameSpec = this.db.prepare('SELECT * FROM sweeps WHERE spec_hash = ? ORDER BY id LIMIT 1').get(sweep.specHash) as
          | RawSweep
          | undefined;
        if (sameSpec) return { kind: 'other-data', sweep: decodeSweep(sameSpec) };
        this.db
          .prepare(
            `INSERT INTO sweeps (name, config_hash, config_yaml, overrides_json, experiment_path, swept_keys_json, trials, created_at,
               spec_hash, data_sha256_json)
             VALUES (?, ?, ?, ?, ?, ?, ?, ${NOW}, ?, ?)`,
          )
          .run(sweep.name, sweep.configHash, sweep.configYaml, JSON.stringify(sweep.overrides), sweep.experimentPath,
            JSON.stringify(sweep.sweptKeys), sweep.trials, sweep.specHash, JSON.stringify(sweep.dataSha256));
        return { kind: 'created', sweep: decodeSweep(byHash(sweep.configHash)!) };
      }).immediate(),
    );
  }

  async getSweep(sweepId: number): Promise<SweepRow | undefined> {
    return this.guard(() => {
      const raw = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(sweepId) as RawSweep | undefined;
      return raw && decodeSweep(raw);
    });
  }

  async trialRun(sweepId: number, trial: number): Promise<RunRow | undefined> {
    return this.guard(() => {
      const raw = this.db.prepare(`${RUN_SELECT} WHERE r.sweep_id = ? AND r.trial = ?`).get(sweepId, trial) as RawRun | undefined;
      return raw && decodeRun(raw);
    });
  }

  async trialRuns(sweepId: number): Promise<RunRow[]> {
    return this.guard(() =>
      (this.db.prepare(`${RUN_SELECT} WHERE r.sweep_id = ? ORDER BY r.trial`).all(sweepId) as RawRun[]).map(decodeRun),
    );
  }

  async sweepResults(sweepId: number): Promise<SweepResultRow[]> {
    return this.guard(() =>
      (this.db.prepare('SELECT * FROM sweep_results WHERE sweep_id = ? ORDER BY trial').all(sweepId) as RawSweepResult[]).map(decodeSweepResult),
    );
  }

  async sweepEpochs(sweepId: number): Promise<SweepEpochRow[]> {
    return this.guard(
      () =>
        this.db
          .prepare(
            `SELECT r.trial, e.epoch, e.cross_entropy, e.val_cross_entropy, e.val_accuracy
             FROM epochs e JOIN runs r ON r.id = e.run_id WHERE r.sweep_id = ? ORDER BY r.trial, e.epoch`,
          )
          .all(sweepId) as SweepEpochRow[],
    );
  }

  async decideRung(sweepId: number, rung: number, promoted: readonly number[]): Promise<void> {
    const list = JSON.stringify(promoted);
    this.guard(() =>
      this.db.transaction(() => {
        this.db
          .prepare('UPDATE runs SET rung = ? WHERE sweep_id = ? AND rung = ? AND trial IN (SELECT value FROM json_each(?))')
          .run(rung + 1, sweepId, rung, list);
        this.db
          .prepare('UPDATE runs SET pruned = 1 WHERE sweep_id = ? AND rung = ? AND pruned = 0 AND trial NOT IN (SELECT value FROM json_each(?))')
          .run(sweepId, rung, list);
      }).immediate(),
    );
  }

  async dump(selection: { runIds: readonly number[] } | { sweepId: number }): Promise<Dump> {
    return this.guard(() =>
      this.db.transaction(() => {
        const runIds =
          'runIds' in selection
            ? [...selection.runIds]
            : (this.db.prepare('SELECT id FROM runs WHERE sweep_id = ? ORDER BY id').all(selection.sweepId) as { id: number }[]).map((r) => r.id);
        const list = runIds.length > 0 ? runIds.join(', ') : 'NULL';
        const sweepIds =
          'sweepId' in selection
            ? [selection.sweepId]
            : (this.db.prepare(`SELECT DISTINCT sweep_id FROM runs WHERE id IN (${list}) AND sweep_id IS NOT NULL ORDER BY sweep_id`).all() as {
                sweep_id: number;
              }[]).map((r) => r.sweep_id);
        const where: Record<Table, string> = {
          sweeps: `id IN (${sweepIds.join(', ') || 'NULL'}) ORDER BY id`,
          runs: `id IN (${list}) ORDER BY id`,
          epochs: `run_id IN (${list}) ORDER BY run_id, epoch`,
          checkpoints: `run_id IN (${list}) ORDER BY run_id, epoch`,
          weights: `run_id IN (${list}) ORDER BY run_id, epoch, position, name`,
          optimizer_state: `run_id IN (${list}) ORDER BY run_id, epoch, position, name`,
          evaluations: `run_id IN (${list}) ORDER BY run_id, epoch`,
          resumes: `run_id IN (${list}) ORDER BY run_id, resumed_at, from_epoch`,
        };
        return Object.fromEntries(
          TABLES.map((table) => [table, this.db.prepare(`SELECT * FROM ${table} WHERE ${where[table]}`).all() as Record<string, Cell>[]]),
        ) as Dump;
      })(),
    );
  }

  async load(dump: Dump, replace: boolean): Promise<{ kind: 'loaded' } | { kind: 'exists'; runIds: number[]; sweepIds: number[] }> {
    return this.guard(() =>
      this.db.transaction(() => {
        const existingRuns = dump.runs.map((r) => Number(r.id)).filter((id) => this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id));
        const keptSweeps = new Set<number>();
        const clashingSweeps: number[] = [];
        for (const s of dump.sweeps) {
          const there = this.db.prepare('SELECT config_hash FROM sweeps WHERE id = ?').get(s.id) as { config_hash: string } | undefined;
          if (!there) continue;
          if (there.config_hash === s.config_hash) keptSweeps.add(Number(s.id));
          else clashingSweeps.push(Number(s.id));
        }
        if ((existingRuns.length > 0 || clashingSweeps.length > 0) && !replace) {
          return { kind: 'exists' as const, runIds: existingRuns, sweepIds: clashingSweeps };
        }
        for (const id of existingRuns) this.db.prepare('DELETE FROM runs WHERE id = ?').run(id);
        for (const table of TABLES) {
          for (const row of dump[table]) {
            if (table === 'sweeps' && keptSweeps.has(Number(row.id))) continue;
            const names = Object.keys(row);
            const verb = table === 'sweeps' ? 'INSERT OR REPLACE' : 'INSERT';
            this.db.prepare(`${verb} INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...names.map((n) => row[n]));
          }
        }
        return { kind: 'loaded' as const };
      }).immediate(),
    );
  }
}
