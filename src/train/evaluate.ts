import type { ImageSet } from '../data/dataset.js';
import { Kernels } from '../nn/kernels.js';
import { Network, networkImages, scoringBatch } from '../nn/network.js';
import type { Parameters } from '../nn/parameters.js';
import { SoftmaxCrossEntropy } from '../nn/softmax-cross-entropy.js';
import { ImageBatch } from '../nn/sparse-images.js';
import { pixelScale } from './loop.js';

/** How a set of weights does on a set of images. */
export interface EvaluationResult {
  images: number;
  correct: number;
  /** correct / images. */
  accuracy: number;
  /** Mean cross-entropy over the images (the report's E with B = all of them). */
  crossEntropy: number;
}


/**
 * Runs every image of `set` forward through the network in evaluation mode (no update, no
 * dropout mask, batch norm with the stored statistics) and scores it: the predicted class
 * is the argmax of the softmax, as the report's next assignment asks. The same layers and
 * kernels as training.
 */
export function evaluate(params: Parameters, set: ImageSet, normalize: boolean, trainingBatch?: number): EvaluationResult {
  return new Scorer(params, set, normalize, trainingBatch).score(params);
}

/**
 * `evaluate` for one set of images and one network shape, scored again and again (the
 * held-out images after every epoch): the images are converted and the network's buffers
 * allocated once. Each score gives the bits `evaluate` gives for the same weights.
 */
export class Scorer {
  private readonly pass: ReturnType<typeof forwardPass>;
  private readonly chunk: number;

  /** @param trainingBatch  the run's batch_size: a conv network scores in chunks no larger (scoringBatch) */
  constructor(
    shape: Parameters,
    private readonly set: ImageSet,
    normalize: boolean,
    trainingBatch?: number,
  ) {
    this.chunk = Math.min(scoringBatch(shape.spec, trainingBatch), set.count);
    this.pass = forwardPass(shape, set, normalize, this.chunk);
  }

  /** How `params` (of the shape given at construction) do on the images. */
  score(params: Parameters): EvaluationResult {
    const { set, chunk } = this;
    const { net, loss, batch } = this.pass;
    net.load(params);
    const { classes } = params.spec;
    let correct = 0;
    let total = 0;
    for (let first = 0; first < set.count; first += chunk) {
      const n = Math.min(chunk, set.count - first);
      const indices = batch.indices;
      for (let s = 0; s < n; s++) indices[s] = first + s;
      const labels = set.labels.subarray(first, first + n);
      total += loss.forward(net.forward(batch, n), labels, n) * n;
      const { data, nv } = loss.probabilities;
      const probabilities = data.view;
      for (let s = 0; s < n; s++) if (argmax(probabilities, s * nv * 4, classes) === labels[s]) correct++;
    }
    return { images: set.count, correct, accuracy: correct / set.count, crossEntropy: total / set.count };
  }
}

/**
 * The softmax outputs of every image of `set` (count × classes, row by row), in
 * evaluation mode as `evaluate` runs it: what the dashboard's confusion matrix counts.
 */
export function classifyAll(params: Parameters, set: ImageSet, normalize: boolean, trainingBatch?: number): Float32Array {
  const chunk = Math.min(scoringBatch(params.spec, trainingBatch), set.count);
  const { net, loss, batch } = forwardPass(params, set, normalize, chunk);
  const { classes } = params.spec;
  const out = new Float32Array(set.count * classes);
  for (let first = 0; first < set.count; first += chunk) {
    const n = Math.min(chunk, set.count - first);
    for (let s = 0; s < n; s++) batch.indices[s] = first + s;
    loss.forward(net.forward(batch, n), set.labels.subarray(first, first + n), n);
    const { data, nv } = loss.probabilities;
    for (let s = 0; s < n; s++) out.set(data.view.subarray(s * nv * 4, s * nv * 4 + classes), (first + s) * classes);
  }
  return out;
}

/** The softmax outputs y2 (one per class) for image `index` of `set`. */
export function classProbabilities(params: Parameters, set: ImageSet, index: number, normalize: boolean): Float64Array {
  const { net, loss, batch } = forwardPass(params, set, normalize, 1);
  batch.indices[0] = index;
  loss.forward(net.forward(batch, 1), [set.labels[index]!], 1);
  return Float64Array.from(loss.probabilities.data.view.subarray(0, params.spec.classes));
}

/** A network holding `params`, the images of `set`, and a batch of up to maxBatch of them. */
function forwardPass(params: Parameters, set: ImageSet, normalize: boolean, maxBatch: number) {
  const kernels = new Kernels();
  const images = networkImages(kernels, params.spec, set.images, set.count, pixelScale(normalize));
  const net = new Network(kernels, params.spec, maxBatch);
  net.load(params);
  net.eval();
  return { net, loss: new SoftmaxCrossEntropy(kernels, params.spec.classes, maxBatch), batch: new ImageBatch(images, maxBatch) };
}

/** The first index of the largest of values[offset .. offset + n). */
export function argmax(values: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (values[offset + c]! > values[offset + best]!) best = c;
  return best;
}
