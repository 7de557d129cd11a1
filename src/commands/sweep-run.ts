import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { LoadedExperiment } from '../config/load.js';
import { expandTrials, type Trial } from '../config/sweep.js';
import { loadDataset, type Dataset, type DataRole } from '../data/dataset.js';
import { DataError, ExitCode, UsageError } from '../errors.js';
import { openStore } from '../store/open.js';
import { isLive, livenessSettings, mayBeScoring, type Liveness } from '../store/ownership.js';
import type { RunRow, Store, SweepResultRow, SweepRow } from '../store/store.js';
import { epochLine, formatPercent } from '../ui/reporter.js';
import { TRIAL_END, type WorkerMessage } from './worker-protocol.js';
import { canonicalJson, prepareTrial } from './prepare.js';
import type { DbChoice, UiMode } from './session.js';
import { decideRungs, plannedEpochs, rungLines, targetEpochs } from './halving-plan.js';
import { sweepTable } from './sweep.js';
import type { SweepInk } from '../ui/sweep-ink.js';
import type { TrialRow } from '../ui/sweep-state.js';

export interface SweepArgs {
  loaded: LoadedExperiment;
  db: DbChoice;
  ui: UiMode;
  jobs: string | undefined;
}

/** What became of one trial in this invocation. */
type Outcome = 'completed' | 'done' | 'busy' | 'taken-over' | 'failed' | 'interrupted' | 'error';

/** The sweep's identity: its experiment and the data it trains on, nothing machine-local. */
export function sweepIdentity(loaded: LoadedExperiment, dataSha256: Record<DataRole, string>) {
  const sha = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');
  // The key order numbers the trials. Overrides are in the validated experiment. A random
  // search's trials count is left out: raising it keeps the sweep and its first trials
  // (not with halving, whose rungs it sets).
  const { trials: _count, ...rest } = loaded.experiment;
  const experiment = loaded.experiment.sweep_method === 'random' && loaded.experiment.halving === undefined ? rest : loaded.experiment;
  const spec = { experiment, sweptKeys: Object.keys(loaded.experiment.sweep ?? {}) };
  return {
    configHash: sha({ ...spec, data: dataSha256 }),
    specHash: sha(spec),
    // What identified a sweep before: its file's folder instead of its data.
    legacyHash: sha({ ...spec, dir: resolve(loaded.dir) }),
  };
}

/**
 * Runs a sweep: creates it (or finds it, by its identity), then trains every trial that is
 * neither complete, failed, nor being trained by a live process, `jobs` at a time, on as
 * many worker processes (`runner worker`), each of which loads the data once and claims
 * each trial in the store before training it. Other runners (on this machine or others, sharing the store) may work on the same
 * sweep: each slot takes the next trial nobody holds, and waits while others still train
 * some, to take them over should their workers go silent. Prints each trial's lines
 * prefixed with its number, then the results.
 */
export async function runSweep(args: SweepArgs): Promise<number> {
  const { loaded, db } = args;
  const jobs = args.jobs === undefined ? availableParallelism() : Number(args.jobs);
  if (args.jobs !== undefined && (!/^\d{1,3}$/.test(args.jobs) || jobs < 1 || jobs > 256)) {
    throw new UsageError(`runner: --jobs must be a whole number from 1 to 256 (got "${args.jobs}")`);
  }
  const live = livenessSettings();
  // Everything is checked before the store is touched: every trial's values, and the data.
  const trials = expandTrials(loaded);
  const dataset = loadDataset(loaded.experiment.data, loaded.dir);
  for (const trial of trials) prepareTrial(loaded, dataset, trial);
  const sweptKeys = Object.keys(trials[0]!.values);
  const dataSha256 = Object.fromEntries(dataset.files.map((f) => [f.role, f.sha256])) as Record<DataRole, string>;
  const identity = sweepIdentity(loaded, dataSha256);

  const store = await openStore(db, { mustExist: false });
  try {
    const lookup = await store.findOrCreateSweep(
      {
        name: loaded.experiment.name,
        configHash: identity.configHash,
        specHash: identity.specHash,
        dataSha256,
        configYaml: loaded.yaml,
        overrides: loaded.overrides,
        experimentPath: resolve(loaded.file),
        sweptKeys,
        trials: trials.length,
      },
      identity.legacyHash,
    );
    if (lookup.kind === 'other-data') refuseOtherData(lookup.sweep, dataset.files);
    return await sweepTrials(args, store, lookup.sweep.id, trials, sweptKeys, jobs, live, dataSha256);
  } finally {
    await store.close();
  }
}

/** This machine's data is not the sweep's: one line per file that differs. */
function refuseOtherData(sweep: SweepRow, files: Dataset['files']): never {
  const theirs = sweep.data_sha256!;
  throw new DataError(
    files
      .filter((f) => f.sha256 !== theirs[f.role])
      .map(
        (f) =>
          `${f.path}: not the data sweep ${sweep.id} trains on (SHA-256 ${f.sha256.slice(0, 12)}…, the sweep's ${String(theirs[f.role]).slice(0, 12)}…); every machine of a sweep needs the same files`,
      )
      .join('\n'),
  );
}

/** Where a trial stands, as this runner sees it: to take, held by a live worker elsewhere, or done. */
type Standing = 'take' | 'held' | 'done';

/**
 * `target`: the epochs it must have now (a halving sweep's trial: its rung's); a completed
 * run with fewer is extended.
 */
function standing(run: RunRow | undefined, result: SweepResultRow | undefined, live: Liveness, target: number): Standing {
  if (!run) return 'take';
  if (run.status === 'failed') return 'done';
  if (run.status === 'completed') {
    // A pruned trial trains no further, but it is scored at its last epoch like any other.
    if (run.pruned !== 1 && (result?.epochs_done ?? 0) < target) return 'take';
    // A completed trial still needs its score (of its last epoch: a promoted trial's earlier
    // rung was scored too) when it was stopped while being scored.
    if (result && result.evaluated_epoch === result.epochs_done) return 'done';
    return mayBeScoring(run, live) ? 'held' : 'take';
  }
  return isLive(run, live) ? 'held' : 'take';
}

async function sweepTrials(
  args: SweepArgs,
  store: Store,
  sweepId: number,
  trials: readonly Trial[],
  sweptKeys: readonly string[],
  jobs: number,
  live: Liveness,
  dataSha256: Record<DataRole, string>,
): Promise<number> {
  const { loaded, db } = args;
  const { halving } = loaded.experiment;
  let ink: SweepInk | null = null;
  const snapshot = async () => {
    // A halving sweep's rungs whose trials have all reported are decided first; the runs
    // and rungs it read last are where the sweep stands.
    const decided = halving ? await decideRungs(store, sweepId, halving, trials.length) : null;
    const runs = decided?.runs ?? new Map((await store.trialRuns(sweepId)).map((r) => [r.trial!, r]));
    const results = new Map((await store.sweepResults(sweepId)).map((r) => [r.trial, r]));
    const target = (t: Trial) => (halving ? targetEpochs(halving, trials.length, runs.get(t.index)) : t.experiment.epochs);
    if (halving && ink) ink.rungs(rungLines(halving, decided!.rungs));
    return { runs, results, target, standing: (t: Trial) => standing(runs.get(t.index), results.get(t.index), live, target(t)) };
  };
  const first = await snapshot();
  const before = first.runs;
  const results = first.results;
  const todo = trials.filter((t) => first.standing(t) === 'take');
  const held = trials.filter((t) => first.standing(t) === 'held');

  const out = (line: string) => process.stdout.write(`${line}\n`);
  const json = args.ui === 'json';
  const continueWith = `runner ${loaded.file}${loaded.overrides.map((o) => ` --set ${o}`).join('')}${db.fromFlag ? ` --db ${db.label}` : ''}`;
  const active = todo.length + held.length;
  if (args.ui === 'ink' && active > 0) {
    // the terminal view says it
  } else if (!json) {
    out(`sweep ${sweepId}: ${loaded.experiment.name}, ${trials.length} trials (${sweptKeys.join(' × ') || 'one point'}) -> ${db.label}`);
    out(
      active === 0
        ? `all ${trials.length} trials are complete${loaded.experiment.halving ? ', pruned' : ''} or failed; nothing to train`
        : `${todo.length} to train${halving ? ' now (more as its rungs are decided)' : ''}${todo.length < trials.length ? ` (${trials.length - todo.length - held.length} done already${held.length ? `, ${held.length} being trained by other runners` : ''})` : ''}, ${Math.min(jobs, Math.max(1, todo.length))} at a time`,
    );
  } else {
    out(JSON.stringify({ event: 'sweep-start', sweep_id: sweepId, trials: trials.length, to_train: todo.length, held: held.length, jobs }));
  }

  const started = performance.now();
  if (args.ui === 'ink' && active > 0) {
    const { SweepInk } = await import('../ui/sweep-ink.js');
    const rows: TrialRow[] = trials.map((t) => {
      const run = before.get(t.index);
      const result = results.get(t.index);
      const waiting = todo.includes(t);
      return {
        index: t.index,
        label: trialLabel(t),
        status: waiting ? 'waiting' : run?.status === 'failed' ? 'failed' : run?.status === 'completed' ? 'done' : 'busy',
        epoch: result?.epochs_done ?? 0,
        epochs: t.experiment.epochs,
        crossEntropy: result?.last_cross_entropy ?? null,
        testAccuracy: result?.test_accuracy ?? null,
      };
    });
    ink = new SweepInk(
      {
        sweepId,
        name: loaded.experiment.name,
        db: db.label,
        jobs: Math.min(jobs, Math.max(1, todo.length)),
        trials: rows,
        // A completed trial here is only scored: it has no epochs left. A halving sweep's
        // plan is its rungs', less what is stored.
        epochsToTrain: halving
          ? plannedEpochs(halving, trials.length) - [...results.values()].reduce((n, r) => n + r.epochs_done, 0)
          : todo.reduce((n, t) => n + (before.get(t.index)?.status === 'completed' ? 0 : t.experiment.epochs), 0),
        ...(halving ? { rungs: [] } : {}),
        epochsTrained: 0,
        startedAt: started,
        stopping: false,
      },
      () => process.kill(process.pid, 'SIGINT'),
    );
  }
  const outcomes =
    active === 0
      ? { byTrial: new Map<number, Outcome>(), stopped: false, errors: [] }
      : await runTrials(trials, { sweepId, dataSha256, db, loaded, jobs, json, out, ink, next: snapshot, pollMs: pollInterval(live), halving: halving !== undefined });
  await ink?.close();
  for (const line of outcomes.errors) process.stderr.write(`${line}\n`);
  const stopped = outcomes.stopped;

  const table = await sweepTable(store, sweepId);
  const counts = countBy([...outcomes.byTrial.values()]);
  const seconds = (performance.now() - started) / 1000;
  // The exit code speaks for the whole sweep, trials of earlier invocations included.
  const failedBefore = [...before.values()].some((run) => run?.status === 'failed');
  if (json) {
    out(JSON.stringify({ event: 'sweep-finished', sweep_id: sweepId, seconds, outcomes: counts, stopped }));
  } else {
    if (table.length > 0) out(['', 'results, best first:', ...table].join('\n'));
    out(
      `sweep ${sweepId}: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing trained'} in ${seconds.toFixed(1)}s` +
        (stopped || counts.interrupted || counts.error ? `; continue with: ${continueWith}` : ''),
    );
  }
  if (stopped || counts.interrupted) return ExitCode.interrupted;
  if (counts.failed || counts.error || failedBefore) return ExitCode.runFailed;
  return ExitCode.ok;
}

/** How often a slot with nothing to take looks again: well inside the grace period. */
function pollInterval(live: Liveness): number {
  return Math.max(200, Math.min(2000, (live.graceFloorSeconds * 1000) / 4));
}

interface TrialsContext {
  sweepId: number;
  /** The SHA-256 of the data the sweep trains on, which every worker checks its own against. */
  dataSha256: Record<DataRole, string>;
  db: DbChoice;
  /** The sweep file as read here; its folder is where relative data paths resolve on this machine. */
  loaded: LoadedExperiment;
  jobs: number;
  json: boolean;
  out: (line: string) => void;
  /** The terminal view, when there is one; otherwise lines go to `out`. */
  ink: SweepInk | null;
  /** The trials' standing now, read from the store, and the epochs each must have. */
  next: () => Promise<{ standing: (t: Trial) => Standing; target: (t: Trial) => number }>;
  pollMs: number;
  /** A halving sweep: a rung's decision may hand out more trials once this runner's trials end. */
  halving: boolean;
}

/**
 * Trains the trials on `jobs` worker processes (`runner worker`), each slot taking the
 * lowest-numbered trial that nobody holds (picks are serialised, so two slots never take
 * the same one) and handing it to its worker, which loaded the modules and the data once.
 * A worker that dies, or ends with its trial (any exit code but 0 ends it), is replaced
 * by a new one for the slot's next trial. A slot with nothing to take waits while other
 * runners hold trials, and ends when every trial is done or held by this runner.
 * Ctrl-C or SIGTERM stops handing out trials and passes one SIGINT to each worker: one
 * training stops after its batch, an idle one exits; a second passes another, which makes
 * them quit at once.
 */
async function runTrials(
  trials: readonly Trial[],
  ctx: TrialsContext,
): Promise<{ byTrial: Map<number, Outcome>; stopped: boolean; errors: string[] }> {
  const byTrial = new Map<number, Outcome>();
  const workers = new Set<Worker>();
  const errors: string[] = [];
  const mine = new Set<number>();
  /** Trials whose worker failed or crashed in this invocation: not tried again until the next. */
  const gaveUp = new Set<number>();
  /** Trials whose worker just lost a race for them: left alone for a moment. */
  const lostAt = new Map<number, number>();
  /**
   * Trials a worker found done at the epochs it was handed (the store changed since they
   * were picked): not handed out again at those epochs in this invocation.
   */
  const settledAt = new Map<number, number>();
  let stopped = false;
  /** Slots waiting for something to take: woken when a trial ends here, or stopped. */
  const waiters = new Set<() => void>();
  const wakeAll = () => {
    for (const w of waiters) w();
    waiters.clear();
  };
  const stop = () => {
    stopped = true;
    ctx.ink?.stopping();
    wakeAll();
    for (const worker of workers) worker.child.kill('SIGINT');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let picking = Promise.resolve();
  const pick = () => {
    const picked = picking.then(async () => {
      const { standing, target } = await ctx.next();
      const now = performance.now();
      const open = trials.filter((t) => !mine.has(t.index) && !gaveUp.has(t.index) && settledAt.get(t.index) !== target(t) && standing(t) !== 'done');
      const trial = open.find((t) => standing(t) === 'take' && now - (lostAt.get(t.index) ?? -Infinity) > 1000);
      if (trial) mine.add(trial.index);
      // A halving sweep's next rung may open when a trial of this runner's ends.
      return { trial, epochs: trial && target(trial), waiting: open.length > 0 || (ctx.halving && mine.size > 0) };
    });
    picking = picked.then(() => undefined, () => undefined);
    return picked;
  };
  let storeFailure: unknown = null;
  const all: Worker[] = [];
  const slot = async () => {
    let worker: Worker | null = null;
    while (!stopped && storeFailure === null) {
      let picked;
      try {
        picked = await pick();
      } catch (e) {
        // The store is gone: launch nothing more, let the running trials end, then say so.
        storeFailure = e;
        break;
      }
      const { trial, epochs, waiting } = picked;
      if (trial) {
        if (worker === null || worker.gone) {
          worker = new Worker(ctx);
          workers.add(worker);
          all.push(worker);
          void worker.closed.then(() => workers.delete(worker!));
        }
        const outcome = await runTrial(worker, trial, epochs!, ctx, errors);
        mine.delete(trial.index);
        wakeAll();
        if (outcome === 'busy') lostAt.set(trial.index, performance.now());
        if (outcome === 'done') settledAt.set(trial.index, epochs!);
        if (outcome === 'failed' || outcome === 'error' || outcome === 'interrupted') gaveUp.add(trial.index);
        // A trial that lost its race, or was taken over, is another runner's: its outcome there.
        if (outcome !== 'busy' || !byTrial.has(trial.index)) byTrial.set(trial.index, outcome);
        if (outcome === 'interrupted') break;
      } else if (waiting) {
        await new Promise<void>((resolve) => {
          waiters.add(resolve);
          setTimeout(resolve, ctx.pollMs);
        });
      } else {
        break;
      }
    }
    // Nothing more for it: it exits once idle (at once, or after the trial it is stopping).
    worker?.release();
  };
  try {
    await Promise.all(Array.from({ length: Math.min(ctx.jobs, trials.length) }, slot));
    await Promise.all([...workers].map((w) => w.closed));
    // Whatever a worker said on stderr outside its trials (nothing, normally).
    for (const w of all) errors.push(...w.idleStderr.filter(Boolean));
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (storeFailure !== null) {
    for (const line of errors) process.stderr.write(`${line}\n`);
    throw storeFailure;
  }
  return { byTrial, stopped, errors };
}

/** What a worker said about the trial it was handed: its lines on each stream, and its exit code. */
interface TrialLines {
  onLine: (line: string, event: Record<string, unknown> | null) => void;
  stderr: string[];
  /** The trial's exit code, once its end is on stdout. */
  code: number | null;
  /** Whether its end is on stderr. */
  stderrEnded: boolean;
  ended: () => void;
}

/**
 * A worker process (`runner worker`): it loads the sweep's data once, then trains the
 * trials it is handed, one at a time, over its IPC channel.
 */
class Worker {
  readonly child: ChildProcess;
  /** Resolves once the data is loaded (true), or false if it ended before that. */
  readonly ready: Promise<boolean>;
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether it has exited (or is exiting: its channel is closed). */
  gone = false;
  /** Its stderr lines while no trial was being trained (a failed load says why there). */
  readonly idleStderr: string[] = [];
  private trial: TrialLines | null = null;

  constructor(ctx: TrialsContext) {
    // Several at once each take one core: no helper threads competing with them. The store
    // goes by the environment, so no password shows in a process listing; it has answered
    // us, so a worker that cannot reach it waits for it (a restart) rather than giving up.
    const env = { ...process.env, RUNNER_DB: ctx.db.location, RUNNER_STORE_REACHED: ctx.db.label, ...(ctx.jobs > 1 ? { RUNNER_THREADS: '1' } : {}) };
    // --expose-gc: it collects each trial's memory before the next (worker.ts).
    this.child = spawn(process.execPath, [...process.execArgv, '--expose-gc', process.argv[1]!, 'worker'], {
      env,
      // Its own process group, so a terminal's Ctrl-C reaches it once, from us; the IPC
      // channel closing tells it we are gone (it then stops after its batch).
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // A message to a worker that has just died is lost with it; its exit says the rest.
    this.child.on('error', () => {});
    let markReady: (ready: boolean) => void = () => {};
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.closed = new Promise((resolve) =>
      this.child.on('close', (code, signal) => {
        this.gone = true;
        markReady(false);
        resolve({ code, signal });
      }),
    );
    this.child.on('disconnect', () => (this.gone = true));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      let e: Record<string, unknown> | null = null;
      try {
        e = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // not JSON: a message of the resume command; relayed as it is
      }
      if (e?.event === 'worker-ready') return markReady(true);
      const trial = this.trial;
      if (!trial) return;
      if (e?.event === 'trial-end') {
        trial.code = Number(e.code);
        if (trial.stderrEnded) trial.ended();
        return;
      }
      trial.onLine(line, e);
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      const trial = this.trial;
      if (line.startsWith(TRIAL_END)) {
        if (!trial) return;
        trial.stderrEnded = true;
        if (trial.code !== null) trial.ended();
        return;
      }
      (trial ? trial.stderr : this.idleStderr).push(line);
    });
    const { loaded } = ctx;
    this.send({ type: 'load', yaml: loaded.yaml, file: loaded.file, overrides: loaded.overrides, dir: loaded.dir });
    this.send({ type: 'sweep', sweepId: ctx.sweepId, dataSha256: ctx.dataSha256 });
  }

  private send(message: WorkerMessage): void {
    if (this.gone || !this.child.connected) return;
    this.child.send(message, (e) => e && (this.gone = true));
  }

  /**
   * Hands it a trial; resolves with the trial's exit code and stderr lines once both
   * streams say it ended, or with how the worker ended if it died first.
   */
  async train(index: number, epochs: number, onLine: TrialLines['onLine']): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string[] }> {
    const loadedData = await this.ready;
    const ended = new Promise<void>((resolve) => {
      this.trial = { onLine, stderr: [], code: null, stderrEnded: false, ended: resolve };
    });
    const trial = this.trial!;
    // A worker that could not load the data says why on stderr before its first trial.
    trial.stderr.push(...this.idleStderr.splice(0));
    if (loadedData) this.send({ type: 'trial', index, epochs });
    const exit = await Promise.race([ended.then(() => null), this.closed]);
    this.trial = null;
    // A trial that ends with any other code ends its worker, which no trial must be handed to as it exits.
    if (trial.code !== 0) this.gone = true;
    if (exit === null) return { code: trial.code, signal: null, stderr: trial.stderr };
    return { ...exit, stderr: trial.stderr };
  }

  /** No more trials: it exits once idle. (Closing the channel from here would do, but then node never emits its 'close'.) */
  release(): void {
    this.send({ type: 'end' });
  }
}

/** One trial on a worker, trained to `epochs` in all, its lines relayed with the trial's number. */
async function runTrial(worker: Worker, trial: Trial, epochs: number, ctx: TrialsContext, errors: string[]): Promise<Outcome> {
  const { json, out, ink } = ctx;
  const tag = `[trial ${trial.index}]`;
  const label = trialLabel(trial);
  let outcome: Outcome | null = null;
  const ended = await worker.train(trial.index, epochs, (line, e) => {
    if (ink) {
      if (e) ink.line(trial.index, e);
    } else if (json) {
      out(e ? JSON.stringify({ ...e, trial: trial.index }) : JSON.stringify({ event: 'message', trial: trial.index, text: line }));
    } else if (!e) {
      out(`${tag} ${line}`);
    } else if (e.event === 'run-start') {
      out(`${tag} ${label}: run ${String(e.run_id)}${e.resumed_after === null ? '' : `, resumed after epoch ${String(e.resumed_after)}`}`);
    } else if (e.event === 'epoch') {
      // JSON has no NaN: a validation loss that was not a number comes as null.
      const figure = (x: unknown) => (x === null ? Number.NaN : Number(x));
      const val = e.val_cross_entropy === undefined ? null : { crossEntropy: figure(e.val_cross_entropy), accuracy: figure(e.val_accuracy) };
      out(`${tag} ${epochLine(Number(e.epoch), Number(e.epochs), Number(e.cross_entropy), Number(e.seconds), val)}`);
    } else if (e.event === 'finished' && e.status === 'failed') {
      out(`${tag} failed: ${String(e.error)}`);
    } else if (e.event === 'trial' && e.status === 'evaluated') {
      out(`${tag} completed; test accuracy ${formatPercent(Number(e.test_accuracy))}`);
    } else if (e.event === 'trial') {
      const why = {
        done: 'already complete',
        failed: 'failed; not retried',
        busy: 'being trained by another runner',
        'taken-over': 'taken over by another runner while this one was silent; dropped',
      }[String(e.status)];
      out(`${tag} ${why ?? String(e.status)}`);
    }
    if (e?.event === 'trial') {
      outcome = e.status === 'evaluated' ? 'completed' : e.status === 'busy' ? 'busy' : e.status === 'taken-over' ? 'taken-over' : e.status === 'failed' ? 'failed' : 'done';
    }
  });
  const lines = ended.stderr.filter(Boolean).map((line) => `${tag} ${line}`);
  // A worker killed from outside (the OOM killer, kill -9) says nothing itself.
  const killed = ended.signal !== null && ended.signal !== 'SIGINT' && ended.signal !== 'SIGTERM';
  if (killed) lines.push(`${tag} its worker process was killed (${ended.signal}) before the trial ended; run the sweep again to resume it`);
  // Under the terminal view they wait until it is gone.
  if (ink) errors.push(...lines);
  else for (const line of lines) process.stderr.write(`${line}\n`);
  // A worker stopped before it set up its own signal handling dies of the signal itself.
  const stoppedEarly = ended.signal === 'SIGINT' || ended.signal === 'SIGTERM';
  const { code } = ended;
  const result: Outcome =
    code === ExitCode.interrupted || stoppedEarly
      ? 'interrupted'
      : code === ExitCode.runFailed
        ? 'failed'
        : code !== 0
          ? 'error'
          : (outcome ?? 'completed');
  if (result === 'interrupted' || result === 'error' || result === 'failed') ink?.ended(trial.index, result);
  return result;
}

/** A trial's swept values, e.g. `learning_rate=0.01 units=32`. */
function trialLabel(trial: Trial): string {
  return Object.entries(trial.values)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

function countBy(outcomes: readonly Outcome[]): Partial<Record<Outcome, number>> {
  const counts: Partial<Record<Outcome, number>> = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return counts;
}
