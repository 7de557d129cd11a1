import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Experiment } from '../src/config/experiment.generated.js';
import { dataPaths, loadDataset, loadTestSet } from '../src/data/dataset.js';
import { DataError } from '../src/errors.js';
import { cifarBytes, cifarExperimentYaml, cifarImages, writeCifarDir } from './cifar10-files.js';
import { assertInputError, runCli, tempDir } from './helpers.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const cifar = (dir: string): Experiment['data'] => ({ format: 'cifar10', dir, normalize: false });

/** The one-line DataError loading `dir` gives. */
function dataError(dir: string, load: () => unknown = () => loadDataset(cifar(dir), '/'), lines = 1): string {
  try {
    load();
  } catch (e) {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    assert.equal(e.message.split('\n').length, lines, e.message);
    return e.message;
  }
  assert.fail('expected the data to be refused');
}

test('reads the five training batches in order, then the test batch, as 3 × 32 × 32 planes', () => {
  const dir = tempDir();
  const written = writeCifarDir(dir, { train: [4, 3, 1, 2, 5], test: 6 });
  const ds = loadDataset({ format: 'cifar10', dir: '.', normalize: true }, dir);
  assert.equal(ds.source, 'cifar10');
  assert.equal(ds.classes, 10);
  for (const [set, want] of [
    [ds.train, written.train],
    [ds.test, written.test],
  ] as const) {
    assert.deepEqual(
      { count: set.count, pixels: set.pixels, channels: set.channels, rows: set.rows, cols: set.cols },
      { count: want.labels.length, pixels: 3072, channels: 3, rows: 32, cols: 32 },
    );
    assert.deepEqual(set.labels, want.labels);
    assert.ok(Buffer.from(set.images).equals(Buffer.from(want.images)), 'the pixel planes as written');
  }
  // File 1's records first: the training set's record k is file 1's records 0..3, then file 2's ...
  const starts = [0, 4, 7, 8, 10];
  written.batches.forEach((batch, i) => {
    const file = readFileSync(written.trainFiles[i]!);
    for (let r = 0; r < batch.labels.length; r++) {
      const k = starts[i]! + r;
      assert.equal(ds.train.labels[k], batch.labels[r]);
      assert.equal(ds.train.labels[k], file[r * 3073]);
      // Channel c, row y, col x of record r (at r·3073 + 1 + c·1024 + y·32 + x in the file) lands at images[k·3072 + c·1024 + y·32 + x].
      for (const [c, y, x] of [[0, 0, 0], [1, 5, 7], [2, 31, 31], [0, 31, 0], [2, 0, 31]] as const) {
        assert.equal(ds.train.images[k * 3072 + c * 1024 + y * 32 + x], file[r * 3073 + 1 + c * 1024 + y * 32 + x], `record ${k} (${c}, ${y}, ${x})`);
      }
    }
  });
});

test('a hand-made record: its label byte and each plane where the layout says', () => {
  const dir = tempDir();
  writeCifarDir(dir, { train: [1, 1, 1, 1, 1], test: 1 });
  const record = Buffer.alloc(3073 * 2);
  record[3073] = 9; // the second record's label
  record[3073 + 1 + 0 * 1024 + 2 * 32 + 3] = 11; // R at row 2, col 3
  record[3073 + 1 + 1 * 1024 + 30 * 32 + 1] = 22; // G at row 30, col 1
  record[3073 + 1 + 2 * 1024 + 31 * 32 + 31] = 33; // B at row 31, col 31
  writeFileSync(join(dir, 'data_batch_2.bin'), record);
  const { train } = loadDataset(cifar(dir), '/');
  assert.equal(train.count, 6);
  const k = 2; // file 1's one record, then file 2's two
  assert.deepEqual([...train.labels.subarray(1, 3)], [0, 9]);
  const image = train.images.subarray(k * 3072, (k + 1) * 3072);
  assert.equal(image[2 * 32 + 3], 11);
  assert.equal(image[1024 + 30 * 32 + 1], 22);
  assert.equal(image[2048 + 31 * 32 + 31], 33);
  assert.equal(image.reduce((a, b) => a + b, 0), 66);
});

test('hashes: the training roles hold the hash of the five files\' hashes, the test roles test_batch.bin\'s', () => {
  const dir = tempDir();
  const written = writeCifarDir(dir);
  const files = loadDataset(cifar(dir), '/').files;
  const hashes = written.trainFiles.map((f) => sha256(readFileSync(f)));
  const train = sha256(Buffer.from(hashes.join('\n')));
  const test = sha256(readFileSync(written.testFile));
  assert.deepEqual(files, [
    { role: 'train_images', path: join(dir, 'data_batch_{1..5}.bin'), sha256: train },
    { role: 'train_labels', path: join(dir, 'data_batch_{1..5}.bin'), sha256: train },
    { role: 'test_images', path: join(dir, 'test_batch.bin'), sha256: test },
    { role: 'test_labels', path: join(dir, 'test_batch.bin'), sha256: test },
  ]);
  assert.deepEqual(dataPaths(cifar(dir), '/'), Object.fromEntries(files.map((f) => [f.role, f.path])));

  // One pixel of batch 4 changed: the training hash changes, the test hash does not.
  const four = readFileSync(written.trainFiles[3]!);
  four[100] ^= 1;
  writeFileSync(written.trainFiles[3]!, four);
  const changed = loadDataset(cifar(dir), '/').files;
  assert.notEqual(changed[0]!.sha256, train);
  assert.equal(changed[0]!.sha256, changed[1]!.sha256);
  assert.equal(changed[2]!.sha256, test);

  // The same five files in another order: another training set, another hash.
  const [a, b] = [readFileSync(written.trainFiles[0]!), readFileSync(written.trainFiles[1]!)];
  writeFileSync(written.trainFiles[0]!, b);
  writeFileSync(written.trainFiles[1]!, a);
  assert.notEqual(loadDataset(cifar(dir), '/').files[0]!.sha256, changed[0]!.sha256);
});

test('loadTestSet reads test_batch.bin alone', () => {
  const dir = tempDir();
  const written = writeCifarDir(dir, { train: [1, 1, 1, 1, 1], test: 3 });
  for (const f of written.trainFiles) rmSync(f);
  const { test: set, files } = loadTestSet({ format: 'cifar10', dir: '.', normalize: false }, dir);
  assert.deepEqual(set.labels, written.test.labels);
  assert.equal(set.channels, 3);
  assert.deepEqual(files.map((f) => f.role), ['test_images', 'test_labels']);
});

test('refuses bad batch files with one line naming the file', () => {
  const fresh = () => {
    const dir = tempDir();
    writeCifarDir(dir, { train: [2, 2, 2, 2, 2], test: 2 });
    return dir;
  };
  let dir = fresh();
  rmSync(join(dir, 'data_batch_3.bin'));
  assert.equal(dataError(dir), `${join(dir, 'data_batch_3.bin')}: cannot read training batch 3: no such file`);

  dir = fresh();
  rmSync(join(dir, 'test_batch.bin'));
  assert.equal(dataError(dir), `${join(dir, 'test_batch.bin')}: cannot read test batch: no such file`);
  assert.equal(dataError(dir, () => loadTestSet(cifar(dir), '/')), `${join(dir, 'test_batch.bin')}: cannot read test batch: no such file`);

  // The size alone gives a truncated file away (a sparse file: nothing is read).
  dir = fresh();
  truncateSync(join(dir, 'data_batch_2.bin'), 30_000_001);
  assert.equal(
    dataError(dir),
    `${join(dir, 'data_batch_2.bin')}: 30,000,001 bytes is not a whole number of 3,073-byte records (1 label byte + 3,072 pixel bytes): truncated or not CIFAR-10's binary version`,
  );

  dir = fresh();
  writeFileSync(join(dir, 'data_batch_5.bin'), '');
  assert.equal(
    dataError(dir),
    `${join(dir, 'data_batch_5.bin')}: empty (0 bytes); a CIFAR-10 batch file holds records of 3,073 bytes (1 label byte + 3,072 pixel bytes)`,
  );

  dir = fresh();
  const records = cifarImages(9);
  records.labels[7] = 12;
  writeFileSync(join(dir, 'data_batch_1.bin'), cifarBytes(records));
  assert.equal(dataError(dir), `${join(dir, 'data_batch_1.bin')}: label 12 in record 7; labels must be 0..9`);

  dir = fresh();
  writeFileSync(join(dir, 'test_batch.bin'), cifarBytes({ labels: new Uint8Array([3, 10]), images: new Uint8Array(2 * 3072) }));
  assert.equal(dataError(dir), `${join(dir, 'test_batch.bin')}: label 10 in record 1; labels must be 0..9`);

  dir = fresh();
  rmSync(join(dir, 'data_batch_4.bin'));
  mkdirSync(join(dir, 'data_batch_4.bin'));
  assert.equal(dataError(dir), `${join(dir, 'data_batch_4.bin')}: cannot read training batch 4: is a directory`);

  // Two bad files: a line each, before anything is read.
  dir = fresh();
  truncateSync(join(dir, 'data_batch_3.bin'), 100);
  rmSync(join(dir, 'test_batch.bin'));
  assert.equal(
    dataError(dir, undefined, 2),
    `${join(dir, 'data_batch_3.bin')}: 100 bytes is not a whole number of 3,073-byte records (1 label byte + 3,072 pixel bytes): truncated or not CIFAR-10's binary version\n` +
      `${join(dir, 'test_batch.bin')}: cannot read test batch: no such file`,
  );
});

test('refuses an archive given instead of the batch files, saying to extract it', () => {
  const tarHeader = (size: number) => {
    const tar = Buffer.alloc(size);
    tar.write('cifar-10-batches-bin/data_batch_1.bin', 0, 'latin1');
    tar.write('ustar', 257, 'latin1');
    return tar;
  };
  const gzipAdvice =
    "a gzip file, not CIFAR-10's binary records: CIFAR-10 comes as cifar-10-binary.tar.gz, and `tar xzf cifar-10-binary.tar.gz` gives cifar-10-batches-bin/, the folder of the .bin files for data.dir";

  // The folder holds cifar-10-binary.tar.gz, not the files.
  let dir = tempDir();
  writeFileSync(join(dir, 'cifar-10-binary.tar.gz'), gzipSync(tarHeader(1024)));
  assert.equal(
    dataError(dir),
    `${join(dir, 'data_batch_1.bin')}: cannot read training batch 1: no such file; ${dir} holds cifar-10-binary.tar.gz: extract it (\`tar xzf cifar-10-binary.tar.gz\` there gives cifar-10-batches-bin/) and set data.dir to ${join(dir, 'cifar-10-batches-bin')}`,
  );

  // Extracted, but data.dir names the folder above cifar-10-batches-bin/.
  mkdirSync(join(dir, 'cifar-10-batches-bin'));
  writeCifarDir(join(dir, 'cifar-10-batches-bin'));
  assert.equal(
    dataError(dir),
    `${join(dir, 'data_batch_1.bin')}: cannot read training batch 1: no such file; the files are in ${join(dir, 'cifar-10-batches-bin')}: set data.dir to that folder`,
  );
  assert.equal(loadDataset(cifar(join(dir, 'cifar-10-batches-bin')), '/').train.count, 14);

  // data.dir names the archive itself.
  const archive = join(dir, 'cifar-10-binary.tar.gz');
  assert.equal(dataError(archive), `${archive}: data.dir is ${gzipAdvice}`);

  // A gzip'ed file under a batch file's name.
  dir = tempDir();
  writeCifarDir(dir);
  writeFileSync(join(dir, 'data_batch_2.bin'), gzipSync(readFileSync(join(dir, 'data_batch_2.bin'))));
  assert.equal(dataError(dir), `${join(dir, 'data_batch_2.bin')}: ${gzipAdvice}`);

  // A tar file (a whole number of records long, even: its first byte is no label, but it is said to be a tar archive).
  for (const size of [10_240, 3073 * 4]) {
    dir = tempDir();
    writeCifarDir(dir);
    writeFileSync(join(dir, 'test_batch.bin'), tarHeader(size));
    assert.equal(
      dataError(dir),
      `${join(dir, 'test_batch.bin')}: a tar archive, not CIFAR-10's binary records: extract it (\`tar xf test_batch.bin\`) and set data.dir to the folder of the .bin files (cifar-10-batches-bin/ for cifar-10-binary.tar.gz)`,
    );
  }

  // CIFAR-10's python version.
  dir = tempDir();
  writeFileSync(join(dir, 'data_batch_1'), 'pickle');
  assert.match(dataError(dir), /: no such file; .* holds data_batch_1, another version of CIFAR-10: the runner reads the binary version \(cifar-10-binary\.tar\.gz, /);

  // No such folder.
  assert.equal(dataError(join(dir, 'nope')), `${join(dir, 'nope', 'data_batch_1.bin')}: cannot read training batch 1: no such file (no folder ${join(dir, 'nope')})`);
});

test('the CLI refuses a truncated batch file: exit 2, one line naming it, nothing written', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'cifar'));
  writeCifarDir(join(dir, 'cifar'));
  const batch = join(dir, 'cifar', 'data_batch_3.bin');
  truncateSync(batch, 3073 * 3 - 1);
  const file = join(dir, 'cifar.yaml');
  writeFileSync(file, cifarExperimentYaml('cifar'));
  const line = `${batch}: 9,218 bytes is not a whole number of 3,073-byte records (1 label byte + 3,072 pixel bytes): truncated or not CIFAR-10's binary version`;
  const escaped = new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n$`);
  assertInputError(runCli(['validate', file]), escaped, 'validate');
  const db = join(dir, 'runs.db');
  assertInputError(runCli([file, '--db', db, '--plain']), escaped, 'train');
  assert.ok(!existsSync(db), 'no database file written');
});
