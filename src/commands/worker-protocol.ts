import type { DataRole } from '../data/dataset.js';

/*
 * What a sweep's process (sweep-run.ts) and its worker processes (worker.ts) say to each
 * other; worker.ts describes the exchange.
 */

/** The stderr line that ends a trial's lines (never shown). */
export const TRIAL_END = '\u0000runner-worker trial-end';

export type WorkerMessage =
  | { type: 'load'; yaml: string; file: string; overrides: string[]; dir: string }
  | { type: 'sweep'; sweepId: number; dataSha256: Record<DataRole, string> }
  /** epochs: how many in all (a halving sweep's rung); a completed run with fewer is extended. */
  | { type: 'trial'; index: number; epochs: number }
  | { type: 'end' };
