import { DATA_ROLES, type DataRole } from '../data/dataset.js';
import type { Owner } from '../liveness.js';

/*
 * The run store: what every command reads and writes, as one interface with an
 * implementation per backend (sqlite.ts, the embedded default; postgres.ts, shared by many
 * machines). It knows shapes and bytes, not gradients, and never who may own a run: that
 * is decided in ownership.ts, which hands the store the decision to apply atomically.
 * Rows come back with their JSON columns decoded.
 */

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
  /** For a sweep's trial: the sweep, the trial's number and its swept values; rung 0 for a halving sweep's trial. */
  trial?: { sweepId: number; index: number; values: Record<string, unknown>; rung?: 0 };
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
  /** The hash of the experiment and overrides alone, without the data: finds the sweep a machine with other data would join. */
  specHash: string;
  dataSha256: Record<DataRole, string>;
}

export interface SweepRow {
  id: number;
  name: string;
  config_hash: string;
  config_yaml: string;
  /** Decoded from overrides_json. */
  overrides: string[];
  experiment_path: string;
  /** Decoded from swept_keys_json. */
  swept_keys: string[];
  trials: number;
  created_at: string;
  spec_hash: string | null;
  /** Decoded from data_sha256_json; null for a sweep made before it was recorded. */
  data_sha256: Record<DataRole, string> | null;
}

/** A row of the sweep_results view. */
export interface SweepResultRow {
  sweep_id: number;
  trial: number;
  run_id: number;
  name: string;
  status: RunStatus;
  /** Decoded from swept_json. */
  swept: Record<string, unknown>;
  epochs_done: number;
  epochs: number;
  last_cross_entropy: number | null;
  test_accuracy: number | null;
  test_cross_entropy: number | null;
  train_seconds: number | null;
  last_val_cross_entropy: number | null;
  last_val_accuracy: number | null;
  /** A halving sweep's trial: the rung it has reached (0: the first), and 1 once it was stopped there; null outside halving. */
  rung: number | null;
  pruned: number | null;
  /** The epoch test_accuracy was scored at: the trial's last, once it is scored. */
  evaluated_epoch: number | null;
}

export interface RunRow {
  id: number;
  name: string;
  status: RunStatus;
  config_yaml: string;
  /** Decoded from overrides_json. */
  overrides: string[];
  /** Kept as text: it is validated against the schema whenever a run is trained from it. */
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
  /** Decoded from swept_json. */
  swept: Record<string, unknown> | null;
  architecture: string | null;
  activations: string | null;
  optimizer: string | null;
  optimizer_json: string | null;
  /** The fencing token: raised by every claim (a resume, a takeover); an epoch commits only under the current one. */
  claim_generation: number;
  /** How often the run was taken over from an owner that had gone silent. */
  takeovers: number;
  /** A halving sweep's trial: the rung it has reached, and 1 once it was stopped there; null otherwise. */
  rung: number | null;
  pruned: number | null;
  /** Not columns: computed on reading, by the store's own clock (the server's, for PostgreSQL). */
  heartbeat_age_seconds: number | null;
  longest_epoch_seconds: number | null;
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
  /** The held-out images' figures (data.validation): the last epoch's, and the best of any epoch. */
  last_val_cross_entropy: number | null;
  last_val_accuracy: number | null;
  best_val_cross_entropy: number | null;
  best_val_accuracy: number | null;
}

/** A run as the dashboard lists it: the run_summary view's columns, and what tells runs apart. */
export interface RunListRow extends RunSummaryRow {
  sweep_id: number | null;
  trial: number | null;
  /** Decoded from swept_json. */
  swept: Record<string, unknown> | null;
  /** Decoded from overrides_json. */
  overrides: string[];
  config_json: string;
  config_hash: string;
  heartbeat_at: string | null;
  /** The latest evaluated_at of its evaluations. */
  last_evaluated_at: string | null;
}

/**
 * The runs that may have changed since a listing: those created after it (id above
 * afterId), those running now, those in `ids` (running then), and those evaluated after
 * `evaluatedAfter` (an evaluated_at). What the dashboard lists again on a commit, instead of every run.
 */
export interface RunListFilter {
  afterId: number;
  ids: readonly number[];
  evaluatedAfter: string;
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
  /** The held-out images' figures (data.validation); null without them. */
  val_cross_entropy: number | null;
  val_accuracy: number | null;
}

/** One epoch of a sweep's trial. */
export interface SweepEpochRow {
  trial: number;
  epoch: number;
  cross_entropy: number;
  val_cross_entropy: number | null;
  val_accuracy: number | null;
}

/** What an epoch's row records: its loss and time, and the held-out images' scores if it has them. */
export interface EpochFigures {
  epoch: number;
  crossEntropy: number;
  seconds: number;
  validation?: { crossEntropy: number; accuracy: number } | null;
}


/** What a claim needs decided inside its transaction: take the run, or refuse and say why. */
export type ClaimDecision<R> = { take: true; takeover: boolean } | { take: false; refusal: R };

/** A claim of an existing run (a resume, a takeover, a sweep's trial picked up again). */
export interface ClaimRequest<R> {
  /** Asked with the run as it is inside the transaction; its answer is applied there. */
  decide: (run: RunRow) => ClaimDecision<R>;
  owner: Owner;
  fromEpoch: number;
  epochs: number;
  codeVersion: string;
  dataChanged: string | null;
  /** An imported run trained under an experiment's settings takes them, and their epoch-0 PRNG state. */
  adopt?: { settings: RunSettings; rngState: Uint8Array };
}

export type ClaimResult<R> =
  | { kind: 'claimed'; generation: number; run: RunRow }
  | { kind: 'refused'; refusal: R }
  | { kind: 'missing' };

/** A new run: created (under claim generation 1), or, for a trial, another process's run of it. */
export type CreateResult = { kind: 'created'; runId: number; generation: number } | { kind: 'trial-exists'; run: RunRow };

/** Whether a write made under a claim went in: `fenced` means the run was claimed by another since. */
export type FencedWrite = 'ok' | 'fenced';

/** A sweep looked up by identity: found, created, or found under the same spec with other data. */
export type SweepLookup =
  | { kind: 'found' | 'created'; sweep: SweepRow }
  | { kind: 'other-data'; sweep: SweepRow };

/** The tables a copy moves, in the order rows must be inserted. */
export const TABLES = ['sweeps', 'runs', 'epochs', 'checkpoints', 'weights', 'optimizer_state', 'evaluations', 'resumes'] as const;
export type Table = (typeof TABLES)[number];

/** A value as stored: numbers (REAL as float64), text, bytes, or NULL. */
export type Cell = number | string | Buffer | null;
/** Rows of every table, column name to stored value: what `runner copy` moves between stores. */
export type Dump = Record<Table, Record<string, Cell>[]>;

export interface Store {
  readonly kind: 'sqlite' | 'postgresql';
  /** The store as shown to the user: the file's path, or the URL without its password. */
  readonly label: string;
  close(): Promise<void>;

  /** Creates a run, with its initial weights, PRNG state and optimizer state as epoch 0, in one transaction. */
  createRun(run: NewRun, initial: readonly Tensor[], rngState: Uint8Array, optimizer: OptimizerTensors): Promise<CreateResult>;
  /** A run from imported weights: status `imported`, no epochs planned, the weights as epoch 0. */
  createImportedRun(run: ImportedRun, weights: readonly Tensor[], rngState: Uint8Array): Promise<number>;
  /**
   * Claims an existing run in one transaction that holds it against every other claimer:
   * re-reads it, asks `decide`, and on `take` marks it running under the new owner, raises
   * its claim generation (and its takeovers count on a takeover), sets the epochs planned
   * and logs the resume.
   */
  claimRun<R>(runId: number, request: ClaimRequest<R>): Promise<ClaimResult<R>>;
  /**
   * An epoch's row, weights, PRNG and optimizer state, and a heartbeat, in one transaction,
   * only while `generation` is the run's claim generation. An epoch already stored (its
   * commit was cut off and is being retried) counts as written.
   */
  recordEpoch(
    runId: number,
    generation: number,
    epoch: EpochFigures,
    tensors: readonly Tensor[],
    rngState: Uint8Array,
    optimizer: OptimizerTensors,
  ): Promise<FencedWrite>;
  /** Marks the run alive now, by the store's clock, while `generation` is current. */
  heartbeat(runId: number, generation: number): Promise<FencedWrite>;
  /** Marks a run finished; with a generation, only while it is current. */
  finishRun(runId: number, generation: number | null, status: Exclude<RunStatus, 'running' | 'imported'>, error?: string | null): Promise<FencedWrite>;
  /** Stores (or replaces) the test-set evaluation of a run's epoch. */
  recordEvaluation(runId: number, evaluation: Omit<Evaluation, 'evaluated_at'>): Promise<void>;

  getRun(runId: number): Promise<RunRow | undefined>;
  /** Runs that may be resumed, newest first: interrupted and running ones, with their progress. */
  resumeCandidates(): Promise<(RunRow & { epochs_done: number; last_cross_entropy: number | null })[]>;
  /** Every run as the run_summary view has it, newest first. */
  summaries(): Promise<RunSummaryRow[]>;
  /** Every run's id, from the primary key alone: how the dashboard finds runs copied in under old ids. */
  runIds(): Promise<number[]>;
  /** Every run (or those `filter` picks) as the dashboard lists them, newest first. */
  runList(filter?: RunListFilter): Promise<RunListRow[]>;
  /**
   * A value that changes whenever another process commits to the store, cheap enough to
   * ask several times a second: SQLite's data_version; on PostgreSQL, the latest writing
   * transaction (xmin) and the row count of runs, evaluations and sweeps.
   */
  changeToken(): Promise<string>;
  epochRows(runId: number): Promise<EpochRow[]>;
  resumes(runId: number): Promise<ResumeRow[]>;
  evaluations(runId: number): Promise<Evaluation[]>;
  /** The epochs a run has weights for (0 first). */
  checkpointEpochs(runId: number): Promise<number[]>;
  lastCheckpoint(runId: number): Promise<Checkpoint | undefined>;
  /** The weights stored for a run's epoch (with any batch-norm statistics), in storage order. */
  weights(runId: number, epoch: number): Promise<Tensor[]>;

  /**
   * The sweep with this identity (config hash), created if there is none, in one
   * transaction; or, when a sweep of the same spec exists over other data, that one.
   * `legacyHash`: the identity sweeps had before it left out the file's folder.
   */
  findOrCreateSweep(sweep: NewSweep, legacyHash?: string): Promise<SweepLookup>;
  getSweep(sweepId: number): Promise<SweepRow | undefined>;
  /** The run of a sweep's trial, if it has one yet. */
  trialRun(sweepId: number, trial: number): Promise<RunRow | undefined>;
  /** Every run of a sweep, by trial. */
  trialRuns(sweepId: number): Promise<RunRow[]>;
  /** A sweep's trials that have runs, as the sweep_results view has them, by trial. */
  sweepResults(sweepId: number): Promise<SweepResultRow[]>;
  /** Every epoch of every trial of a sweep (what a halving sweep ranks by), by trial and epoch. */
  sweepEpochs(sweepId: number): Promise<SweepEpochRow[]>;
  /**
   * Applies a halving sweep's decision of rung `rung`, in one transaction: its trials in
   * `promoted` go on to rung + 1, the rest of the rung are marked pruned. The decision is a
   * function of stored epochs alone, so two processes making it write the same; once made,
   * making it again changes nothing.
   */
  decideRung(sweepId: number, rung: number, promoted: readonly number[]): Promise<void>;

  /** Every row that belongs to these runs, or to this sweep and its runs, as stored. */
  dump(selection: { runIds: readonly number[] } | { sweepId: number }): Promise<Dump>;
  /**
   * Inserts a dump's rows under their own ids, in one transaction. Runs (and sweeps) whose
   * id exists already are refused, naming them, unless `replace`: then they are replaced.
   */
  load(dump: Dump, replace: boolean): Promise<{ kind: 'loaded' } | { kind: 'exists'; runIds: number[]; sweepIds: number[] }>;
}

/**
 * A figure as both stores keep it: a number, or NULL for none and for one that is not a
 * number (SQLite stores NaN as NULL; PostgreSQL would keep it, and copies would differ).
 */
export function finiteOrNull(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}
