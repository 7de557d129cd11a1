import type { Experiment } from '../config/experiment.generated.js';
import type { ImageSet } from '../data/dataset.js';
import { buildMlp, Parameters } from '../nn/mlp.js';
import { Rng } from '../nn/prng.js';
import { sgdStep } from '../nn/sgd.js';
import { SoftmaxCrossEntropy } from '../nn/softmax-cross-entropy.js';
import type { TrainListener } from './events.js';

/** The loss stopped being a finite number: the run has diverged. */
export class DivergedError extends Error {
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly loss: number,
  ) {
    super(`loss became ${loss} at epoch ${epoch}, batch ${batch}; try a smaller learning_rate`);
  }
}

/** Where training starts: the parameters and PRNG after `epoch` epochs (0 = freshly initialised). */
export interface TrainState {
  epoch: number;
  params: Parameters;
  rng: Rng;
}

/** The report's initialisation: seed the PRNG, then draw w1, b1, w2, b2 from it. */
export function initialState(experiment: Experiment, inputs: number, classes: number): TrainState {
  const rng = Rng.fromSeed(experiment.seed);
  const params = Parameters.allocate({ inputs, units: experiment.units, classes, activation: experiment.activation });
  params.initialise(experiment.init_scale, rng);
  return { epoch: 0, params, rng };
}

/** batches_per_epoch, or the report's default: every training image once on average (60000 / 100). */
export function batchesPerEpoch(experiment: Experiment, trainCount: number): number {
  return experiment.batches_per_epoch ?? Math.floor(trainCount / experiment.batch_size);
}

/**
 * Trains from `state` up to experiment.epochs: each step draws batch_size distinct random
 * images, runs forward, backward and plain SGD. Updates `state` in place and tells
 * `listener` about progress and every finished epoch. Throws DivergedError on a
 * non-finite loss.
 *
 * Yields to the event loop every ~16 ms so signals and a UI stay responsive. When `stop`
 * is aborted it returns 'interrupted' at the next batch boundary; the unfinished epoch is
 * abandoned: state.epoch counts only finished epochs, but params and rng have moved on, so
 * only the last epoch-end (the stored checkpoint) is a point to resume from.
 */
export async function train(
  experiment: Experiment,
  data: ImageSet,
  state: TrainState,
  listener: TrainListener,
  stop?: AbortSignal,
): Promise<'completed' | 'interrupted'> {
  const { batch_size: batch, learning_rate: learningRate, epochs } = experiment;
  const batches = batchesPerEpoch(experiment, data.count);
  const { pixels } = data;
  const net = buildMlp(state.params, batch);
  const loss = new SoftmaxCrossEntropy(state.params.spec.classes, batch);

  // Buffers for one batch, made once per run.
  const x = new Float64Array(batch * pixels);
  const labels = new Uint8Array(batch);
  const chosen = new Int32Array(batch);
  const taken = new Uint8Array(data.count);
  const pixelValue = new Float64Array(256).map((_, v) => (experiment.data.normalize ? v / 255 : v));

  let lastYield = performance.now();
  while (state.epoch < epochs) {
    const epoch = state.epoch + 1;
    listener({ type: 'epoch-start', epoch, epochs, batches });
    const started = performance.now();
    let sum = 0;
    for (let b = 1; b <= batches; b++) {
      drawBatch(state.rng, data.count, chosen, taken);
      for (let s = 0; s < batch; s++) {
        const image = chosen[s]!;
        labels[s] = data.labels[image]!;
        const src = image * pixels;
        const dst = s * pixels;
        for (let p = 0; p < pixels; p++) x[dst + p] = pixelValue[data.images[src + p]!]!;
      }
      const e = loss.forward(net.forward(x, batch), labels, batch);
      if (!Number.isFinite(e)) throw new DivergedError(epoch, b, e);
      net.backward(loss.backward(batch), batch);
      sgdStep(net.params, learningRate);
      sum += e;

      if (performance.now() - lastYield > 16) {
        listener({ type: 'progress', epoch, epochs, batch: b, batches, meanLoss: sum / b });
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (stop?.aborted && b < batches) return 'interrupted';
    }
    const seconds = (performance.now() - started) / 1000;
    state.epoch = epoch;
    listener({ type: 'epoch-end', epoch, epochs, crossEntropy: sum / batches, seconds, params: state.params, rng: state.rng });
    if (stop?.aborted) return 'interrupted';
  }
  return 'completed';
}

/**
 * Fills `chosen` with distinct indices uniform in [0, count): a fresh random batch, as the
 * report's preprocessing draws one each step. A repeat within the batch is redrawn.
 * `taken` is scratch (count bytes, all zero on entry and on return).
 */
export function drawBatch(rng: Rng, count: number, chosen: Int32Array, taken: Uint8Array): void {
  for (let s = 0; s < chosen.length; s++) {
    let i = rng.nextInt(count);
    while (taken[i] === 1) i = rng.nextInt(count);
    taken[i] = 1;
    chosen[s] = i;
  }
  for (let s = 0; s < chosen.length; s++) taken[chosen[s]!] = 0;
}
