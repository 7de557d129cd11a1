import type { OptimizerState } from '../nn/optimizers.js';
import type { Parameters } from '../nn/parameters.js';
import type { Rng } from '../nn/prng.js';

/**
 * What the training loop tells its subscribers (the store, the reporters). Listeners run
 * between batches; the loop awaits them at an epoch's end. Objects passed to them
 * (params, rng) are live and must not be kept.
 */
export type TrainEvent =
  | { type: 'epoch-start'; epoch: number; epochs: number; batches: number }
  /** Sent between batches at most every ~16 ms (a repaint budget), not every batch. */
  | { type: 'progress'; epoch: number; epochs: number; batch: number; batches: number; meanLoss: number }
  | {
      type: 'epoch-end';
      epoch: number;
      epochs: number;
      /** Mean of the epoch's mini-batch losses: the figure the report prints. */
      crossEntropy: number;
      seconds: number;
      /** Where those seconds went. */
      phases: Phases;
      /** How this epoch's weights do on the held-out images (data.validation); null without them. */
      validation: ValidationScore | null;
      /** The weights and the batch-norm statistics of this epoch. */
      params: Parameters;
      rng: Rng;
      optimizer: OptimizerState;
    };

/** The held-out images scored with an epoch's weights, in evaluation mode. */
export interface ValidationScore {
  /** Mean cross-entropy over the held-out images. */
  crossEntropy: number;
  /** The fraction whose argmax is the label, 0..1. */
  accuracy: number;
}

/**
 * Seconds of an epoch spent drawing batches, in forward (with the loss), in backward, and
 * in the SGD update; and, filled in by whoever records the epoch, in recording it.
 */
export interface Phases {
  sample: number;
  forward: number;
  backward: number;
  update: number;
  /** Scoring the held-out images (after the epoch's seconds, not in them). */
  validate?: number;
  store?: number;
}

/** Returns a promise only where the loop must wait for it: the epoch's end, while it is recorded. */
export type TrainListener = (event: TrainEvent) => void | Promise<void>;
