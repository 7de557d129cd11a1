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
import { formatLoss, formatPercent } from '../ui/reporter.js';
import { canonicalJson, prepareTrial } from './prepare.js';
import type { DbChoice, UiMode } from './session.js';
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
  // The key order numbers the trials. Overrides are in the validated experiment.
  const spec = { experiment: loaded.experiment, sweptKeys: Object.keys(loaded.experiment.sweep ?? {}) };
  return {
    configHash: sha({ ...spec, data: dataSha256 }),
    specHash: sha(spec),
    // What identified a sweep before: its file's folder instead of its data.
    legacyHash: sha({ ...spec, dir: resolve(loaded.dir) }),
  };
}

/**
 * Runs a sweep: creates it (or finds it, by its identity), then trains every trial that is
 * neither complete, failed, nor being trained by a live process, `jobs` at a time, each in
 * its own process (`runner trial`), which claims the trial in the store before training
 * it. Other runners (on this machine or others, sharing the store) may work on the same
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
    return await sweepTrials(args, store, lookup.sweep.id, trials, sweptKeys, jobs, live);
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

function standing(run: RunRow | undefined, result: SweepResultRow | undefined, live: Liveness): Standing {
  if (!run) return 'take';
  if (run.status === 'failed') return 'done';
  if (run.status === 'completed') {
    // A completed trial still needs its score when it was stopped while being scored.
    if (result?.test_accuracy !== null) return 'done';
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
): Promise<number> {
  const { loaded, db } = args;
  const snapshot = async () => {
    const runs = new Map((await store.trialRuns(sweepId)).map((r) => [r.trial!, r]));
    const results = new Map((await store.sweepResults(sweepId)).map((r) => [r.trial, r]));
    return { runs, results, standing: (t: Trial) => standing(runs.get(t.index), results.get(t.index), live) };
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
        ? `all ${trials.length} trials are complete or failed; nothing to train`
        : `${todo.length} to train${todo.length < trials.length ? ` (${trials.length - todo.length - held.length} done already${held.length ? `, ${held.length} being trained by other runners` : ''})` : ''}, ${Math.min(jobs, Math.max(1, todo.length))} at a time`,
    );
  } else {
    out(JSON.stringify({ event: 'sweep-start', sweep_id: sweepId, trials: trials.length, to_train: todo.length, held: held.length, jobs }));
  }

  const started = performance.now();
  let ink: SweepInk | null = null;
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
        // A completed trial here is only scored: it has no epochs left.
        epochsToTrain: todo.reduce((n, t) => n + (before.get(t.index)?.status === 'completed' ? 0 : t.experiment.epochs), 0),
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
      : await runTrials(trials, { sweepId, db, dir: loaded.dir, jobs, json, out, ink, next: snapshot, pollMs: pollInterval(live) });
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
        (stopped || counts.interrupted ? `; continue with: ${continueWith}` : ''),
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
  db: DbChoice;
  /** This machine's folder of the sweep file, where relative data paths resolve. */
  dir: string;
  jobs: number;
  json: boolean;
  out: (line: string) => void;
  /** The terminal view, when there is one; otherwise lines go to `out`. */
  ink: SweepInk | null;
  /** The trials' standing now, read from the store. */
  next: () => Promise<{ standing: (t: Trial) => Standing }>;
  pollMs: number;
}

/**
 * Trains the trials, `jobs` processes at a time, each slot taking the lowest-numbered
 * trial that nobody holds (picks are serialised, so two slots never take the same one).
 * A slot with nothing to take waits while other runners hold trials, and ends when every
 * trial is done or held by this runner. Ctrl-C or SIGTERM stops launching and passes one
 * SIGINT to each running trial, which stops after its batch; a second passes another,
 * which makes them quit at once.
 */
async function runTrials(
  trials: readonly Trial[],
  ctx: TrialsContext,
): Promise<{ byTrial: Map<number, Outcome>; stopped: boolean; errors: string[] }> {
  const byTrial = new Map<number, Outcome>();
  const running = new Set<ChildProcess>();
  const errors: string[] = [];
  const mine = new Set<number>();
  /** Trials whose worker failed or crashed in this invocation: not tried again until the next. */
  const gaveUp = new Set<number>();
  /** Trials whose worker just lost a race for them: left alone for a moment. */
  const lostAt = new Map<number, number>();
  let stopped = false;
  let wake: (() => void) | null = null;
  const stop = () => {
    stopped = true;
    ctx.ink?.stopping();
    wake?.();
    for (const child of running) child.kill('SIGINT');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let picking = Promise.resolve();
  const pick = () => {
    const picked = picking.then(async () => {
      const { standing } = await ctx.next();
      const now = performance.now();
      const open = trials.filter((t) => !mine.has(t.index) && !gaveUp.has(t.index) && standing(t) !== 'done');
      const trial = open.find((t) => standing(t) === 'take' && now - (lostAt.get(t.index) ?? -Infinity) > 1000);
      if (trial) mine.add(trial.index);
      return { trial, waiting: open.length > 0 };
    });
    picking = picked.then(() => undefined, () => undefined);
    return picked;
  };
  let storeFailure: unknown = null;
  const slot = async () => {
    while (!stopped && storeFailure === null) {
      let picked;
      try {
        picked = await pick();
      } catch (e) {
        // The store is gone: launch nothing more, let the running trials end, then say so.
        storeFailure = e;
        break;
      }
      const { trial, waiting } = picked;
      if (trial) {
        const outcome = await runTrial(trial, ctx, running, errors);
        mine.delete(trial.index);
        if (outcome === 'busy') lostAt.set(trial.index, performance.now());
        if (outcome === 'failed' || outcome === 'error' || outcome === 'interrupted') gaveUp.add(trial.index);
        // A trial that lost its race, or was taken over, is another runner's: its outcome there.
        if (outcome !== 'busy' || !byTrial.has(trial.index)) byTrial.set(trial.index, outcome);
        if (outcome === 'interrupted') break;
      } else if (waiting) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, ctx.pollMs);
        });
      } else {
        break;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(ctx.jobs, trials.length) }, slot));
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

/** One trial in its own process (`runner trial`), its lines relayed with the trial's number. */
function runTrial(trial: Trial, ctx: TrialsContext, running: Set<ChildProcess>, errors: string[]): Promise<Outcome> {
  const { sweepId, db, jobs, json, out, ink } = ctx;
  const tag = `[trial ${trial.index}]`;
  const label = trialLabel(trial);
  // Several trials at once each take one core: no helper threads competing with them.
  // The store goes by the environment, so no password shows in a process listing; it has
  // answered us, so a trial that cannot reach it waits for it (a restart) rather than giving up.
  const env = { ...process.env, RUNNER_DB: db.location, RUNNER_STORE_REACHED: db.label, ...(jobs > 1 ? { RUNNER_THREADS: '1' } : {}) };
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'trial', String(sweepId), String(trial.index), '--dir', ctx.dir], {
    env,
    // Its own process group, so a terminal's Ctrl-C reaches it once, from us; the IPC
    // channel closing tells it we are gone (it then stops after its batch).
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  running.add(child);
  let outcome: Outcome | null = null;
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    let e: Record<string, unknown> | null = null;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      // not JSON: a message of the resume command; relayed as it is
    }
    if (ink) {
      if (e) ink.line(trial.index, e);
    } else if (json) {
      out(e ? JSON.stringify({ ...e, trial: trial.index }) : JSON.stringify({ event: 'message', trial: trial.index, text: line }));
    } else if (!e) {
      out(`${tag} ${line}`);
    } else if (e.event === 'run-start') {
      out(`${tag} ${label}: run ${String(e.run_id)}${e.resumed_after === null ? '' : `, resumed after epoch ${String(e.resumed_after)}`}`);
    } else if (e.event === 'epoch') {
      out(`${tag} epoch ${String(e.epoch)}/${String(e.epochs)}  cross-entropy ${formatLoss(Number(e.cross_entropy))}  ${Number(e.seconds).toFixed(2)}s`);
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
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolveOutcome) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      const lines = stderr.trimEnd().split('\n').filter(Boolean).map((line) => `${tag} ${line}`);
      // Under the terminal view they wait until it is gone.
      if (ink) errors.push(...lines);
      else for (const line of lines) process.stderr.write(`${line}\n`);
      // A trial stopped before it set up its own signal handling dies of the signal itself.
      const stoppedEarly = signal === 'SIGINT' || signal === 'SIGTERM';
      const result: Outcome =
        code === ExitCode.interrupted || stoppedEarly
          ? 'interrupted'
          : code === ExitCode.runFailed
            ? 'failed'
            : code !== 0
              ? 'error'
              : (outcome ?? 'completed');
      if (result === 'interrupted' || result === 'error' || result === 'failed') ink?.ended(trial.index, result);
      resolveOutcome(result);
    });
  });
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
