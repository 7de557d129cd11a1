import { DATA_ROLES, type DataRole } from '../data/dataset.js';
import type { Owner } from '../liveness.js';
import type { Db } from './db.js';
import { float32FromBytes, float32ToBytes } from './float32.js';

/** One named parameter tensor, as stored. */
export interface Tensor {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

/** An optimizer's state as stored: its step count (Adam's t) and its tensors (w1.m, w1.v, …). */
export interface OptimizerTensors {
  step: number;
  tensors: readonly Tensor[];
}

/** A run's state after an epoch (0: as initialised): its weights, PRNG state and optimizer state. */
export interface Checkpoint {
  epoch: number;
  tensors: Tensor[];
  rngState: Uint8Array;
  optimizer: { step: number; tensors: Tensor[] };
}

/** `imported`: weights read from an .npz file (runner import), not trained here (yet). */
export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed' | 'imported';

/** The settings a run trains under: its experiment, and the data it names. */
export interface RunSettings {
  configYaml: string;
  overrides: readonly string[];
  configJson: string;
  configHash: string;
  seed: number;
  /** Absolute path of the experiment file ('' for an imported run given none). */
  experimentPath: string;
  dataSource: string;
  dataSha256: Record<DataRole, string>;
  /** The network and optimizer resolved from the experiment: `784-256bn-128-10`, `relu`, `adam`, and its settings as JSON. */
  architecture: string;
  activations: string;
  optimizer: string;
  optimizerJson: string;
}

/** What a new run records before its first epoch. */
export interface NewRun extends RunSettings {
  name: string;
  epochs: number;
  codeVersion: string;
  owner: Owner;
  /** For a sweep's trial: the sweep, the trial's number and its swept values. */
  trial?: { sweepId: number; index: number; values: Record<string, unknown> };
}

/** What a sweep records when it is first run. */
export interface NewSweep {
  name: string;
  configHash: string;
  configYaml: string;
  overrides: readonly string[];
  experimentPath: string;
  sweptKeys: readonly string[];
  trials: number;
}

export interface SweepRow {
  id: number;
  name: string;
  config_hash: string;
  config_yaml: string;
  overrides_json: string;
  experiment_path: string;
  swept_keys_json: string;
  trials: number;
  created_at: string;
}

/** A row of the sweep_results view. */
export interface SweepResultRow {
  sweep_id: number;
  trial: number;
  run_id: number;
  name: string;
  status: RunStatus;
  swept_json: string;
  epochs_done: number;
  epochs: number;
  last_cross_entropy: number | null;
  test_accuracy: number | null;
  test_cross_entropy: number | null;
  train_seconds: number | null;
}

export interface RunRow {
  id: number;
  name: string;
  status: RunStatus;
  config_yaml: string;
  overrides_json: string;
  config_json: string;
  config_hash: string;
  seed: number;
  epochs: number;
  experiment_path: string;
  data_source: string;
  train_images_sha256: string;
  train_labels_sha256: string;
  test_images_sha256: string;
  test_labels_sha256: string;
  code_version: string;
  pid: number | null;
  host: string | null;
  process_start: string | null;
  heartbeat_at: string | null;
  created_at: string;
  finished_at: string | null;
  error: string | null;
  imported_from: string | null;
  imported_sha256: string | null;
  sweep_id: number | null;
  trial: number | null;
  swept_json: string | null;
  architecture: string | null;
  activations: string | null;
  optimizer: string | null;
  optimizer_json: string | null;
}

/** The SHA-256 a run recorded for each of its data files. */
export function recordedDataSha256(run: RunRow): Record<DataRole, string> {
  return Object.fromEntries(DATA_ROLES.map((role) => [role, run[`${role}_sha256`]])) as Record<DataRole, string>;
}

export interface ResumeRow {
  run_id: number;
  resumed_at: string;
  from_epoch: number;
  epochs: number;
  code_version: string;
  pid: number;
  host: string;
  data_changed: string | null;
}

/** A row of the run_summary view. */
export interface RunSummaryRow {
  id: number;
  name: string;
  status: RunStatus;
  seed: number;
  learning_rate: number;
  units: number;
  batch_size: number;
  activation: string;
  normalize: number;
  epochs_done: number;
  epochs: number;
  last_cross_entropy: number | null;
  best_cross_entropy: number | null;
  best_test_accuracy: number | null;
  last_evaluated_epoch: number | null;
  last_test_accuracy: number | null;
  last_test_cross_entropy: number | null;
  train_seconds: number | null;
  created_at: string;
  finished_at: string | null;
  architecture: string | null;
  optimizer: string | null;
}

/** What runner eval measured for one epoch's weights on the test images. */
export interface Evaluation {
  epoch: number;
  test_accuracy: number;
  test_cross_entropy: number;
  test_images: number;
  test_correct: number;
  test_images_sha256: string;
  test_labels_sha256: string;
  code_version: string;
  evaluated_at: string;
}

/** What an imported run records besides its settings: where its weights came from. */
export interface ImportedRun extends RunSettings {
  name: string;
  /** Absolute path of the .npz file, and the SHA-256 of its bytes. */
  path: string;
  sha256: string;
  codeVersion: string;
}

export interface EpochRow {
  epoch: number;
  cross_entropy: number;
  seconds: number;
  finished_at: string;
}

const now = (): string => new Date().toISOString();

/** Runs, epochs, weights and checkpoints in a run database. Knows shapes and bytes, not gradients. */
export class RunStore {
  constructor(readonly db: Db) {}

  /** Creates a run, with its initial weights and PRNG state as epoch 0, in one transaction. */
  /**
   * For a sweep's trial, the (sweep_id, trial) unique index makes this the claim: a second
   * creator of the same trial gets SQLITE_CONSTRAINT_UNIQUE and writes nothing.
   */
  createRun(run: NewRun, initial: readonly Tensor[], rngState: Uint8Array, optimizer: OptimizerTensors): number {
    const { owner, trial } = run;
    return this.insertRun(run, initial, rngState, optimizer, {
      status: 'running',
      epochs: run.epochs,
      pid: owner.pid,
      host: owner.host,
      process_start: owner.processStart,
      heartbeat_at: now(),
      ...(trial ? { sweep_id: trial.sweepId, trial: trial.index, swept_json: JSON.stringify(trial.values) } : {}),
    });
  }

  /** The sweep with this config hash, created if there is none; its id either way. */
  findOrCreateSweep(sweep: NewSweep): number {
    return this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT OR IGNORE INTO sweeps (name, config_hash, config_yaml, overrides_json, experiment_path, swept_keys_json, trials, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(sweep.name, sweep.configHash, sweep.configYaml, JSON.stringify(sweep.overrides), sweep.experimentPath,
          JSON.stringify(sweep.sweptKeys), sweep.trials, now());
      return (this.db.prepare('SELECT id FROM sweeps WHERE config_hash = ?').get(sweep.configHash) as { id: number }).id;
    }).immediate();
  }

  getSweep(sweepId: number): SweepRow | undefined {
    return this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(sweepId) as SweepRow | undefined;
  }

  /** The run of a sweep's trial, if it has one yet. */
  trialRun(sweepId: number, trial: number): RunRow | undefined {
    return this.db.prepare('SELECT * FROM runs WHERE sweep_id = ? AND trial = ?').get(sweepId, trial) as RunRow | undefined;
  }

  /** A sweep's trials that have runs, as the sweep_results view has them, by trial. */
  sweepResults(sweepId: number): SweepResultRow[] {
    return this.db.prepare('SELECT * FROM sweep_results WHERE sweep_id = ? ORDER BY trial').all(sweepId) as SweepResultRow[];
  }

  /**
   * Creates a run from imported weights: status `imported`, no epochs planned, the weights
   * as epoch 0 with the PRNG state the settings' seed gives.
   */
  createImportedRun(run: ImportedRun, weights: readonly Tensor[], rngState: Uint8Array): number {
    const at = now();
    return this.insertRun(run, weights, rngState, { step: 0, tensors: [] }, {
      status: 'imported',
      epochs: 0,
      created_at: at,
      finished_at: at,
      imported_from: run.path,
      imported_sha256: run.sha256,
    });
  }

  /** A runs row (its settings, plus the columns in `more`) and its epoch-0 checkpoint, in one transaction. */
  private insertRun(
    run: RunSettings & { name: string; codeVersion: string },
    weights: readonly Tensor[],
    rngState: Uint8Array,
    optimizer: OptimizerTensors,
    more: Partial<Record<keyof RunRow, string | number | null>>,
  ): number {
    const columns: Record<string, string | number | null> = {
      name: run.name,
      config_yaml: run.configYaml,
      overrides_json: JSON.stringify(run.overrides),
      config_json: run.configJson,
      config_hash: run.configHash,
      seed: run.seed,
      experiment_path: run.experimentPath,
      data_source: run.dataSource,
      ...Object.fromEntries(DATA_ROLES.map((role) => [`${role}_sha256`, run.dataSha256[role]])),
      code_version: run.codeVersion,
      architecture: run.architecture,
      activations: run.activations,
      optimizer: run.optimizer,
      optimizer_json: run.optimizerJson,
      created_at: more.created_at ?? now(),
      ...more,
    };
    const names = Object.keys(columns);
    return this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare(`INSERT INTO runs (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`)
        .run(columns);
      const runId = Number(lastInsertRowid);
      this.writeCheckpoint(runId, 0, weights, rngState, optimizer);
      return runId;
    })();
  }

  /** An epoch's row, its weights, the PRNG state and the optimizer's state after it, in one transaction. */
  recordEpoch(
    runId: number,
    epoch: { epoch: number; crossEntropy: number; seconds: number },
    tensors: readonly Tensor[],
    rngState: Uint8Array,
    optimizer: OptimizerTensors,
  ): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO epochs (run_id, epoch, cross_entropy, seconds, finished_at) VALUES (?, ?, ?, ?, ?)')
        .run(runId, epoch.epoch, epoch.crossEntropy, epoch.seconds, now());
      this.writeCheckpoint(runId, epoch.epoch, tensors, rngState, optimizer);
      this.heartbeat(runId);
    })();
  }

  /** Records that the training process is alive. */
  heartbeat(runId: number): void {
    this.db.prepare('UPDATE runs SET heartbeat_at = ? WHERE id = ?').run(now(), runId);
  }

  /**
   * Takes a run over for resuming, atomically: inside BEGIN IMMEDIATE, re-reads the run and
   * asks \`mayTake\` (which throws to refuse), then marks it running under \`owner\`, sets the
   * epochs planned and logs the resume. Two resumers of one run cannot both succeed. With
   * \`adopt\` (an imported run trained under an experiment's settings), the run takes those
   * settings and its epoch-0 PRNG state in the same transaction.
   */
  claimForResume(
    runId: number,
    mayTake: (run: RunRow) => void,
    resume: { owner: Owner; fromEpoch: number; epochs: number; codeVersion: string; dataChanged: string | null },
    adopt?: { settings: RunSettings; rngState: Uint8Array },
  ): void {
    this.db.transaction(() => {
      const run = this.getRun(runId);
      if (!run) throw new Error(`run ${runId} vanished`);
      mayTake(run);
      const { owner } = resume;
      if (adopt) this.adoptSettings(runId, adopt.settings, adopt.rngState);
      this.db
        .prepare(
          `UPDATE runs SET status = 'running', epochs = ?, pid = ?, host = ?, process_start = ?, heartbeat_at = ?,
             finished_at = NULL, error = NULL WHERE id = ?`,
        )
        .run(resume.epochs, owner.pid, owner.host, owner.processStart, now(), runId);
      this.db
        .prepare(
          `INSERT INTO resumes (run_id, resumed_at, from_epoch, epochs, code_version, pid, host, data_changed)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(runId, now(), resume.fromEpoch, resume.epochs, resume.codeVersion, owner.pid, owner.host, resume.dataChanged);
    }).immediate();
  }

  /**
   * An imported run trained under new settings starts from the PRNG state their seed gives
   * (it replaces epoch 0's), and its evaluations, made under the old settings, are dropped.
   */
  private adoptSettings(runId: number, e: RunSettings, rngState: Uint8Array): void {
    this.db.prepare('DELETE FROM evaluations WHERE run_id = ?').run(runId);
    this.db
      .prepare(
        `UPDATE runs SET config_yaml = ?, overrides_json = ?, config_json = ?, config_hash = ?, seed = ?,
           experiment_path = ?, data_source = ?, train_images_sha256 = ?, train_labels_sha256 = ?,
           test_images_sha256 = ?, test_labels_sha256 = ?, architecture = ?, activations = ?, optimizer = ?, optimizer_json = ?
         WHERE id = ?`,
      )
      .run(
        e.configYaml,
        JSON.stringify(e.overrides),
        e.configJson,
        e.configHash,
        e.seed,
        e.experimentPath,
        e.dataSource,
        ...DATA_ROLES.map((role) => e.dataSha256[role]),
        e.architecture,
        e.activations,
        e.optimizer,
        e.optimizerJson,
        runId,
      );
    this.db
      .prepare('UPDATE checkpoints SET rng_state = ? WHERE run_id = ? AND epoch = 0')
      .run(Buffer.from(rngState.buffer, rngState.byteOffset, rngState.byteLength), runId);
  }

  /** Stores (or replaces) the test-set evaluation of a run's epoch. */
  recordEvaluation(runId: number, evaluation: Omit<Evaluation, 'evaluated_at'>): void {
    const e = evaluation;
    this.db
      .prepare(
        `INSERT OR REPLACE INTO evaluations (run_id, epoch, test_accuracy, test_cross_entropy, test_images, test_correct,
           test_images_sha256, test_labels_sha256, code_version, evaluated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(runId, e.epoch, e.test_accuracy, e.test_cross_entropy, e.test_images, e.test_correct,
        e.test_images_sha256, e.test_labels_sha256, e.code_version, now());
  }

  /** A run's evaluations, by epoch. */
  evaluations(runId: number): Evaluation[] {
    return this.db
      .prepare(
        `SELECT epoch, test_accuracy, test_cross_entropy, test_images, test_correct, test_images_sha256,
           test_labels_sha256, code_version, evaluated_at FROM evaluations WHERE run_id = ? ORDER BY epoch`,
      )
      .all(runId) as Evaluation[];
  }

  /** The epochs a run has weights for (0 first). */
  checkpointEpochs(runId: number): number[] {
    return (this.db.prepare('SELECT epoch FROM checkpoints WHERE run_id = ? ORDER BY epoch').all(runId) as { epoch: number }[]).map(
      (r) => r.epoch,
    );
  }

  /** The newest checkpoint of a run. */
  lastCheckpoint(runId: number): Checkpoint | undefined {
    const row = this.db
      .prepare('SELECT epoch, rng_state, optimizer_step FROM checkpoints WHERE run_id = ? ORDER BY epoch DESC LIMIT 1')
      .get(runId) as { epoch: number; rng_state: Buffer; optimizer_step: number } | undefined;
    if (!row) return undefined;
    return {
      epoch: row.epoch,
      tensors: this.weights(runId, row.epoch),
      rngState: new Uint8Array(row.rng_state),
      optimizer: { step: row.optimizer_step, tensors: this.tensorRows('optimizer_state', runId, row.epoch) },
    };
  }

  /** Marks a run finished (completed, interrupted or failed), with the reason when it failed. */
  finishRun(runId: number, status: Exclude<RunStatus, 'running' | 'imported'>, error: string | null = null): void {
    this.db.prepare('UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?').run(status, now(), error, runId);
  }

  /**
   * Runs that may be resumed, newest first: interrupted ones, and running ones (the caller
   * tells whether their process is gone), with their progress.
   */
  resumeCandidates(): (RunRow & { epochs_done: number; last_cross_entropy: number | null })[] {
    return this.db
      .prepare(
        `SELECT r.*, (SELECT count(*) FROM epochs e WHERE e.run_id = r.id) AS epochs_done,
           (SELECT cross_entropy FROM epochs e WHERE e.run_id = r.id ORDER BY epoch DESC LIMIT 1) AS last_cross_entropy
         FROM runs r WHERE r.status IN ('interrupted', 'running') ORDER BY r.id DESC`,
      )
      .all() as (RunRow & { epochs_done: number; last_cross_entropy: number | null })[];
  }

  /** Every run as the run_summary view has it, newest first. */
  summaries(): RunSummaryRow[] {
    return this.db.prepare('SELECT * FROM run_summary ORDER BY id DESC').all() as RunSummaryRow[];
  }

  epochRows(runId: number): EpochRow[] {
    return this.db
      .prepare('SELECT epoch, cross_entropy, seconds, finished_at FROM epochs WHERE run_id = ? ORDER BY epoch')
      .all(runId) as EpochRow[];
  }

  /** Every resume of a run, oldest first. */
  resumes(runId: number): ResumeRow[] {
    return this.db.prepare('SELECT * FROM resumes WHERE run_id = ? ORDER BY rowid').all(runId) as ResumeRow[];
  }

  getRun(runId: number): RunRow | undefined {
    return this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  }

  /** The weights stored for a run's epoch (with any batch-norm statistics), in storage order. */
  weights(runId: number, epoch: number): Tensor[] {
    return this.tensorRows('weights', runId, epoch);
  }

  private tensorRows(table: 'weights' | 'optimizer_state', runId: number, epoch: number): Tensor[] {
    const rows = this.db
      .prepare(`SELECT name, shape, dtype, data FROM ${table} WHERE run_id = ? AND epoch = ? ORDER BY rowid`)
      .all(runId, epoch) as { name: string; shape: string; dtype: string; data: Buffer }[];
    return rows.map((r) => {
      if (r.dtype !== 'float32le') throw new Error(`${table} ${r.name} of run ${runId}: unknown dtype ${r.dtype}`);
      return { name: r.name, shape: JSON.parse(r.shape) as number[], data: float32FromBytes(r.data) };
    });
  }

  private writeCheckpoint(runId: number, epoch: number, tensors: readonly Tensor[], rngState: Uint8Array, optimizer: OptimizerTensors): void {
    for (const [table, list] of [['weights', tensors], ['optimizer_state', optimizer.tensors]] as const) {
      const insert = this.db.prepare(`INSERT INTO ${table} (run_id, epoch, name, shape, dtype, data) VALUES (?, ?, ?, ?, 'float32le', ?)`);
      for (const t of list) insert.run(runId, epoch, t.name, JSON.stringify(t.shape), float32ToBytes(t.data));
    }
    this.db
      .prepare('INSERT INTO checkpoints (run_id, epoch, rng_state, optimizer_step) VALUES (?, ?, ?, ?)')
      .run(runId, epoch, Buffer.from(rngState.buffer, rngState.byteOffset, rngState.byteLength), optimizer.step);
  }
}
