import type { Experiment } from '../config/experiment.generated.js';
import { networkOf, optimizerOf } from '../config/network.js';
import type { ImageSet } from '../data/dataset.js';
import { Kernels } from '../nn/kernels.js';
import { Network, networkImages } from '../nn/network.js';
import { Optimizer, type OptimizerState } from '../nn/optimizers.js';
import { isTrained, Parameters } from '../nn/parameters.js';
import { Rng } from '../nn/prng.js';
import { SoftmaxCrossEntropy } from '../nn/softmax-cross-entropy.js';
import type { ImageShape } from '../nn/spec.js';
import { ImageBatch, type SparseImages } from '../nn/sparse-images.js';
import type { DenseImages } from '../nn/image-input.js';
import { Scorer } from './evaluate.js';
import type { Phases, TrainListener, ValidationScore } from './events.js';

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

/**
 * Where training starts: the parameters (with the batch-norm statistics), the PRNG and the
 * optimizer's state after `epoch` epochs (0 = freshly initialised). optimizer null: its
 * state at step 0 (an imported run, which stored none).
 */
export interface TrainState {
  epoch: number;
  params: Parameters;
  rng: Rng;
  optimizer: OptimizerState | null;
}

/** The report's initialisation: seed the PRNG, then draw w1, b1, w2, b2 (…, wL, bL) from it. */
export function initialState(experiment: Experiment, image: ImageShape | number, classes: number): TrainState {
  const rng = Rng.fromSeed(experiment.seed);
  const params = Parameters.allocate(networkOf(experiment, image, classes));
  params.initialise(experiment.init_scale, rng);
  const trained = params.layout.filter((t) => isTrained(t.kind));
  return { epoch: 0, params, rng, optimizer: Optimizer.initialState(optimizerOf(experiment), trained) };
}

/** batches_per_epoch, or the report's default: every training image once on average (60000 / 100). */
export function batchesPerEpoch(experiment: Experiment, trainCount: number): number {
  return experiment.batches_per_epoch ?? Math.floor(trainCount / experiment.batch_size);
}

/**
 * Trains from `state` up to experiment.epochs: each step draws batch_size distinct random
 * images (then the dropout masks), runs forward, backward and one optimizer update. With
 * `validation` (data.validation's held-out images), each epoch's weights are scored on
 * them before the epoch is reported; scoring draws nothing from the PRNG.
 * Updates `state` in place and tells
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
  validation: ImageSet | null = null,
): Promise<'completed' | 'interrupted'> {
  // The network, its buffers and the training images, made once per run in one kernels memory.
  const kernels = new Kernels();
  // The helper thread starts while the images are converted; until it is up, this thread does its share.
  kernels.startHelper();
  try {
    const images = networkImages(kernels, state.params.spec, data.images, data.count, pixelScale(experiment.data.normalize));
    const net = new Network(kernels, state.params.spec, experiment.batch_size);
    net.load(state.params);
    net.train(state.rng);
    const optimizer = new Optimizer(kernels, net.params, optimizerOf(experiment));
    if (state.optimizer) optimizer.load(state.optimizer);
    const run: Run = {
      experiment,
      labels: data.labels,
      count: data.count,
      net,
      optimizer,
      loss: new SoftmaxCrossEntropy(kernels, state.params.spec.classes, experiment.batch_size),
      chosen: new ImageBatch(images, experiment.batch_size),
      scorer: validation && new Scorer(state.params, validation, experiment.data.normalize, experiment.batch_size),
    };
    return await trainEpochs(run, state, listener, stop);
  } finally {
    kernels.close();
  }
}

/** What the epochs of a run work with. */
interface Run {
  experiment: Experiment;
  /** The training set's labels, and its size. */
  labels: Uint8Array;
  count: number;
  net: Network;
  optimizer: Optimizer;
  loss: SoftmaxCrossEntropy;
  /** The current batch's image numbers. */
  chosen: ImageBatch<SparseImages | DenseImages>;
  /** Scores the held-out images, if there are any. */
  scorer: Scorer | null;
}

async function trainEpochs(
  run: Run,
  state: TrainState,
  listener: TrainListener,
  stop: AbortSignal | undefined,
): Promise<'completed' | 'interrupted'> {
  const { experiment, net, optimizer, count } = run;
  const { batch_size: batch, epochs } = experiment;
  const batches = batchesPerEpoch(experiment, count);
  const scratch: Scratch = { labels: new Uint8Array(batch), taken: new Uint8Array(count) };
  let lastYield = performance.now();
  // One object for every epoch, reset: a new one per epoch would come with its fields as
  // integers again, and their change to doubles would throw the loop's optimized code away.
  const sums: EpochSums = { loss: 0, phases: { sample: 0, forward: 0, backward: 0, update: 0 } };
  const phases = sums.phases;
  while (state.epoch < epochs) {
    const epoch = state.epoch + 1;
    listener({ type: 'epoch-start', epoch, epochs, batches });
    net.beginEpoch();
    const started = performance.now();
    sums.loss = phases.sample = phases.forward = phases.backward = phases.update = 0;
    for (let b = 1; b <= batches; b++) {
      b = trainBatches(run, state.rng, epoch, b, batches, lastYield + YIELD_MS, sums, scratch);
      if (performance.now() - lastYield > YIELD_MS) {
        listener({ type: 'progress', epoch, epochs, batch: b, batches, meanLoss: sums.loss / b });
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (stop?.aborted && b < batches) return 'interrupted';
    }
    const sum = sums.loss;
    const seconds = (performance.now() - started) / 1000;
    state.epoch = epoch;
    net.save(state.params);
    state.optimizer = optimizer.state();
    // In seconds, in an object of their own: listeners add to it (the store's time), and a
    // new property on the hot loop's object would throw away its optimized code.
    const phaseSeconds: Phases = {
      sample: phases.sample / 1000, forward: phases.forward / 1000, backward: phases.backward / 1000, update: phases.update / 1000,
    };
    let scored: ValidationScore | null = null;
    if (run.scorer) {
      const scoring = performance.now();
      const { crossEntropy, accuracy } = run.scorer.score(state.params);
      scored = { crossEntropy, accuracy };
      phaseSeconds.validate = (performance.now() - scoring) / 1000;
    }
    // Awaited: the epoch is recorded (committed, for the store) before the next begins.
    await listener({
      type: 'epoch-end', epoch, epochs, crossEntropy: sum / batches, seconds, phases: phaseSeconds, validation: scored,
      params: state.params, rng: state.rng, optimizer: state.optimizer,
    });
    if (stop?.aborted) return 'interrupted';
  }
  return 'completed';
}

/** How long the loop trains between yields to the event loop (signals, the terminal UI). */
const YIELD_MS = 16;

/** An epoch's running sums: of the batch losses, and of the milliseconds of each phase. */
interface EpochSums {
  loss: number;
  phases: Phases;
}

/** Buffers reused by every batch: its labels, and drawBatch's marks. */
interface Scratch {
  labels: Uint8Array;
  taken: Uint8Array;
}

/**
 * Trains batches from, from + 1, … of `epoch` (draw, forward, backward, update) until the
 * epoch's last batch, or a batch that ends after `until` (a performance.now() time);
 * returns the last batch trained. Apart from the async loop so that the hot code is one
 * small function whose type feedback is stable: optimized once, early.
 */
function trainBatches(run: Run, rng: Rng, epoch: number, from: number, batches: number, until: number, sums: EpochSums, scratch: Scratch): number {
  const { net, optimizer, loss, chosen, count } = run;
  const batch = run.experiment.batch_size;
  const { labels, taken } = scratch;
  const phases = sums.phases;
  for (let b = from; ; b++) {
    const t0 = performance.now();
    const indices = chosen.indices;
    drawBatch(rng, count, indices, taken);
    for (let s = 0; s < batch; s++) labels[s] = run.labels[indices[s]!]!;
    const t1 = performance.now();
    const e = loss.forward(net.forward(chosen, batch), labels, batch);
    if (!Number.isFinite(e)) throw new DivergedError(epoch, b, e);
    const t2 = performance.now();
    net.backward(loss.backward(batch), batch);
    const t3 = performance.now();
    optimizer.update();
    const t4 = performance.now();
    phases.sample += t1 - t0;
    phases.forward += t2 - t1;
    phases.backward += t3 - t2;
    phases.update += t4 - t3;
    sums.loss += e;
    if (b >= batches || t4 > until) return b;
  }
}

/** Input value per unit of pixel byte: raw 0..255 as the report, or / 255 when normalised. */
export function pixelScale(normalize: boolean): number {
  return normalize ? 1 / 255 : 1;
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
