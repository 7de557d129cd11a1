import type { ImageSet } from '../data/dataset.js';
import { buildMlp, type Parameters } from '../nn/mlp.js';
import { SoftmaxCrossEntropy } from '../nn/softmax-cross-entropy.js';

/** How a set of weights does on a set of images. */
export interface EvaluationResult {
  images: number;
  correct: number;
  /** correct / images. */
  accuracy: number;
  /** Mean cross-entropy over the images (the report's E with B = all of them). */
  crossEntropy: number;
}

/** Images per forward pass: large enough to amortise the layers' loops, small enough to stay in cache. */
const CHUNK = 500;

/**
 * Runs every image of `set` forward through the network (no update) and scores it: the
 * predicted class is the argmax of the softmax, as the report's next assignment asks.
 */
export function evaluate(params: Parameters, set: ImageSet, normalize: boolean): EvaluationResult {
  const chunk = Math.min(CHUNK, set.count);
  const { classes } = params.spec;
  const net = buildMlp(params, chunk);
  const loss = new SoftmaxCrossEntropy(classes, chunk);
  const x = new Float64Array(chunk * set.pixels);
  const scale = pixelScale(normalize);
  let correct = 0;
  let total = 0;
  for (let first = 0; first < set.count; first += chunk) {
    const batch = Math.min(chunk, set.count - first);
    for (let k = 0; k < batch * set.pixels; k++) x[k] = scale[set.images[first * set.pixels + k]!]!;
    const labels = set.labels.subarray(first, first + batch);
    total += loss.forward(net.forward(x, batch), labels, batch) * batch;
    for (let s = 0; s < batch; s++) if (argmax(loss.probabilities, s * classes, classes) === labels[s]) correct++;
  }
  return { images: set.count, correct, accuracy: correct / set.count, crossEntropy: total / set.count };
}

/** The softmax outputs y2 (one per class) for image `index` of `set`. */
export function classProbabilities(params: Parameters, set: ImageSet, index: number, normalize: boolean): Float64Array {
  const net = buildMlp(params, 1);
  const loss = new SoftmaxCrossEntropy(params.spec.classes, 1);
  const scale = pixelScale(normalize);
  const x = new Float64Array(set.pixels);
  for (let p = 0; p < set.pixels; p++) x[p] = scale[set.images[index * set.pixels + p]!]!;
  loss.forward(net.forward(x, 1), [set.labels[index]!], 1);
  return loss.probabilities.slice(0, params.spec.classes);
}

/** The first index of the largest of values[offset .. offset + n). */
export function argmax(values: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (values[offset + c]! > values[offset + best]!) best = c;
  return best;
}

/** Input value of each pixel byte: raw 0..255 as the report, or / 255 when normalised. */
function pixelScale(normalize: boolean): Float64Array {
  return new Float64Array(256).map((_, v) => (normalize ? v / 255 : v));
}
