import type { Writable } from 'node:stream';
import type { TrainEvent } from '../train/events.js';
import { STOPPING_LINE, type Reporter, type RunEnd, type RunStart } from './reporter.js';

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
    if (e.type === 'epoch-start') {
      // uptime: seconds since the process started, so a script can see how soon training began.
      this.line({ event: 'epoch-start', epoch: e.epoch, epochs: e.epochs, batches: e.batches, uptime_seconds: process.uptime() });
    }
    if (e.type === 'epoch-end') {
      const val = e.validation && { val_cross_entropy: e.validation.crossEntropy, val_accuracy: e.validation.accuracy };
      this.line({ event: 'epoch', epoch: e.epoch, epochs: e.epochs, cross_entropy: e.crossEntropy, ...val, seconds: e.seconds, phases: e.phases });
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
    process.stderr.write(`${STOPPING_LINE}\n`);
  }

  async close(): Promise<void> {}
}
