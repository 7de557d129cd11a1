import type { Writable } from 'node:stream';
import type { TrainEvent } from '../train/events.js';
import {
  epochLine,
  formatLoss,
  settingsLine,
  STOPPING_LINE,
  stoppedLine,
  type Reporter,
  type RunEnd,
  type RunStart,
} from './reporter.js';

/** Plain text lines, no escape codes: for pipes, CI and `--plain`. */
export class PlainReporter implements Reporter {
  constructor(private readonly out: Writable) {}

  runStart({ runId, experiment, data, db, resumedAfter }: RunStart): void {
    const resumed = resumedAfter === null ? '' : ` (resumed after epoch ${resumedAfter}/${experiment.epochs})`;
    this.out.write(`run ${runId}: ${experiment.name} -> ${db}${resumed}\n`);
    this.out.write(`  ${settingsLine(experiment)}\n  data: ${data}\n`);
  }

  event(e: TrainEvent): void {
    if (e.type === 'epoch-end') this.out.write(`${epochLine(e.epoch, e.epochs, e.crossEntropy, e.seconds, e.validation)}\n`);
  }

  finished(run: RunEnd): void {
    if (run.status === 'completed') {
      const loss = run.crossEntropy === null ? '' : `, final cross-entropy ${formatLoss(run.crossEntropy)}`;
      this.out.write(`run ${run.runId} completed: ${run.epochs} epoch${run.epochs === 1 ? '' : 's'} in ${run.seconds.toFixed(1)}s${loss}\n`);
    } else if (run.status === 'interrupted') {
      this.out.write(`${stoppedLine(run)}\n`);
    }
    // A failure is printed on stderr by the CLI, with the exit code.
  }

  stopping(): void {
    process.stderr.write(`${STOPPING_LINE}\n`);
  }

  async close(): Promise<void> {}
}
