import { formatLoss } from './reporter.js';

/** A run `runner resume` can continue, as the picker lists it. */
export interface ResumableRun {
  id: number;
  name: string;
  status: string;
  epochsDone: number;
  epochs: number;
  lastCrossEntropy: number | null;
}

/** One line per resumable run: `7  baseline  4/10 epochs  cross-entropy 0.495207  interrupted`. */
export function resumableLine(run: ResumableRun): string {
  const loss = run.lastCrossEntropy === null ? 'no epoch yet' : `cross-entropy ${formatLoss(run.lastCrossEntropy)}`;
  const status = run.status === 'running' ? 'process gone' : run.status;
  return `${String(run.id).padStart(4)}  ${run.name}  ${run.epochsDone}/${run.epochs} epochs  ${loss}  ${status}`;
}
