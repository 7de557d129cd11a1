/** Small CIFAR-10 binary files for tests: records of 1 label byte and 3,072 pixel bytes (R, G, B planes of 32 × 32). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../src/nn/prng.js';

export const CIFAR_RECORD = 3073;
export const CIFAR_IMAGE = 3072;

/** Images (count × 3,072, as planes) and their labels, as a reader must give them back. */
export interface CifarImages {
  labels: Uint8Array;
  images: Uint8Array;
}

/**
 * `count` images, deterministic for a seed: label (n + seed) % 10; class c lights rows
 * 3c..3c+2 of the red plane on a noisy background (so a tiny network can learn something),
 * and every pixel differs between images, channels and positions often enough that a
 * misplaced byte shows.
 */
export function cifarImages(count: number, seed = 1): CifarImages {
  const rng = Rng.fromSeed(seed);
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * CIFAR_IMAGE);
  for (let n = 0; n < count; n++) {
    const label = (n + seed) % 10;
    labels[n] = label;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < 32; y++) {
        const lit = c === 0 && Math.floor(y / 3) === label;
        for (let x = 0; x < 32; x++) images[n * CIFAR_IMAGE + c * 1024 + y * 32 + x] = lit ? 160 + rng.nextInt(96) : rng.nextInt(120);
      }
    }
  }
  return { labels, images };
}

/** The bytes of a CIFAR-10 batch file holding these records. */
export function cifarBytes({ labels, images }: CifarImages): Buffer {
  const bytes = Buffer.alloc(labels.length * CIFAR_RECORD);
  for (let n = 0; n < labels.length; n++) {
    bytes[n * CIFAR_RECORD] = labels[n]!;
    bytes.set(images.subarray(n * CIFAR_IMAGE, (n + 1) * CIFAR_IMAGE), n * CIFAR_RECORD + 1);
  }
  return bytes;
}

export interface CifarDir {
  dir: string;
  /** The five training files' records, concatenated in file order (as the reader must give them). */
  train: CifarImages;
  test: CifarImages;
  /** Each training file's records, in order. */
  batches: CifarImages[];
  /** data_batch_1.bin … data_batch_5.bin, then test_batch.bin (absolute). */
  trainFiles: string[];
  testFile: string;
}

/**
 * Writes data_batch_1.bin … data_batch_5.bin (train[i] records each) and test_batch.bin
 * (test records) into dir, and returns what they hold. Each file has its own seed, so
 * no two files are alike.
 */
export function writeCifarDir(
  dir: string,
  { train = [4, 3, 3, 2, 2], test = 5, seed = 1 }: { train?: number[]; test?: number; seed?: number } = {},
): CifarDir {
  if (train.length !== 5) throw new Error(`writeCifarDir: train needs 5 counts, one per batch file, got ${train.length}`);
  const batches = train.map((count, i) => cifarImages(count, seed * 10 + i));
  const trainFiles = batches.map((b, i) => {
    const file = join(dir, `data_batch_${i + 1}.bin`);
    writeFileSync(file, cifarBytes(b));
    return file;
  });
  const testSet = cifarImages(test, seed * 10 + 7);
  const testFile = join(dir, 'test_batch.bin');
  writeFileSync(testFile, cifarBytes(testSet));
  const concat = (part: (b: CifarImages) => Uint8Array) => new Uint8Array(Buffer.concat(batches.map(part)));
  return { dir, train: { labels: concat((b) => b.labels), images: concat((b) => b.images) }, test: testSet, batches, trainFiles, testFile };
}

/** A tiny experiment over writeCifarDir's files in `dataDir` (relative to the experiment file), as YAML text. */
export function cifarExperimentYaml(dataDir = 'cifar', extra = ''): string {
  return [
    'name: cifar-small',
    'seed: 7',
    'units: 4',
    'batch_size: 2',
    'epochs: 1',
    'batches_per_epoch: 1',
    'learning_rate: 0.01',
    'data:',
    '  format: cifar10',
    `  dir: ${dataDir}`,
    '  normalize: true',
    extra,
  ].join('\n');
}
