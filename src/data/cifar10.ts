import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataError } from '../errors.js';
import type { DataFile, ImageSet } from './dataset.js';
import { readHashed } from './sha256-cache.js';

/*
 * CIFAR-10's binary version (https://www.cs.toronto.edu/~kriz/cifar.html, "CIFAR-10 binary
 * version (suitable for C programs)", cifar-10-binary.tar.gz, which extracts to
 * cifar-10-batches-bin/): data_batch_1.bin … data_batch_5.bin (training) and test_batch.bin,
 * each a plain sequence of records of 1 label byte (0..9) and 3,072 pixel bytes: the red,
 * green and blue planes of a 32 × 32 image, each row-major. No header: a file's size alone
 * says how many records it holds (10,000 in the official files; any whole number is read).
 */

export const CIFAR_CHANNELS = 3;
export const CIFAR_ROWS = 32;
export const CIFAR_COLS = 32;
/** Pixel bytes per record: 3 × 32 × 32. */
export const CIFAR_PIXELS = CIFAR_CHANNELS * CIFAR_ROWS * CIFAR_COLS;
/** Bytes per record: the label byte, then the pixels. */
export const CIFAR_RECORD_BYTES = 1 + CIFAR_PIXELS;
/** CIFAR-10's classes (airplane … truck), labelled 0..9. */
export const CIFAR_CLASSES = 10;
export const CIFAR_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] as const;
export const CIFAR_TEST_FILE = 'test_batch.bin';
/** What CIFAR-10's binary version is distributed as, and the folder it extracts to. */
export const CIFAR_ARCHIVE = 'cifar-10-binary.tar.gz';
export const CIFAR_ARCHIVE_FOLDER = 'cifar-10-batches-bin';

/** How a DataFile names the five training files (one hash stands for them: see trainFiles). */
export function cifarTrainPath(dir: string): string {
  return join(dir, 'data_batch_{1..5}.bin');
}

export function cifarTestPath(dir: string): string {
  return join(dir, CIFAR_TEST_FILE);
}

const TRAIN_BATCHES = CIFAR_TRAIN_FILES.map((name, i) => ({ name, what: `training batch ${i + 1}` }));
const TEST_BATCHES = [{ name: CIFAR_TEST_FILE, what: 'test batch' }];

/**
 * The training and test sets of data.dir (absolute: resolved against the experiment's
 * folder). All six files are checked by their sizes before any is read, so a missing or
 * truncated test_batch.bin is found before 154 MB of training images are read.
 */
export function cifarSets(dir: string): { train: ImageSet; test: ImageSet; files: DataFile[] } {
  const [train, test] = sizeAll(dir, [TRAIN_BATCHES, TEST_BATCHES]) as [SizedBatch[], SizedBatch[]];
  const trainSet = trainFiles(dir, readBatches(train));
  const testSet = testFiles(dir, readBatches(test));
  return { train: trainSet.set, test: testSet.set, files: [...trainSet.files, ...testSet.files] };
}

/** The training set: the five batch files, in order, concatenated. */
export function cifarTrainSet(dir: string): { set: ImageSet; files: DataFile[] } {
  return trainFiles(dir, readBatches(sizeBatches(dir, TRAIN_BATCHES)));
}

/** The test set: test_batch.bin (both test roles hold its SHA-256: see trainFiles). */
export function cifarTestSet(dir: string): { set: ImageSet; files: DataFile[] } {
  return testFiles(dir, readBatches(sizeBatches(dir, TEST_BATCHES)));
}

function trainFiles(dir: string, { set, sha256 }: { set: ImageSet; sha256: string[] }): { set: ImageSet; files: DataFile[] } {
  // The store keeps one SHA-256 per role (train_images, train_labels, test_images,
  // test_labels), as for MNIST's four IDX files. CIFAR-10 keeps images and labels in the
  // same records, and the training set in five files: both training roles hold one hash
  // for the five files, the SHA-256 of their five SHA-256 hex digests joined with '\n' in
  // file order (so a change to any batch file, or their order, changes it), and both test
  // roles the SHA-256 of test_batch.bin (testFiles). Each file's own hash is remembered by
  // sha256-cache.ts, so an unchanged 30 MB batch file is hashed once, not on every run.
  const combined = createHash('sha256').update(sha256.join('\n')).digest('hex');
  const path = cifarTrainPath(dir);
  return {
    set,
    files: [
      { role: 'train_images', path, sha256: combined },
      { role: 'train_labels', path, sha256: combined },
    ],
  };
}

function testFiles(dir: string, { set, sha256 }: { set: ImageSet; sha256: string[] }): { set: ImageSet; files: DataFile[] } {
  const path = cifarTestPath(dir);
  return {
    set,
    files: [
      { role: 'test_images', path, sha256: sha256[0]! },
      { role: 'test_labels', path, sha256: sha256[0]! },
    ],
  };
}

interface SizedBatch {
  path: string;
  what: string;
  records: number;
}

/** Batch files checked by their sizes (nothing read yet): the records each holds. */
function sizeBatches(dir: string, batches: { name: string; what: string }[]): SizedBatch[] {
  return sizeAll(dir, [batches])[0]!;
}

/** sizeBatches for several groups of files, every file's problem said (one line each, a missing folder once). */
function sizeAll(dir: string, groups: { name: string; what: string }[][]): SizedBatch[][] {
  const problems: string[] = [];
  const sized = groups.map((batches) =>
    batches.flatMap(({ name, what }) => {
      const path = join(dir, name);
      try {
        return [{ path, what, records: recordsOf(path, sizeOf(dir, name, what)) }];
      } catch (e) {
        if (!(e instanceof DataError)) throw e;
        if (!problems.includes(e.message)) problems.push(e.message);
        return [];
      }
    }),
  );
  // Every file failing says the folder is the wrong one (or not extracted): its first line, with the hint, says it.
  const files = groups.reduce((n, g) => n + g.length, 0);
  if (problems.length === files) throw new DataError(problems[0]!);
  if (problems.length > 0) throw new DataError(problems.join('\n'));
  return sized;
}

/**
 * Reads batch files into one image array and one label array, allocated once for all
 * of them from the files' sizes (CIFAR-10's training set is 50,000 × 3,072 = 154 MB):
 * each file read once (and hashed, or its hash recalled: sha256-cache.ts), its records
 * copied out without allocating per record.
 */
function readBatches(sized: SizedBatch[]): { set: ImageSet; sha256: string[] } {
  const count = sized.reduce((sum, b) => sum + b.records, 0);
  const images = new Uint8Array(count * CIFAR_PIXELS);
  const labels = new Uint8Array(count);
  const sha256: string[] = [];
  let at = 0;
  for (const { path, what, records } of sized) {
    let bytes: Buffer;
    let hash: string;
    try {
      ({ bytes, sha256: hash } = readHashed(path));
    } catch (e) {
      throw new DataError(`${path}: cannot read ${what}: ${reason(e)}`);
    }
    if (bytes.length !== records * CIFAR_RECORD_BYTES) {
      throw new DataError(`${path}: changed while being read (${formatCount(records * CIFAR_RECORD_BYTES)} bytes, then ${formatCount(bytes.length)})`);
    }
    const kind = archiveKind(bytes);
    if (kind !== null) throw new DataError(`${path}: ${archiveAdvice(kind, path)}`);
    for (let r = 0; r < records; r++) {
      const offset = r * CIFAR_RECORD_BYTES;
      const label = bytes[offset]!;
      if (label >= CIFAR_CLASSES) {
        throw new DataError(`${path}: label ${label} in record ${r}; labels must be 0..${CIFAR_CLASSES - 1}`);
      }
      labels[at + r] = label;
      bytes.copy(images, (at + r) * CIFAR_PIXELS, offset + 1, offset + CIFAR_RECORD_BYTES);
    }
    at += records;
    sha256.push(hash);
  }
  return {
    set: { images, labels, count, pixels: CIFAR_PIXELS, rows: CIFAR_ROWS, cols: CIFAR_COLS, channels: CIFAR_CHANNELS },
    sha256,
  };
}

/** A batch file's size, or a DataError saying why it cannot be read (with what the folder holds instead). */
function sizeOf(dir: string, name: string, what: string): number {
  const path = join(dir, name);
  let stats;
  try {
    stats = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new DataError(notAFolder(dir));
    const hint = code === 'ENOENT' ? missingHint(dir, name) : '';
    throw new DataError(`${path}: cannot read ${what}: ${reason(e)}${hint}`);
  }
  if (stats.isDirectory()) throw new DataError(`${path}: cannot read ${what}: is a directory`);
  return stats.size;
}

/** The records a file of `size` bytes holds, or a DataError for a size no CIFAR-10 batch file has. */
function recordsOf(path: string, size: number): number {
  if (size === 0) {
    throw new DataError(`${path}: empty (0 bytes); a CIFAR-10 batch file holds records of 3,073 bytes (1 label byte + 3,072 pixel bytes)`);
  }
  if (size % CIFAR_RECORD_BYTES !== 0) {
    const kind = archiveKind(head(path));
    if (kind !== null) throw new DataError(`${path}: ${archiveAdvice(kind, path)}`);
    throw new DataError(
      `${path}: ${formatCount(size)} bytes is not a whole number of 3,073-byte records (1 label byte + 3,072 pixel bytes): truncated or not CIFAR-10's binary version`,
    );
  }
  return size / CIFAR_RECORD_BYTES;
}

type ArchiveKind = 'gzip' | 'tar';

/** gzip's magic number, or tar's ("ustar" at byte 257): a record's first byte is a label 0..9, never 0x1f. */
function archiveKind(bytes: Uint8Array): ArchiveKind | null {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes.length >= 262 && Buffer.from(bytes.buffer, bytes.byteOffset + 257, 5).toString('latin1') === 'ustar') return 'tar';
  return null;
}

function archiveAdvice(kind: ArchiveKind, path: string): string {
  if (kind === 'tar') {
    return `a tar archive, not CIFAR-10's binary records: extract it (\`tar xf ${basename(path)}\`) and set data.dir to the folder of the .bin files (${CIFAR_ARCHIVE_FOLDER}/ for ${CIFAR_ARCHIVE})`;
  }
  return `a gzip file, not CIFAR-10's binary records: CIFAR-10 comes as ${CIFAR_ARCHIVE}, and \`tar xzf ${CIFAR_ARCHIVE}\` gives ${CIFAR_ARCHIVE_FOLDER}/, the folder of the .bin files for data.dir`;
}

/** The first 512 bytes of a file (enough for gzip's and tar's magic); none if it cannot be read. */
function head(path: string): Uint8Array {
  const buffer = Buffer.alloc(512);
  try {
    const fd = openSync(path, 'r');
    try {
      return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return buffer.subarray(0, 0);
  }
}

/** data.dir names a file: CIFAR-10's archive itself, most likely. */
function notAFolder(dir: string): string {
  const kind = archiveKind(head(dir));
  if (kind !== null) return `${dir}: data.dir is ${archiveAdvice(kind, dir)}`;
  return `${dir}: data.dir is a file, not the folder of ${CIFAR_TRAIN_FILES[0]} ... ${CIFAR_TEST_FILE}`;
}

/** What the folder holds instead of a missing batch file: the archive, its extracted folder, another version of CIFAR-10. */
function missingHint(dir: string, name: string): string {
  if (!existsSync(dir)) return ` (no folder ${dir})`;
  if (existsSync(join(dir, CIFAR_ARCHIVE_FOLDER, name))) {
    return `; the files are in ${join(dir, CIFAR_ARCHIVE_FOLDER)}: set data.dir to that folder`;
  }
  if (existsSync(join(dir, CIFAR_ARCHIVE))) {
    return `; ${dir} holds ${CIFAR_ARCHIVE}: extract it (\`tar xzf ${CIFAR_ARCHIVE}\` there gives ${CIFAR_ARCHIVE_FOLDER}/) and set data.dir to ${join(dir, CIFAR_ARCHIVE_FOLDER)}`;
  }
  if (existsSync(join(dir, `${name}.gz`))) return `; ${dir} holds ${name}.gz: gunzip it (the .bin files are read uncompressed)`;
  const stem = name.replace(/\.bin$/, '');
  const other = ['cifar-10-python.tar.gz', 'cifar-10-batches-py', 'cifar-10-matlab.tar.gz', `${stem}.mat`, stem].find((f) => existsSync(join(dir, f)));
  if (other !== undefined) {
    return `; ${dir} holds ${other}, another version of CIFAR-10: the runner reads the binary version (${CIFAR_ARCHIVE}, "CIFAR-10 binary version (suitable for C programs)" at https://www.cs.toronto.edu/~kriz/cifar.html)`;
  }
  return '';
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
}

/** 30000001 → "30,000,001". */
function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
