import { dirname } from 'node:path';
import { promoted, ranked, rungsOf, type HalvingMetric, type HalvingSpec, type Rung, type RungEntry } from '../config/halving.js';
import { parseExperiment } from '../config/load.js';
import type { RunRow, Store, SweepEpochRow, SweepResultRow, SweepRow } from '../store/store.js';

/*
 * Where a halving sweep stands, read from the store: which rungs are decided, and how far
 * each trial must train now. The store's rows are the whole state: a rerun, another
 * process or another machine reads the same and decides the same, so a rung's decision
 * is made (and written) by whichever process first sees all of its trials reported.
 */

/**
 * One of a rung's trials: its figure at the rung's epoch, and whether it has reported: it
 * has that epoch (its figure may still be null: a validation loss that was not a number),
 * or it failed. A reported trial without a figure ranks after every other, and never goes on.
 */
export interface RungMember extends RungEntry {
  reported: boolean;
}

/** A rung as `runner sweep` shows it: its trials, their figures at its epoch, and who went on. */
export interface RungView extends Rung {
  /** Its trials (those promoted into it; every trial for rung 0), by trial, with the metric at the rung's epoch. */
  entries: RungMember[];
  /** Whether its decision is made, and who it promoted (the last rung promotes nobody). */
  decided: boolean;
  promoted: number[];
  /** Its best reported figure so far, and whose (null while none has one). */
  best: RungEntry | null;
  /** The last rung's best once all of its trials have reported; null otherwise. */
  winner: number | null;
  /** Nobody reached it: every trial of the rungs before failed, so the sweep ended before it. */
  ended: boolean;
}

/** A halving sweep's rungs, as far as the store has them. */
export function rungViews(halving: HalvingSpec, trials: number, runs: ReadonlyMap<number, RunRow>, epochs: readonly SweepEpochRow[]): RungView[] {
  const rungs = rungsOf(halving, trials);
  const metric = halving.metric as HalvingMetric;
  const at = epochAt(epochs);
  const views: RungView[] = [];
  for (const rung of rungs) {
    const members: number[] = [];
    for (let t = 0; t < trials; t++) {
      const run = runs.get(t);
      if (rung.index === 0 || (run?.rung ?? 0) >= rung.index) members.push(t);
    }
    const last = rung.index === rungs.length - 1;
    const decided = !last && members.some((t) => decidedAt(runs.get(t), rung.index));
    const entries = members.map((trial) => {
      const row = at(trial, rung.epochs);
      const value = row === undefined ? null : row[metric];
      // A figure that was not a number (NaN is stored as NULL) counts as none.
      return { trial, value: value !== null && Number.isFinite(value) ? value : null, reported: row !== undefined || runs.get(trial)?.status === 'failed' };
    });
    const best = ranked(entries.filter((e) => e.value !== null), metric)[0] ?? null;
    const before = views.at(-1);
    views.push({
      ...rung,
      entries,
      decided,
      promoted: decided ? members.filter((t) => (runs.get(t)?.rung ?? 0) > rung.index) : [],
      best: best && { trial: best.trial, value: best.value },
      winner: last && best && entries.every((e) => e.reported) ? best.trial : null,
      ended: before !== undefined && entries.length === 0 && (before.decided || before.ended),
    });
  }
  return views;
}

/** Whether a trial's rows say that rung `rung` was decided: it went past it, or was stopped at it. */
function decidedAt(run: RunRow | undefined, rung: number): boolean {
  return run !== undefined && run.rung !== null && (run.rung > rung || (run.rung === rung && run.pruned === 1));
}

/**
 * Decides every rung whose trials have all reported and that no one has decided yet: its
 * best ⌊n / eta⌋ (by the metric at the rung's epoch; ties to the lower trial; a trial
 * with no figure, having failed, never goes on) are promoted, the rest pruned (a failed
 * one too: its status says why). A rung left with no trial (all before it failed) ends the
 * sweep there. Returns the runs (by trial) and the rungs as they stand after that.
 */
export async function decideRungs(
  store: Store,
  sweepId: number,
  halving: HalvingSpec,
  trials: number,
): Promise<{ runs: Map<number, RunRow>; rungs: RungView[] }> {
  let justDecided = -1;
  for (;;) {
    const runs = new Map((await store.trialRuns(sweepId)).map((r) => [r.trial!, r]));
    const epochs = await store.sweepEpochs(sweepId);
    const views = rungViews(halving, trials, runs, epochs);
    const next = views.findIndex((v, k) => k < views.length - 1 && !v.decided);
    const standing = { runs, rungs: views };
    // A decision that left its rung undecided (rows it could not mark) is not made again and again.
    if (next < 0 || next === justDecided) return standing;
    const rung = views[next]!;
    if (rung.entries.length === 0 || !rung.entries.every((e) => e.reported)) return standing;
    await store.decideRung(sweepId, rung.index, promoted(rung.entries, halving.metric as HalvingMetric, views[next + 1]!.size));
    justDecided = next;
  }
}

/** How many epochs in all a trial must have now: its rung's. */
export function targetEpochs(halving: HalvingSpec, trials: number, run: RunRow | undefined): number {
  const rungs = rungsOf(halving, trials);
  return rungs[Math.min(run?.rung ?? 0, rungs.length - 1)]!.epochs;
}

/** trial → epoch → that epoch's row, if it is stored. */
function epochAt(epochs: readonly SweepEpochRow[]): (trial: number, epoch: number) => SweepEpochRow | undefined {
  const byKey = new Map<string, SweepEpochRow>();
  for (const e of epochs) byKey.set(`${e.trial}:${e.epoch}`, e);
  return (trial, epoch) => byKey.get(`${trial}:${epoch}`);
}

/** The halving block a stored sweep was started with, if it has one. */
export function sweepHalving(sweep: SweepRow): HalvingSpec | undefined {
  return parseExperiment(sweep.config_yaml, sweep.experiment_path, sweep.overrides, dirname(sweep.experiment_path)).experiment.halving;
}

/**
 * A halving sweep's rungs in a few words each, for the terminal view: a heading, then per
 * rung its epochs, trials, how many reported, and who went on.
 */
export function rungLines(spec: HalvingSpec, views: readonly RungView[]): string[] {
  const lines = [`successive halving by ${spec.metric}, eta ${spec.eta}:`];
  for (const v of views) {
    const reported = v.entries.filter((e) => e.reported).length;
    const last = v.index === views.length - 1;
    const outcome = v.ended
      ? 'nobody reached it'
      : last
        ? v.winner === null ? '' : `winner: trial ${v.winner}`
        : v.decided
          ? `promoted ${v.promoted.join(', ') || 'none'}`
          : 'open';
    lines.push(`  rung ${v.index}: ${v.epochs} epoch${v.epochs === 1 ? '' : 's'}, ${reported}/${v.size} reported${outcome ? `, ${outcome}` : ''}`);
  }
  return lines;
}

/** The epochs a halving sweep trains in all: each rung's trials from the rung before's epochs to its own. */
export function plannedEpochs(spec: HalvingSpec, trials: number): number {
  let previous = 0;
  let total = 0;
  for (const rung of rungsOf(spec, trials)) {
    total += rung.size * (rung.epochs - previous);
    previous = rung.epochs;
  }
  return total;
}

/**
 * A halving sweep's trials as runner sweep orders them: the deepest rung reached first,
 * within a rung by the metric at its epoch (ties to the lower trial), then the rest by trial.
 */
export function halvingOrder(rows: readonly SweepResultRow[], rungs: readonly RungView[], metric: HalvingMetric): SweepResultRow[] {
  const place = new Map<number, number>();
  for (const rung of [...rungs].reverse()) {
    for (const e of ranked(rung.entries, metric)) if (!place.has(e.trial)) place.set(e.trial, place.size);
  }
  return [...rows].sort((a, b) => (place.get(a.trial) ?? Infinity) - (place.get(b.trial) ?? Infinity) || a.trial - b.trial);
}
