import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { DataError } from '../src/errors.js';
import { readNpy, writeNpy, type NpyDtype } from '../src/npz/npy.js';
import { readNpz, writeNpz } from '../src/npz/npz.js';
import { tempDir } from './helpers.js';

/** Values that catch sloppy conversions: signed zero, subnormals, extremes, non-finite. */
const SPECIAL = [
  0, -0, 5e-324, 2.2250738585072014e-308, 1.401298464324817e-45, 3.4028234663852886e38, 1.7976931348623157e308, -1e300,
  Infinity, -Infinity, NaN, 0.1, Math.PI, -1 / 3, 123456789.123, -7,
];

/** Values as stored in `dtype`, little- or big-endian. */
function floatBytes(values: number[], dtype: NpyDtype, littleEndian = true): Uint8Array {
  const step = dtype === 'float32' ? 4 : 8;
  const out = new Uint8Array(values.length * step);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => (dtype === 'float32' ? view.setFloat32(i * step, v, littleEndian) : view.setFloat64(i * step, v, littleEndian)));
  return out;
}

/** An .npy file built by hand: any version, header text and alignment. */
function npyBytes(header: string, payload: Uint8Array, { version = 1, align = 64 } = {}): Uint8Array {
  const lengthBytes = version === 1 ? 2 : 4;
  const text = Buffer.from(header, version === 3 ? 'utf8' : 'latin1');
  const pad = (align - ((8 + lengthBytes + text.length + 1) % align)) % align;
  const prefix = Buffer.alloc(8 + lengthBytes);
  prefix.write('\x93NUMPY', 'latin1');
  prefix[6] = version;
  const headerLength = text.length + pad + 1;
  if (lengthBytes === 2) prefix.writeUInt16LE(headerLength, 8);
  else prefix.writeUInt32LE(headerLength, 8);
  return Buffer.concat([prefix, text, Buffer.alloc(pad, ' '), Buffer.from('\n'), payload]);
}

/** Asserts a one-line DataError whose message matches. */
function throwsData(fn: () => unknown, message: RegExp | string) {
  assert.throws(fn, (e: Error) => {
    assert.ok(e instanceof DataError, `not a DataError: ${e.stack}`);
    assert.ok(!e.message.includes('\n'), `more than one line: ${e.message}`);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test('round-trips float64 and float32 arrays exactly, 1-D and 2-D', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    // float32 keeps what Math.fround keeps: 1.79e308 becomes Infinity, 5e-324 becomes 0.
    const expected = dtype === 'float32' ? SPECIAL.map(Math.fround) : SPECIAL;
    for (const shape of [[16], [4, 4], [2, 8]]) {
      const back = readNpy(writeNpy(shape, SPECIAL, dtype), 'x.npy');
      assert.deepEqual(back.shape, shape);
      assert.equal(back.dtype, dtype);
      // Strict deepEqual compares with Object.is: -0 is not 0, NaN is NaN.
      assert.deepEqual([...back.data], expected);
    }
    const npz = readNpz(
      writeNpz(
        [
          { name: 'w1', shape: [4, 4], data: SPECIAL },
          { name: 'b1', shape: [3], data: new Float32Array([1, -0, 2.5]) },
          { name: 'scalar', shape: [], data: [-2.5] },
          { name: 'empty', shape: [0, 3], data: [] },
        ],
        dtype,
      ),
      'model.npz',
    );
    assert.deepEqual([...npz.keys()], ['w1', 'b1', 'scalar', 'empty']);
    assert.deepEqual([...npz.get('w1')!.data], expected);
    assert.deepEqual(npz.get('b1'), { shape: [3], data: new Float64Array([1, -0, 2.5]), dtype });
    assert.deepEqual(npz.get('scalar'), { shape: [], data: new Float64Array([-2.5]), dtype });
    assert.deepEqual(npz.get('empty'), { shape: [0, 3], data: new Float64Array(0), dtype });
  }
});

test('writes the header numpy writes, padded so the data start is 64-byte aligned', () => {
  const bytes = writeNpy([32, 784], new Float64Array(32 * 784), 'float64');
  const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (32, 784), }";
  // 0x76 = 118 header bytes: the dict, spaces, '\n'; 10 + 118 = 128.
  const expected = `\x93NUMPY\x01\x00\x76\x00${dict}${' '.repeat(128 - 10 - dict.length - 1)}\n`;
  assert.equal(Buffer.from(bytes.subarray(0, 128)).toString('latin1'), expected);
  assert.equal(bytes.length, 128 + 32 * 784 * 8);

  const header = (shape: number[], dtype: NpyDtype) => {
    const b = writeNpy(shape, new Array(shape.reduce((a, c) => a * c, 1)).fill(0), dtype);
    const length = 10 + b[8]! + 256 * b[9]!;
    return { length, text: Buffer.from(b.subarray(10, length)).toString('latin1') };
  };
  assert.match(header([], 'float32').text, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(\), \} +\n$/);
  assert.match(header([10], 'float64').text, /^\{'descr': '<f8', 'fortran_order': False, 'shape': \(10,\), \} +\n$/);
  for (const shape of [[], [1], [7, 3], [2, 3, 4], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]]) {
    assert.equal(header(shape, 'float64').length % 64, 0, `shape [${shape}]`);
  }
  // numpy pads a header that would end exactly on a boundary with 64 more spaces
  // (np.save of 36 ones gives 256 header bytes, not 192).
  assert.equal(header(new Array(36).fill(1), 'float64').length, 256);
});

test('reads 2.0 and 3.0 headers, 16-byte alignment, double quotes, keys in any order', () => {
  const payload = floatBytes([1.5, -2, 3], 'float32');
  const cases = [
    npyBytes('{"shape": (3,), "fortran_order": False, "descr": "<f4"}', payload, { version: 2 }),
    npyBytes("{'fortran_order':False,'descr':'<f4','shape':(3,)}", payload, { version: 3 }),
    npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", payload, { align: 16 }),
    npyBytes("{ 'descr' : '<f4' ,\t'shape' : [3] , 'fortran_order' : False , }", payload, { align: 1 }),
    // Python 2 wrote longs: (3L,).
    npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3L,), }", payload),
  ];
  for (const bytes of cases) assert.deepEqual(readNpy(bytes, 'x.npy'), { shape: [3], data: new Float64Array([1.5, -2, 3]), dtype: 'float32' });
  const scalar = npyBytes("{'descr': '<f8', 'fortran_order': True, 'shape': (), }", floatBytes([-0], 'float64'), { version: 3 });
  assert.deepEqual(readNpy(scalar, 'x.npy'), { shape: [], data: new Float64Array([-0]), dtype: 'float64' });
});

test('byte-swaps big-endian data', () => {
  const values = [1, -0, 1e-310, Math.PI, -Infinity, 6];
  for (const [descr, dtype] of [['>f8', 'float64'], ['>f4', 'float32']] as const) {
    const bytes = npyBytes(`{'descr': '${descr}', 'fortran_order': False, 'shape': (2, 3), }`, floatBytes(values, dtype, false));
    const back = readNpy(bytes, 'x.npy');
    assert.deepEqual([...back.data], dtype === 'float32' ? values.map(Math.fround) : values);
    assert.equal(back.dtype, dtype);
  }
});

test('reorders fortran_order arrays into C order', () => {
  // [[1, 2, 3], [4, 5, 6]] stored column by column.
  const twoD = npyBytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", floatBytes([1, 4, 2, 5, 3, 6], 'float64'));
  assert.deepEqual([...readNpy(twoD, 'x.npy').data], [1, 2, 3, 4, 5, 6]);

  // a[i][j][k] = 100i + 10j + k, stored with i fastest.
  const shape = [2, 3, 4];
  const fortran: number[] = [];
  for (let k = 0; k < 4; k++) for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) fortran.push(100 * i + 10 * j + k);
  const threeD = npyBytes("{'descr': '>f4', 'fortran_order': True, 'shape': (2, 3, 4), }", floatBytes(fortran, 'float32', false));
  const back = readNpy(threeD, 'x.npy');
  assert.deepEqual(back.shape, shape);
  const c: number[] = [];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) c.push(100 * i + 10 * j + k);
  assert.deepEqual([...back.data], c);
});

test('refuses malformed .npy files with one line naming the file', () => {
  const header = (dict: string) => npyBytes(dict, floatBytes([1, 2, 3, 4, 5, 6], 'float64'));
  const good = header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }");
  const cases: [Uint8Array, RegExp | string][] = [
    [Buffer.from('hello, not npy'), 'w.npy: not an .npy file (bad magic string)'],
    [Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 4, 0, 0, 0]), 'w.npy: .npy format version 4.0 is not supported (1.0, 2.0 or 3.0)'],
    [good.subarray(0, 9), 'w.npy: truncated .npy header'],
    [good.subarray(0, 50), 'w.npy: truncated: header length 118 runs past the end of the file (50 bytes)'],
    [good.subarray(0, good.length - 4), 'w.npy: truncated: header says shape (2, 3) float64 = 48 bytes, 44 bytes present'],
    [Buffer.concat([good, Buffer.alloc(3)]), 'w.npy: 3 bytes after the data (header says shape (2, 3) float64 = 48 bytes, 51 bytes present)'],
    [header("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }"), "w.npy: dtype '<i8' is not supported (float32 or float64 only)"],
    [header("{'descr': 'toString', 'fortran_order': False, 'shape': (2, 3), }"), "w.npy: dtype 'toString' is not supported (float32 or float64 only)"],
    [header("{'descr': 'f8\n', 'fortran_order': False, 'shape': (2, 3), }"), "w.npy: dtype 'f8\\x0a' is not supported (float32 or float64 only)"],
    [header("{'descr': '=f8', 'fortran_order': False, 'shape': (2, 3), }"), /^w\.npy: dtype '=f8' is not supported .*native byte order/],
    [header("{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (6,), }"), /^w\.npy: structured dtypes are not supported/],
    [header("{'descr': '<f8', 'shape': (2, 3), }"), "w.npy: .npy header has no 'fortran_order'"],
    [header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'x': 1}"), "w.npy: .npy header has unknown key 'x'"],
    [header("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3), }"), /'fortran_order' is not True or False/],
    [header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3), }"), /'shape' is not a tuple of non-negative integers/],
    [
      header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3}"),
      /^w\.npy: cannot parse the \.npy header \(expected ',' or '\)' at column 56\): \{'descr'.*\(2, 3\}$/,
    ],
    [header("{'descr': '<f8', 'fortran_order': False, 'shape': (2.0, 3), }"), /\(expected ',' or '\)' at column 53\)/],
    [header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), } junk"), /unexpected text after the dict/],
    [header("('descr', '<f8')"), 'w.npy: .npy header is not a dict'],
    [npyBytes("{'descr': '<f8'", new Uint8Array()), /unexpected end|expected ',' or '\}'/],
  ];
  for (const [bytes, message] of cases) throwsData(() => readNpy(bytes, 'w.npy'), message);
  // A 3.0 header must be UTF-8.
  const bad = Buffer.from(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", floatBytes([1], 'float64'), { version: 3 }));
  bad[12] = 0xff;
  throwsData(() => readNpy(bad, 'w.npy'), 'w.npy: .npy 3.0 header is not valid UTF-8');
});

test('refuses malformed .npz files with one line naming the file and the member', () => {
  const good = writeNpz([{ name: 'w1', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }], 'float64');
  throwsData(() => readNpz(Buffer.from('just some text'), 'model.npz'), 'model.npz: not a zip file (an .npz is a zip of .npy files)');
  throwsData(() => readNpz(new Uint8Array(), 'model.npz'), 'model.npz: not a zip file (an .npz is a zip of .npy files)');
  throwsData(() => readNpz(good.subarray(0, good.length >> 1), 'model.npz'), /^model\.npz: truncated or corrupt zip file \(invalid zip data\)$/);

  const zip = (files: Record<string, Uint8Array>, level: 0 | 6 = 0) => zipSync(files, { level });
  throwsData(
    () => readNpz(zip({ 'notes.txt': Buffer.from('hi') }), 'model.npz'),
    'model.npz: notes.txt: not an .npy file (an .npz holds only .npy files)',
  );
  const w1 = npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (32, 784), }", new Uint8Array(1234));
  for (const level of [0, 6] as const) {
    throwsData(
      () => readNpz(zip({ 'w1.npy': w1 }, level), 'model.npz'),
      'model.npz: w1.npy: truncated: header says shape (32, 784) float64 = 200704 bytes, 1234 bytes present',
    );
  }
  const b1 = npyBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (10,), }", new Uint8Array(80));
  throwsData(() => readNpz(zip({ 'b1.npy': b1 }), 'model.npz'), "model.npz: b1.npy: dtype '<i8' is not supported (float32 or float64 only)");
  throwsData(() => readNpz(zip({ 'w1.npy': Buffer.from('not npy') }), 'model.npz'), 'model.npz: w1.npy: not an .npy file (bad magic string)');

  // A flipped bit in a stored member: fflate does not check CRCs, readNpz does (as np.load).
  const flipped = Uint8Array.from(good);
  flipped[30 + 'w1.npy'.length + 128 + 8] ^= 1; // in the second value, after the local and .npy headers
  throwsData(() => readNpz(flipped, 'model.npz'), 'model.npz: w1.npy: CRC-32 mismatch (the zip is corrupt)');

  // Two members of one name: rename b1.npy to w1.npy in both its headers.
  const two = Buffer.from(writeNpz([{ name: 'w1', shape: [1], data: [1] }, { name: 'b1', shape: [1], data: [2] }], 'float32'));
  const renamed = Buffer.from(two.toString('latin1').replaceAll('b1.npy', 'w1.npy'), 'latin1');
  throwsData(() => readNpz(renamed, 'model.npz'), 'model.npz: w1.npy: appears twice in the zip');
});

test('reads deflated members and empty archives; writes stored members deterministically', () => {
  const npy = writeNpy([2], [1, -0], 'float64');
  assert.deepEqual(readNpz(zipSync({ 'w1.npy': npy }, { level: 9 }), 'm.npz').get('w1')!.data, new Float64Array([1, -0]));
  assert.equal(readNpz(zipSync({}), 'm.npz').size, 0);

  const arrays = [{ name: 'w1', shape: [3], data: [1, 2, 3] }];
  const bytes = writeNpz(arrays, 'float32');
  assert.deepEqual(writeNpz(arrays, 'float32'), bytes);
  assert.equal(bytes[8], 0, 'compression method 0 (stored), as np.savez writes');

  assert.throws(() => writeNpz([...arrays, ...arrays], 'float32'), /two arrays named 'w1'/);
  assert.throws(() => writeNpy([2, 3], [1, 2], 'float64'), /shape \(2, 3\) needs 6 values, got 2/);
  assert.throws(() => writeNpy([2.5], [1, 2], 'float64'), RangeError);
});

// NumPy interop: only where python3 with NumPy is installed.
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const NO_NUMPY = 'python3 with NumPy not found; NumPy interop not tested';

function python(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 failed:\n${r.stderr}`);
  return r.stdout;
}

test('np.load reads what writeNpz writes, value for value and byte for byte', (t) => {
  if (!hasNumpy) {
    t.skip(NO_NUMPY);
    return;
  }
  const dir = tempDir();
  const arrays = [
    { name: 'w1', shape: [4, 4], data: SPECIAL },
    { name: 'b1', shape: [16], data: SPECIAL },
    { name: 'scalar', shape: [], data: [-2.5] },
    { name: 'empty', shape: [0, 3], data: [] },
    { name: 'many_dims', shape: new Array(36).fill(1), data: [7] },
  ];
  for (const dtype of ['float64', 'float32'] as const) {
    const file = join(dir, `${dtype}.npz`);
    writeFileSync(file, writeNpz(arrays, dtype));
    const report = JSON.parse(
      python(
        `
import hashlib, io, json, sys, zipfile
import numpy as np
zf = zipfile.ZipFile(sys.argv[1])
assert zf.testzip() is None, 'bad CRC'
out = {}
with np.load(sys.argv[1]) as z:
    for name in z.files:
        a = z[name]
        saved = io.BytesIO()
        np.save(saved, a)
        info = zf.getinfo(name + '.npy')
        out[name] = {
            'dtype': a.dtype.str,
            'shape': list(a.shape),
            'sha256': hashlib.sha256(a.astype(a.dtype.newbyteorder('<')).tobytes(order='C')).hexdigest(),
            'same_as_np_save': saved.getvalue() == zf.read(name + '.npy'),
            'stored': info.compress_type == zipfile.ZIP_STORED,
        }
print(json.dumps(out))
`,
        file,
      ),
    );
    assert.deepEqual(Object.keys(report), arrays.map((a) => a.name));
    for (const a of arrays) {
      assert.deepEqual(report[a.name], {
        dtype: dtype === 'float32' ? '<f4' : '<f8',
        shape: a.shape,
        sha256: createHash('sha256').update(floatBytes([...a.data], dtype)).digest('hex'),
        same_as_np_save: true,
        stored: true,
      }, `${dtype} ${a.name}`);
    }
  }
});

test('readNpz reads what np.savez and np.savez_compressed write', (t) => {
  if (!hasNumpy) {
    t.skip(NO_NUMPY);
    return;
  }
  const dir = tempDir();
  const kinds = JSON.parse(
    python(
      `
import json, os, sys
import numpy as np
d = sys.argv[1]
special = np.array([float(v) for v in ${JSON.stringify(SPECIAL.map((v) => (Object.is(v, -0) ? '-0' : String(v))))}], dtype='<f8')
with np.errstate(over='ignore'):
    arrays = {
        'w64': special.reshape(4, 4),
        'w32': special.astype('<f4').reshape(2, 8),
        'big64': special.astype('>f8').reshape(8, 2),
        'big32': special.astype('>f4'),
        'fortran': np.asfortranarray(special.reshape(4, 4)),
        'fortran3d': np.asfortranarray(np.arange(24, dtype='>f4').reshape(2, 3, 4)),
        'scalar': np.float64(-2.5),
        'empty': np.zeros((0, 3), dtype='<f4'),
    }
assert arrays['fortran'].flags.f_contiguous and not arrays['fortran'].flags.c_contiguous
np.savez(os.path.join(d, 'plain.npz'), **arrays)
np.savez_compressed(os.path.join(d, 'compressed.npz'), **arrays)
for name, a in arrays.items():
    with open(os.path.join(d, name + '.f8'), 'wb') as f:
        f.write(np.asarray(a).astype('<f8').tobytes(order='C'))
print(json.dumps({name: [np.asarray(a).dtype.str, list(np.shape(a))] for name, a in arrays.items()}))
`,
      dir,
    ),
  ) as Record<string, [string, number[]]>;

  for (const file of ['plain.npz', 'compressed.npz']) {
    const npz = readNpz(readFileSync(join(dir, file)), file);
    assert.deepEqual([...npz.keys()], Object.keys(kinds));
    for (const [name, [descr, shape]] of Object.entries(kinds)) {
      const got = npz.get(name)!;
      const expected = new Float64Array(Uint8Array.from(readFileSync(join(dir, `${name}.f8`))).buffer);
      assert.deepEqual(got.shape, shape, `${file} ${name}`);
      assert.equal(got.dtype, descr.endsWith('f4') ? 'float32' : 'float64', `${file} ${name}`);
      assert.deepEqual([...got.data], [...expected], `${file} ${name}`);
    }
  }
});
