import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { LoadedExperiment } from '../config/load.js';
import { expandTrials, type Trial } from '../config/sweep.js';
import { loadDataset } from '../data/dataset.js';
import { ExitCode, UsageError } from '../errors.js';
import { openDatabase } from '../store/db.js';
import { RunStore } from '../store/runs.js';
import { formatLoss, formatPercent } from '../ui/reporter.js';
import { canonicalJson, prepareTrial } from './prepare.js';
import { isLive } from './resume.js';
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
type Outcome = 'completed' | 'done' | 'busy' | 'failed' | 'interrupted' | 'error';

/**
 * Runs a sweep: creates it (or finds it, by its config hash), then trains every trial that
 * is neither complete, failed, nor being trained by another process, `jobs` at a time,
 * each in its own process (`runner trial`), which claims the trial in the database before
 * training it. Prints each trial's lines prefixed with its number, then the results.
 */
export async function runSweep(args: SweepArgs): Promise<number> {
  const { loaded, db } = args;
  const jobs = args.jobs === undefined ? availableParallelism() : Number(args.jobs);
  if (args.jobs !== undefined && (!/^\d{1,3}$/.test(args.jobs) || jobs < 1 || jobs > 256)) {
    throw new UsageError(`runner: --jobs must be a whole number from 1 to 256 (got "${args.jobs}")`);
  }
  // Everything is checked before the database is touched: every trial's values, and the data.
  const trials = expandTrials(loaded);
  const dataset = loadDataset(loaded.experiment.data, loaded.dir);
  for (const trial of trials) prepareTrial(loaded, dataset, trial);
  const sweptKeys = Object.keys(trials[0]!.values);

  const store = new RunStore(openDatabase(db.path));
  const sweepId = store.findOrCreateSweep({
    name: loaded.experiment.name,
    // The key order numbers the trials, and relative data paths depend on the file's folder.
    configHash: createHash('sha256')
      .update(canonicalJson({ experiment: loaded.experiment, sweptKeys: Object.keys(loaded.experiment.sweep ?? {}), dir: resolve(loaded.dir) }))
      .digest('hex'),
    configYaml: loaded.yaml,
    overrides: loaded.overrides,
    experimentPath: resolve(loaded.file),
    sweptKeys,
    trials: trials.length,
  });
  const before = new Map(trials.map((t) => [t.index, store.trialRun(sweepId, t.index)]));
  const results = new Map(store.sweepResults(sweepId).map((r) => [r.trial, r]));
  // A completed trial still needs its score when it was stopped while being scored.
  const todo = trials.filter((t) => {
    const run = before.get(t.index);
    if (!run) return true;
    if (run.status === 'completed') return results.get(t.index)?.test_accuracy === null;
    return run.status !== 'failed' && !isLive(run);
  });
  store.db.close();

  const out = (line: string) => process.stdout.write(`${line}\n`);
  const json = args.ui === 'json';
  const continueWith = `runner ${loaded.file}${loaded.overrides.map((o) => ` --set ${o}`).join('')}${db.fromFlag ? ` --db ${db.path}` : ''}`;
  if (args.ui === 'ink' && todo.length > 0) {
    // the terminal view says it
  } else if (!json) {
    out(`sweep ${sweepId}: ${loaded.experiment.name}, ${trials.length} trials (${sweptKeys.join(' × ') || 'one point'}) -> ${db.path}`);
    out(
      todo.length === 0
        ? `all ${trials.length} trials are complete or failed; nothing to train`
        : `${todo.length} to train${todo.length < trials.length ? ` (${trials.length - todo.length} done already)` : ''}, ${Math.min(jobs, todo.length)} at a time`,
    );
  } else {
    out(JSON.stringify({ event: 'sweep-start', sweep_id: sweepId, trials: trials.length, to_train: todo.length, jobs }));
  }

  const started = performance.now();
  let ink: SweepInk | null = null;
  if (args.ui === 'ink' && todo.length > 0) {
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
        db: db.path,
        jobs: Math.min(jobs, todo.length),
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
  const outcomes = await runTrials(todo, { sweepId, db, jobs, json, out, ink });
  await ink?.close();
  for (const line of outcomes.errors) process.stderr.write(`${line}\n`);
  const stopped = outcomes.stopped;

  const summary = new RunStore(openDatabase(db.path));
  const table = sweepTable(summary, sweepId);
  summary.db.close();
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

interface TrialsContext {
  sweepId: number;
  db: DbChoice;
  jobs: number;
  json: boolean;
  out: (line: string) => void;
  /** The terminal view, when there is one; otherwise lines go to `out`. */
  ink: SweepInk | null;
}

/**
 * Trains the trials, `jobs` processes at a time. Ctrl-C or SIGTERM stops launching and
 * passes one SIGINT to each running trial, which stops after its batch; a second passes
 * another, which makes them quit at once.
 */
async function runTrials(
  todo: readonly Trial[],
  ctx: TrialsContext,
): Promise<{ byTrial: Map<number, Outcome>; stopped: boolean; errors: string[] }> {
  const byTrial = new Map<number, Outcome>();
  const running = new Set<ChildProcess>();
  const errors: string[] = [];
  let stopped = false;
  const stop = () => {
    stopped = true;
    ctx.ink?.stopping();
    for (const child of running) child.kill('SIGINT');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const queue = [...todo];
  const worker = async () => {
    for (let trial = queue.shift(); trial && !stopped; trial = queue.shift()) {
      byTrial.set(trial.index, await runTrial(trial, ctx, running, errors));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(ctx.jobs, todo.length) }, worker));
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return { byTrial, stopped, errors };
}

/** One trial in its own process (`runner trial`), its lines relayed with the trial's number. */
function runTrial(trial: Trial, ctx: TrialsContext, running: Set<ChildProcess>, errors: string[]): Promise<Outcome> {
  const { sweepId, db, jobs, json, out, ink } = ctx;
  const tag = `[trial ${trial.index}]`;
  const label = trialLabel(trial);
  // Several trials at once each take one core: no helper threads competing with them.
  const env = { ...process.env, ...(jobs > 1 ? { RUNNER_THREADS: '1' } : {}) };
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'trial', String(sweepId), String(trial.index), '--db', db.path], {
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
      const why = { done: 'already complete', failed: 'failed before; not retried', busy: 'being trained by another runner' }[String(e.status)];
      out(`${tag} ${why ?? String(e.status)}`);
    }
    if (e?.event === 'trial') outcome = e.status === 'evaluated' ? 'completed' : e.status === 'busy' ? 'busy' : e.status === 'failed' ? 'failed' : 'done';
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
