import type { Experiment } from './experiment.generated.js';

/*
 * Successive halving (Hyperband's inner loop), made deterministic: the rungs follow from
 * the halving block and the number of trials alone, and a rung's winners from the metric
 * of every one of its trials at the rung's epoch, ties going to the lower trial number.
 * Nothing depends on which trial finished first, on --jobs or on the number of machines.
 */

export type HalvingSpec = NonNullable<Experiment['halving']>;

/** The per-epoch figures a halving sweep may rank trials by, and which way is better. */
export const HALVING_METRICS = {
  val_cross_entropy: 'lower',
  val_accuracy: 'higher',
  cross_entropy: 'lower',
} as const;
export type HalvingMetric = keyof typeof HALVING_METRICS;

/** One rung: how many trials train to how many epochs in all. */
export interface Rung {
  /** From 0: every trial is in rung 0. */
  index: number;
  epochs: number;
  /** How many trials it holds: all of them, then ⌊n / eta⌋ of the rung before (at least 1). */
  size: number;
}

/**
 * The rungs of a halving sweep of `trials` trials: epochs min_epochs × eta^k, the last
 * rung's max_epochs; sizes trials, ⌊trials / eta⌋, … (at least 1). 27 trials, 1 to 9
 * epochs, eta 3: 27 × 1, 9 × 3, 3 × 9.
 */
export function rungsOf(halving: HalvingSpec, trials: number): Rung[] {
  const rungs: Rung[] = [];
  let epochs = Math.min(halving.min_epochs, halving.max_epochs);
  let size = trials;
  for (let index = 0; ; index++) {
    rungs.push({ index, epochs, size });
    if (epochs >= halving.max_epochs) return rungs;
    epochs = Math.min(epochs * halving.eta, halving.max_epochs);
    size = Math.max(1, Math.floor(size / halving.eta));
  }
}

/** A trial's figure at a rung's epoch: null when it has none (not yet, it failed before, or the figure was not a number). */
export interface RungEntry {
  trial: number;
  value: number | null;
}

/**
 * The trials a rung promotes: the best `keep` by the metric (lower or higher is better),
 * ties to the lower trial number; a trial with no figure (it failed) never. In trial order.
 */
export function promoted(entries: readonly RungEntry[], metric: HalvingMetric, keep: number): number[] {
  return ranked(entries, metric)
    .filter((e) => e.value !== null && !Number.isNaN(e.value))
    .slice(0, keep)
    .map((e) => e.trial)
    .sort((a, b) => a - b);
}

/** The entries best first, as `promoted` ranks them. */
export function ranked(entries: readonly RungEntry[], metric: HalvingMetric): RungEntry[] {
  const sign = HALVING_METRICS[metric] === 'lower' ? 1 : -1;
  const key = (e: RungEntry) => (e.value === null || Number.isNaN(e.value) ? Infinity : sign * e.value);
  return [...entries].sort((a, b) => key(a) - key(b) || a.trial - b.trial);
}
