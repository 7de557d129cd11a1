import type { Writable } from 'node:stream';
import type { TrainEvent } from '../train/events.js';
import { epochLine, formatLoss, settingsLine, stoppedLine, type Reporter, type RunEnd, type RunStart } from './reporter.js';

/** Plain text lines, no escape codes: for pipes, CI and `--plain`. */
export class PlainReporter implements Reporter {
  constructor(private readonly out: Writable) {}

  runStart({ runId, experiment, data, db, resumedAfter }: RunStart): void {
    const resumed = resumedAfter === null ? '' : ` (resumed after epoch ${resumedAfter}/${experiment.epochs})`;
    this.out.write(`run ${runId}: ${experiment.name} -> ${db}${resumed}\n`);
    this.out.write(`  ${settingsLine(experiment)}\n  data: ${data}\n`);
  }

  event(e: TrainEvent): void {
    if (e.type === 'epoch-end') this.out.write(`${epochLine(e.epoch, e.epochs, e.crossEntropy, e.seconds)}\n`);
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
    process.stderr.write('stopping after this batch (press Ctrl-C again to quit at once)\n');
  }

  async close(): Promise<void> {}
}

/** One JSON object per line (`--json`), for scripts. */
export class JsonReporter implements Reporter {
  constructor(private readonly out: Writable) {}

  private line(value: object): void {
    this.out.write(`${JSON.stringify(value)}\n`);
  }

  runStart({ runId, experiment, data, db, resumedAfter }: RunStart): void {
    this.line({ event: 'run-start', run_id: runId, name: experiment.name, db, data, resumed_after: resumedAfter, config: experiment });
  }

  event(e: TrainEvent): void {
    if (e.type === 'epoch-end') {
      this.line({ event: 'epoch', epoch: e.epoch, epochs: e.epochs, cross_entropy: e.crossEntropy, seconds: e.seconds });
    }
  }

  finished(run: RunEnd): void {
    this.line({
      event: 'finished',
      run_id: run.runId,
      status: run.status,
      epochs: run.epochs,
      epochs_planned: run.epochsPlanned,
      cross_entropy: run.crossEntropy,
      seconds: run.seconds,
      error: run.error,
      resume_command: run.status === 'completed' ? null : run.resumeCommand,
    });
  }

  stopping(): void {
    process.stderr.write('stopping after this batch (press Ctrl-C again to quit at once)\n');
  }

  async close(): Promise<void> {}
}
