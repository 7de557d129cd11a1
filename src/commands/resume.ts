import { dirname } from 'node:path';
import { validateStoredExperiment } from '../config/load.js';
import { changedFiles, imageShape, loadDataset, type Dataset } from '../data/dataset.js';
import { ConfigError, DataError, ExitCode, RunFailedError, StoreError, UsageError } from '../errors.js';
import { currentOwner } from '../liveness.js';
import { optimizerOf } from '../config/network.js';
import { Optimizer, type OptimizerState } from '../nn/optimizers.js';
import { isTrained } from '../nn/parameters.js';
import { Rng } from '../nn/prng.js';
import type { NetworkSpec, OptimizerSpec } from '../nn/spec.js';
import { claimRun, decideClaim, describeRefusal, isLive, livenessSettings, ownerState, type Refusal } from '../store/ownership.js';
import { recordedDataSha256, type Checkpoint, type RunRow, type Store } from '../store/store.js';
import type { TrainState } from '../train/loop.js';
import { processCodeVersion } from './code-version.js';
import { openExistingStore, parseRunId, requireRun } from './open-existing.js';
import { describeData, prepareExperiment, runSettings, trainingData, type Prepared } from './prepare.js';
import { networkForTensors, parametersFrom } from './run-weights.js';
import { resumableLine, type ResumableRun } from '../ui/resumable.js';
import { runSession, type DbChoice, type UiMode } from './session.js';

export const resumeUsage = `Usage: runner resume [RUN_ID] [--epochs N] [--force] [--experiment FILE.yaml] [--db PATH|URL] [--plain | --json]

Continues a run from its last finished epoch, exactly as if it had never stopped: the
weights and the PRNG state come from that epoch's checkpoint, and the epochs that follow
are bit-identical to those of an uninterrupted run. Works on interrupted runs, on runs
whose process died (kill -9, power loss), and on failed ones.

Without RUN_ID, in a terminal, it lists the resumable runs (interrupted ones, and
running ones whose process is gone) to pick from; elsewhere it prints that list and
exits 2.

An imported run (runner import) trains from its imported weights: give --epochs N, and
--experiment FILE.yaml to train under that experiment's settings and seed rather than
the ones it was imported with.

Options:
  --epochs N   train to N epochs in all (extends a completed run; the new epochs
               continue the same random stream)
  --force      resume even if a data file's SHA-256 differs from the one recorded
               (the run records which files changed)
  --experiment FILE.yaml
               for an imported run: the experiment to train it under (its units
               must match the weights; its epochs apply unless --epochs is given)
  --db PATH|URL
               the run store: a SQLite file, or postgresql://user@host/db
               (default: $RUNNER_DB, else runs/runs.db)
  --plain      plain lines instead of the terminal UI
  --json       one JSON object per line on stdout instead of text
  -h, --help   this text

Exit codes: 0 completed (or already complete), 1 the run failed, 2 usage or input
            error (unknown run, run still training, changed data), 130 interrupted
`;

export interface ResumeArgs {
  /** Undefined: ask which (a picker in a terminal, else the list and exit 2). */
  runId: string | undefined;
  epochs: string | undefined;
  force: boolean;
  /** For an imported run: the experiment whose settings it trains under. */
  experiment: string | undefined;
  db: DbChoice;
  ui: UiMode;
}

export async function resumeCommand(args: ResumeArgs): Promise<number> {
  const givenId = args.runId === undefined ? undefined : parseRunId('resume', args.runId);
  const store = await openExistingStore(args.db);
  let runId: number | null;
  try {
    runId = givenId ?? (await askWhichRun(store, args));
  } catch (e) {
    await store.close();
    throw e;
  }
  if (runId === null) {
    await store.close();
    return ExitCode.interrupted;
  }
  const outcome = await resumeInStore(store, runId, args);
  if (typeof outcome === 'number') return outcome;
  if (outcome.kind === 'finished') throw new Error('unreachable: only a sweep worker asks for unfinished runs');
  const line = describeRefusal(runId, outcome.refusal);
  throw outcome.refusal.kind === 'busy' ? new UsageError(line) : new RunFailedError(runId, line.replace(/^run \d+ failed: /, ''));
}

/**
 * Resumes run `runId` of an open store (which it closes): checks the run, its checkpoint
 * and its data, claims it, and trains it. A claim refused (another live process trains
 * it, or it was taken over too often) is returned, not thrown, for a sweep's worker.
 */
export async function resumeInStore(
  store: Store,
  runId: number,
  args: Omit<ResumeArgs, 'runId'> & { dataDir?: string; unfinishedOnly?: boolean; dataset?: Dataset },
): Promise<number | { kind: 'refused'; refusal: Refusal } | { kind: 'finished'; status: 'completed' | 'failed' }> {
  const wanted = args.epochs === undefined ? undefined : Number(args.epochs);
  let claimed = false;
  try {
    if (wanted !== undefined && (!/^\d+$/.test(args.epochs!) || wanted < 1)) {
      throw new UsageError(`runner resume: --epochs must be a whole number >= 1 (got "${args.epochs}")`);
    }
    const run = await requireRun(store, runId, args.db);
    // A sweep's worker resumes only what is unfinished: the trial may have ended since it looked.
    if (args.unfinishedOnly && (run.status === 'completed' || run.status === 'failed')) {
      return await closing(store, { kind: 'finished' as const, status: run.status });
    }
    const live = livenessSettings();
    const early = decideClaim(run, live);
    if (!early.take && early.refusal.kind === 'busy') return await closing(store, { kind: 'refused', refusal: early.refusal });
    const adopted = await adoptedExperiment(store, run, args);
    const experiment = adopted?.experiment ?? validateStoredExperiment(run.config_json, `run ${runId}'s stored config`);
    const checkpoint = await store.lastCheckpoint(runId);
    if (!checkpoint) throw new StoreError(`run ${runId} has no checkpoint to resume from`);
    // An adopted experiment starts the PRNG from its own seed, in the state and in the stored checkpoint.
    const rngState = adopted ? Rng.fromSeed(experiment.seed).saveState() : checkpoint.rngState;

    if (run.status === 'imported' && wanted === undefined && !adopted) {
      throw new UsageError(
        `run ${runId} holds imported weights; say how far to train: runner resume ${runId} --epochs 10 [--experiment FILE.yaml]`,
      );
    }
    const epochs = wanted ?? (adopted ? experiment.epochs : run.epochs);
    if (epochs < checkpoint.epoch) {
      throw new UsageError(`run ${runId} already has ${checkpoint.epoch} epochs; --epochs must be at least that`);
    }
    if (checkpoint.epoch >= epochs) {
      // A run can stop between committing its last epoch and marking itself completed.
      if (run.status !== 'completed') await store.finishRun(runId, run.status === 'running' ? run.claim_generation : null, 'completed');
      process.stdout.write(
        `run ${runId} is complete (${checkpoint.epoch}/${run.epochs} epochs); to train further: runner resume ${runId} --epochs ${checkpoint.epoch + 10}\n`,
      );
      return await closing(store, ExitCode.ok);
    }
    experiment.epochs = epochs;

    const experimentDir = adopted ? adopted.loaded.dir : (args.dataDir ?? dirname(run.experiment_path || '.'));
    // A sweep's worker holds its trials' data already; it is checked against the run's like any.
    const dataset = adopted?.dataset ?? args.dataset ?? loadDataset(experiment.data, experimentDir);
    const recorded = recordedDataSha256(run);
    const changed = adopted ? [] : changedFiles(dataset.files, recorded);
    if (changed.length > 0 && !args.force) {
      throw new DataError(
        changed
          .map((f) => `${f.path}: changed since run ${runId} recorded it (SHA-256 ${f.sha256.slice(0, 12)}…, recorded ${recorded[f.role].slice(0, 12)}…)`)
          .join('\n') + `\nrefusing to resume run ${runId} on different data; --force resumes anyway and records it`,
      );
    }
    for (const f of changed) process.stderr.write(`warning: ${f.path} changed since run ${runId} recorded it; resuming anyway (--force)\n`);

    const label = `run ${runId}: checkpoint ${checkpoint.epoch}`;
    const spec = networkForTensors(experiment, checkpoint.tensors, label, imageShape(dataset.train));
    if (spec.inputs !== dataset.train.pixels) {
      throw new DataError(`${label}: w1 takes ${spec.inputs} inputs, but the training images have ${dataset.train.pixels} pixels`);
    }
    const state = restoreState(runId, { ...checkpoint, rngState }, spec, optimizerOf(experiment));

    const claim = await claimRun(store, runId, {
      owner: currentOwner(),
      fromEpoch: checkpoint.epoch,
      epochs,
      codeVersion: processCodeVersion(),
      dataChanged: changed.length > 0 ? JSON.stringify(changed.map((f) => f.role)) : null,
      adopt: adopted && { settings: runSettings(adopted), rngState },
    }, live);
    if (claim.kind === 'missing') throw new UsageError(`no run ${runId} in ${args.db.label}`);
    if (claim.kind === 'refused') return await closing(store, claim);
    claimed = true;
    return await runSession({
      store,
      db: args.db,
      runId,
      generation: claim.generation,
      experiment,
      ...trainingData(dataset, experiment),
      dataLine: describeData(dataset, experiment, experimentDir),
      state,
      resumedAfter: checkpoint.epoch,
      ui: args.ui,
    });
  } catch (e) {
    // runSession closes the store itself.
    if (!claimed) await store.close();
    throw e;
  }
}

async function closing<T>(store: Store, value: T): Promise<T> {
  await store.close();
  return value;
}

/**
 * --experiment: an imported run, about to be trained for the first time, takes that
 * experiment's settings. Its layers must be the network the imported weights hold.
 */
async function adoptedExperiment(store: Store, run: RunRow, args: Pick<ResumeArgs, 'experiment'>): Promise<Prepared | undefined> {
  if (args.experiment === undefined) return undefined;
  if (run.status !== 'imported') {
    throw new UsageError(
      `runner resume: --experiment is for imported runs; run ${run.id} trains under the experiment it was started with (train a new run for other settings)`,
    );
  }
  const prepared = prepareExperiment(args.experiment, []);
  const weights = await store.weights(run.id, 0);
  try {
    networkForTensors(prepared.experiment, weights, `run ${run.id}`, imageShape(prepared.dataset.train));
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    const key = prepared.experiment.layers === undefined ? 'units' : 'layers';
    throw new ConfigError([`${prepared.loaded.where([key])}: ${e.message.replace(/^run \d+: /, `run ${run.id}'s imported weights do not fit: `)}`]);
  }
  const inputs = weights.find((t) => t.name === 'w1')?.shape[1];
  if (inputs !== undefined && prepared.dataset.train.pixels !== inputs) {
    throw new DataError(
      `${args.experiment}: its images have ${prepared.dataset.train.pixels} pixels, but run ${run.id}'s imported w1 takes ${inputs}`,
    );
  }
  return prepared;
}

/**
 * The training state a checkpoint holds: its weights copied into fresh parameters, its
 * PRNG, and its optimizer's state, checked to be the state `optimizer` keeps for these
 * parameters. A checkpoint with no optimizer state at step 0 (an imported run, or one
 * stored before optimizers were declarable, which all trained with plain SGD) starts the
 * optimizer fresh.
 */
function restoreState(runId: number, checkpoint: Checkpoint, spec: NetworkSpec, optimizer: OptimizerSpec): TrainState {
  const label = `run ${runId}: checkpoint ${checkpoint.epoch}`;
  const params = parametersFrom(spec, checkpoint.tensors, label);
  let rng: Rng;
  try {
    rng = Rng.fromState(checkpoint.rngState);
  } catch (e) {
    throw new StoreError(`${label} has an unusable PRNG state (${(e as Error).message})`);
  }
  const stored = checkpoint.optimizer;
  let state: OptimizerState | null = null;
  if (stored.step > 0 || stored.tensors.length > 0) {
    const expected = Optimizer.initialState(optimizer, params.layout.filter((t) => isTrained(t.kind)));
    for (const e of expected.tensors) {
      const s = stored.tensors.find((t) => t.name === e.name);
      if (!s || s.data.length !== e.data.length) {
        throw new StoreError(`${label}: no optimizer state ${e.name} of shape ${e.shape.join('×')} (the run trains with ${optimizer.name})`);
      }
    }
    state = { step: stored.step, tensors: stored.tensors.map((t) => ({ ...t })) };
  }
  return { epoch: checkpoint.epoch, params, rng, optimizer: state };
}

/**
 * No run id given: in the terminal UI, a picker over the resumable runs (null if the user
 * cancels); elsewhere the list, as a usage error.
 */
async function askWhichRun(store: Store, args: ResumeArgs): Promise<number | null> {
  const runs: ResumableRun[] = (await store.resumeCandidates())
    .filter((r) => !isLive(r) && ownerState(r).kind !== 'self')
    .map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      epochsDone: r.epochs_done,
      epochs: r.epochs,
      lastCrossEntropy: r.last_cross_entropy,
    }));
  if (runs.length === 0) throw new UsageError(`runner resume: no run in ${args.db.label} is waiting to be resumed`);
  if (args.ui !== 'ink') {
    throw new UsageError(
      [`runner resume: which run? give its id, e.g. runner resume ${runs[0]!.id}. Resumable runs in ${args.db.label}:`]
        .concat(runs.map(resumableLine))
        .join('\n'),
    );
  }
  const { pickRun } = await import('../ui/pick-run.js');
  return pickRun(runs);
}
