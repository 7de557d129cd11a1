import { dirname } from 'node:path';
import type { RunWeights } from '../commands/run-weights.js';
import { dataPaths, loadTestSet, type ImageSet } from '../data/dataset.js';
import { DataError } from '../errors.js';
import type { RunRow } from '../store/store.js';
import { argmax, classifyAll } from '../train/evaluate.js';
import { HttpError } from './http.js';

/*
 * The confusion matrix of a run's epoch on its test images, computed from the stored
 * weights with the same forward pass as runner eval, and kept in memory (never written):
 * a few recent (run, epoch) results, and the test sets they were computed on.
 */

/** Most examples one cell's answer lists. */
export const MAX_EXAMPLES = 60;
const KEEP_RESULTS = 8;
const KEEP_TEST_SETS = 2;

export interface Example {
  index: number;
  label: number;
  predicted: number;
  /** The three most probable classes, most probable first: [class, probability]. */
  top: [number, number][];
  /** The image's pixels (0…255), base64: row by row, and for CIFAR-10 the R, G and B planes one after another. */
  pixels: string;
}

export interface Confusion {
  classes: number;
  /** matrix[label][predicted]: how many test images of that label got that prediction. */
  matrix: number[][];
  images: number;
  correct: number;
  testImagesSha256: string;
  /** The test images' [channels, height, width]: [1, 28, 28] for MNIST, [3, 32, 32] for CIFAR-10. */
  imageShape: [number, number, number];
  examples(label: number, predicted: number): Example[];
}

export class ConfusionCache {
  private readonly results = new Map<string, Promise<Confusion>>();
  private readonly testSets = new Map<string, { set: ImageSet; sha256: string }>();

  /** The confusion of `run` after `epoch`, computed once (load: its weights) and then kept among the latest few. */
  get(run: RunRow, epoch: number, load: () => Promise<RunWeights>): Promise<Confusion> {
    const key = `${run.id}:${epoch}:${run.claim_generation}`;
    let found = this.results.get(key);
    if (found) {
      this.results.delete(key);
    } else {
      found = load().then((w) => this.compute(run, w));
      // A failure is not kept: the next request tries again.
      found.catch(() => this.results.delete(key));
    }
    this.results.set(key, found);
    while (this.results.size > KEEP_RESULTS) this.results.delete(this.results.keys().next().value!);
    return found;
  }

  private testSet(run: RunRow, weights: RunWeights): { set: ImageSet; sha256: string } {
    const data = weights.experiment.data;
    const folder = dirname(run.experiment_path || '.');
    const paths = dataPaths(data, folder);
    const key = `${paths.test_images}\n${paths.test_labels}`;
    let found = this.testSets.get(key);
    if (!found) {
      let dataset;
      try {
        dataset = loadTestSet(data, folder);
      } catch (e) {
        if (e instanceof DataError) throw new HttpError(422, e.lines[0] ?? e.message);
        throw e;
      }
      found = { set: dataset.test, sha256: dataset.files.find((f) => f.role === 'test_images')!.sha256 };
      this.testSets.set(key, found);
      while (this.testSets.size > KEEP_TEST_SETS) this.testSets.delete(this.testSets.keys().next().value!);
    }
    return found;
  }

  private compute(run: RunRow, weights: RunWeights): Confusion {
    const { set, sha256 } = this.testSet(run, weights);
    if (set.pixels !== weights.params.spec.inputs) {
      throw new HttpError(422, `run ${run.id}'s weights take images of ${weights.params.spec.inputs} pixels, but its test images have ${set.pixels}`);
    }
    const { classes } = weights.params.spec;
    const probabilities = classifyAll(weights.params, set, weights.experiment.data.normalize, weights.experiment.batch_size);
    const predictions = new Uint8Array(set.count);
    const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    let correct = 0;
    for (let k = 0; k < set.count; k++) {
      const predicted = argmax(probabilities, k * classes, classes);
      predictions[k] = predicted;
      const label = set.labels[k]!;
      if (label < classes) matrix[label]![predicted]!++;
      if (label === predicted) correct++;
    }
    return {
      classes,
      matrix,
      images: set.count,
      correct,
      testImagesSha256: sha256,
      imageShape: [set.channels, set.rows, set.cols],
      examples(label, predicted) {
        const found: Example[] = [];
        for (let k = 0; k < set.count && found.length < MAX_EXAMPLES; k++) {
          if (set.labels[k] !== label || predictions[k] !== predicted) continue;
          const row = Array.from(probabilities.subarray(k * classes, (k + 1) * classes), (p, c) => [c, p] as [number, number]);
          row.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
          const pixels = set.images.subarray(k * set.pixels, (k + 1) * set.pixels);
          found.push({ index: k, label, predicted, top: row.slice(0, 3), pixels: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength).toString('base64') });
        }
        return found;
      },
    };
  }
}
