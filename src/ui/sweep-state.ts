/**
 * What the sweep's terminal view shows, and how the trials' JSON lines change it. Pure, so
 * the view is a function of this state (test/ui.test.tsx renders it).
 */
export type TrialStatus = 'waiting' | 'running' | 'completed' | 'done' | 'busy' | 'failed' | 'interrupted' | 'error';

export interface TrialRow {
  index: number;
  /** The swept values, e.g. `learning_rate=0.01 units=32`. */
  label: string;
  status: TrialStatus;
  epoch: number;
  epochs: number;
  crossEntropy: number | null;
  testAccuracy: number | null;
}

export interface SweepViewState {
  sweepId: number;
  name: string;
  db: string;
  jobs: number;
  trials: TrialRow[];
  /** Epochs this invocation has to train, and has trained. */
  epochsToTrain: number;
  epochsTrained: number;
  startedAt: number;
  stopping: boolean;
  /** A halving sweep's rungs, one line each (halving-plan.ts rungLines); empty otherwise. */
  rungs?: string[];
}

/** Applies one of a trial's JSON lines (see runner trial) to the state. */
export function applyTrialLine(state: SweepViewState, trial: number, e: Record<string, unknown>): SweepViewState {
  let trained = state.epochsTrained;
  let toTrain = state.epochsToTrain;
  const trials = state.trials.map((row): TrialRow => {
    if (row.index !== trial) return row;
    switch (e.event) {
      case 'run-start': {
        const after = typeof e.resumed_after === 'number' ? e.resumed_after : 0;
        // A resumed trial has fewer epochs left than planned (a halving sweep's plan counts by rung already).
        if (state.rungs === undefined) toTrain -= after;
        return { ...row, status: 'running' as const, epoch: after };
      }
      case 'epoch':
        trained += 1;
        return { ...row, epoch: Number(e.epoch), epochs: Number(e.epochs), crossEntropy: Number(e.cross_entropy) };
      case 'finished':
        if (e.status === 'interrupted' || e.status === 'failed') return { ...row, status: e.status as TrialStatus };
        return row;
      case 'trial': {
        if (e.status === 'evaluated') return { ...row, status: 'completed' as const, testAccuracy: Number(e.test_accuracy) };
        // Nothing to train after all: its epochs leave the overall count.
        toTrain -= row.epochs - row.epoch;
        return { ...row, status: (e.status === 'done' ? 'done' : e.status === 'busy' || e.status === 'taken-over' ? 'busy' : 'failed') as TrialStatus };
      }
      default:
        return row;
    }
  });
  return { ...state, trials, epochsTrained: trained, epochsToTrain: toTrain };
}

/** A trial that ended badly without saying so (its process exited non-zero, or was stopped). */
export function endTrial(state: SweepViewState, trial: number, status: TrialStatus): SweepViewState {
  return {
    ...state,
    trials: state.trials.map((row) => (row.index === trial && (row.status === 'running' || row.status === 'waiting') ? { ...row, status } : row)),
  };
}

const FINISHED: readonly TrialStatus[] = ['completed', 'done', 'failed', 'interrupted', 'error', 'busy'];

/** The rows in view order: unfinished trials by number, then finished ones best first. */
export function viewOrder(rows: readonly TrialRow[]): TrialRow[] {
  const open = rows.filter((r) => !FINISHED.includes(r.status));
  const closed = rows.filter((r) => FINISHED.includes(r.status));
  const score = (r: TrialRow) => (r.testAccuracy === null ? Infinity : -r.testAccuracy);
  const loss = (r: TrialRow) => (r.crossEntropy === null ? Infinity : r.crossEntropy);
  closed.sort((a, b) => score(a) - score(b) || loss(a) - loss(b) || a.index - b.index);
  return [...open, ...closed];
}

/** Seconds left, from the pace so far; null until an epoch has been trained. */
export function etaSeconds(state: SweepViewState, now: number): number | null {
  if (state.epochsTrained === 0) return null;
  const perEpoch = (now - state.startedAt) / 1000 / state.epochsTrained;
  return Math.max(0, (state.epochsToTrain - state.epochsTrained) * perEpoch);
}
