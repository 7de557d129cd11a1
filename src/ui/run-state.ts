import type { TrainEvent, ValidationScore } from '../train/events.js';
import type { RunEnd, RunStart } from './reporter.js';

/** A finished epoch, as the UI lists and charts it. */
export interface EpochFigure {
  epoch: number;
  epochs: number;
  crossEntropy: number;
  seconds: number;
  /** The held-out images' scores, if the run holds some out. */
  validation: ValidationScore | null;
}

/** Where the current epoch is. */
export interface Progress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  meanLoss: number;
  samplesPerSecond: number;
  /** Seconds left in this epoch, and in the whole run, at the current rate. */
  etaEpoch: number;
  etaRun: number;
}

/** Everything the live view shows; a new object on every change. */
export interface RunViewState {
  start: RunStart | null;
  epochs: readonly EpochFigure[];
  progress: Progress | null;
  stopping: boolean;
  end: RunEnd | null;
}

export const initialRunViewState: RunViewState = { start: null, epochs: [], progress: null, stopping: false, end: null };

/**
 * Folds a training event into the view state. `now` is in ms (performance.now()); the
 * rate is measured from the epoch's start.
 */
export function applyEvent(state: RunViewState, event: TrainEvent, now: number, epochStartedAt: number): RunViewState {
  switch (event.type) {
    case 'epoch-start':
      return {
        ...state,
        progress: {
          epoch: event.epoch,
          epochs: event.epochs,
          batch: 0,
          batches: event.batches,
          meanLoss: Number.NaN,
          samplesPerSecond: 0,
          etaEpoch: Number.NaN,
          etaRun: Number.NaN,
        },
      };
    case 'progress': {
      const batchSize = state.start?.experiment.batch_size ?? 1;
      const elapsed = Math.max(1e-6, (now - epochStartedAt) / 1000);
      const batchesPerSecond = event.batch / elapsed;
      const left = event.batches - event.batch;
      const leftInRun = left + (event.epochs - event.epoch) * event.batches;
      return {
        ...state,
        progress: {
          epoch: event.epoch,
          epochs: event.epochs,
          batch: event.batch,
          batches: event.batches,
          meanLoss: event.meanLoss,
          samplesPerSecond: batchesPerSecond * batchSize,
          etaEpoch: left / batchesPerSecond,
          etaRun: leftInRun / batchesPerSecond,
        },
      };
    }
    case 'epoch-end':
      return {
        ...state,
        epochs: [
          ...state.epochs,
          { epoch: event.epoch, epochs: event.epochs, crossEntropy: event.crossEntropy, seconds: event.seconds, validation: event.validation },
        ],
        progress: null,
      };
  }
}
