import { DataError } from '../errors.js';

/**
 * NumPy's .npy format (numpy.lib.format): the magic `\x93NUMPY`, a major and minor version
 * byte, the header's length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), the
 * header (a Python dict literal such as `{'descr': '<f8', 'fortran_order': False,
 * 'shape': (32, 784), }` padded with spaces and a final newline), then the raw values.
 * Only float32 and float64 arrays are read and written.
 */

/** The two dtypes read and written. */
export type NpyDtype = 'float32' | 'float64';

/** An array read from an .npy file. */
export interface NpyArray {
  /** Dimensions; `[]` for a scalar. */
  shape: number[];
  /** The values in C (row-major) order, as float64 whatever the stored dtype. */
  data: Float64Array;
  /** The dtype as stored in the file. */
  dtype: NpyDtype;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Where numpy aligns the data; old versions used 16, and reading accepts any. */
const ALIGN = 64;
/** numpy leaves room to grow the first axis in place to this many digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;
const ITEM_BYTES: Record<NpyDtype, number> = { float32: 4, float64: 8 };
const DESCRS: Record<string, { dtype: NpyDtype; littleEndian: boolean }> = {
  '<f4': { dtype: 'float32', littleEndian: true },
  '>f4': { dtype: 'float32', littleEndian: false },
  '<f8': { dtype: 'float64', littleEndian: true },
  '>f8': { dtype: 'float64', littleEndian: false },
};
const HEADER_KEYS = ['descr', 'fortran_order', 'shape'];

/** Parses the bytes of an .npy file; `source` names it in errors (a path, or `x.npz: w1.npy`). */
export function readNpy(bytes: Uint8Array, source: string): NpyArray {
  if (bytes.length < 8 || MAGIC.some((b, k) => bytes[k] !== b)) {
    throw new DataError(`${source}: not an .npy file (bad magic string)`);
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (minor !== 0 || major < 1 || major > 3) {
    throw new DataError(`${source}: .npy format version ${major}.${minor} is not supported (1.0, 2.0 or 3.0)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw new DataError(`${source}: truncated .npy header`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) {
    throw new DataError(
      `${source}: truncated: header length ${headerLength} runs past the end of the file (${bytes.length} bytes)`,
    );
  }
  const header = decodeHeader(bytes.subarray(8 + lengthBytes, dataStart), major, source);
  const { descr, fortranOrder, shape } = checkHeader(parseHeader(header, source), source);

  const format = Object.hasOwn(DESCRS, descr) ? DESCRS[descr] : undefined;
  if (format === undefined) {
    const why = descr.startsWith('=') ? '; native byte order is ambiguous' : '';
    throw new DataError(`${source}: dtype '${printable(descr)}' is not supported (float32 or float64 only${why})`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const need = count * ITEM_BYTES[format.dtype];
  const present = bytes.length - dataStart;
  if (!Number.isSafeInteger(need)) throw new DataError(`${source}: shape ${formatShape(shape)} is too large`);
  const says = `header says shape ${formatShape(shape)} ${format.dtype} = ${need} bytes, ${present} bytes present`;
  if (present < need) throw new DataError(`${source}: truncated: ${says}`);
  if (present > need) throw new DataError(`${source}: ${present - need} bytes after the data (${says})`);

  // DataView reads any alignment and either byte order; the data need not be aligned
  // within a zip member.
  const data = new Float64Array(count);
  const step = ITEM_BYTES[format.dtype];
  for (let i = 0; i < count; i++) {
    const at = dataStart + i * step;
    data[i] = format.dtype === 'float32' ? view.getFloat32(at, format.littleEndian) : view.getFloat64(at, format.littleEndian);
  }
  return { shape, data: fortranOrder ? fortranToC(data, shape) : data, dtype: format.dtype };
}

/**
 * The bytes of an .npy file (version 1.0, little-endian, C order), identical to what
 * `np.save` writes for the same array. `data` is row-major; float32 rounds to nearest.
 */
export function writeNpy(shape: readonly number[], data: ArrayLike<number>, dtype: NpyDtype): Uint8Array {
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`writeNpy: bad dimension ${d} in shape [${shape.join(', ')}]`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) {
    throw new RangeError(`writeNpy: shape ${formatShape(shape)} needs ${count} values, got ${data.length}`);
  }
  let header = `{'descr': '${dtype === 'float32' ? '<f4' : '<f8'}', 'fortran_order': False, 'shape': ${formatShape(shape)}, }`;
  if (shape.length > 0) header += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  // As numpy computes it: a header that would end exactly on the boundary still gets
  // ALIGN spaces, not none.
  header += ' '.repeat(ALIGN - ((10 + header.length + 1) % ALIGN)) + '\n';
  if (header.length > 0xffff) throw new RangeError(`writeNpy: header too long for .npy 1.0 (${shape.length} dimensions)`);

  const step = ITEM_BYTES[dtype];
  const out = new Uint8Array(10 + header.length + count * step);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  view.setUint16(8, header.length, true);
  for (let k = 0; k < header.length; k++) out[10 + k] = header.charCodeAt(k);
  const dataStart = 10 + header.length;
  for (let i = 0; i < count; i++) {
    if (dtype === 'float32') view.setFloat32(dataStart + i * step, data[i]!, true);
    else view.setFloat64(dataStart + i * step, data[i]!, true);
  }
  return out;
}

/** `s` with control characters escaped (`\x0a`), so that an error message stays one line. */
export function printable(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** A shape as Python prints a tuple: `()`, `(10,)`, `(32, 784)`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function decodeHeader(bytes: Uint8Array, major: number, source: string): string {
  // 1.0 and 2.0 headers are latin1; 3.0 allows utf8.
  if (major < 3) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataError(`${source}: .npy 3.0 header is not valid UTF-8`);
  }
}

function checkHeader(dict: Map<string, Literal>, source: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const missing = HEADER_KEYS.filter((k) => !dict.has(k));
  if (missing.length > 0) throw new DataError(`${source}: .npy header has no '${missing.join("', '")}'`);
  const extra = [...dict.keys()].filter((k) => !HEADER_KEYS.includes(k));
  if (extra.length > 0) throw new DataError(`${source}: .npy header has unknown key '${printable(extra.join("', '"))}'`);
  const descr = dict.get('descr');
  const fortranOrder = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (typeof descr !== 'string') {
    throw new DataError(`${source}: structured dtypes are not supported (float32 or float64 only)`);
  }
  if (typeof fortranOrder !== 'boolean') throw new DataError(`${source}: .npy header's 'fortran_order' is not True or False`);
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && d >= 0)) {
    throw new DataError(`${source}: .npy header's 'shape' is not a tuple of non-negative integers`);
  }
  return { descr, fortranOrder, shape: shape as number[] };
}

/** Reorders column-major values into row-major order, for any number of dimensions. */
function fortranToC(values: Float64Array, shape: number[]): Float64Array {
  const out = new Float64Array(values.length);
  const index = shape.map(() => 0); // the C-order multi-index of out[c]
  for (let c = 0; c < out.length; c++) {
    // In Fortran order (i0, i1, …) sits at i0 + s0·(i1 + s1·(i2 + …)).
    let f = 0;
    for (let k = shape.length - 1; k >= 0; k--) f = f * shape[k]! + index[k]!;
    out[c] = values[f]!;
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  return out;
}

/** The Python literals an .npy header can hold; tuples and lists are both arrays. */
type Literal = string | number | boolean | null | Literal[] | Map<string, Literal>;

/**
 * Parses the header's dict literal: the subset of Python that numpy writes (strings in
 * either quote, integers, True/False/None, tuples and lists with or without a trailing
 * comma, dicts), plus the `10L` integers of Python 2 headers.
 */
function parseHeader(text: string, source: string): Map<string, Literal> {
  let pos = 0;
  const fail = (what: string): never => {
    const shown = printable(text.trimEnd());
    throw new DataError(
      `${source}: cannot parse the .npy header (${what} at column ${pos + 1}): ${shown.length > 120 ? `${shown.slice(0, 120)}…` : shown}`,
    );
  };
  const skipSpace = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos]!)) pos++;
  };
  const expect = (char: string) => {
    skipSpace();
    if (text[pos] !== char) fail(`expected '${char}'`);
    pos++;
  };
  // Items up to `close`, separated by commas, a trailing comma allowed.
  const items = (close: string, item: () => void) => {
    for (;;) {
      skipSpace();
      if (text[pos] === close) break;
      item();
      skipSpace();
      if (text[pos] === ',') pos++;
      else if (text[pos] !== close) fail(`expected ',' or '${close}'`);
    }
    pos++;
  };
  const value = (): Literal => {
    skipSpace();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const dict = new Map<string, Literal>();
      items('}', () => {
        const key = value();
        if (typeof key !== 'string') fail('expected a string key');
        expect(':');
        dict.set(key as string, value());
      });
      return dict;
    }
    if (c === '(' || c === '[') {
      pos++;
      const list: Literal[] = [];
      items(c === '(' ? ')' : ']', () => list.push(value()));
      return list;
    }
    if (c === "'" || c === '"') {
      let s = '';
      for (pos++; text[pos] !== c; pos++) {
        if (pos >= text.length) fail('unterminated string');
        if (text[pos] === '\\') pos++;
        s += text[pos];
      }
      pos++;
      return s;
    }
    const word = /^(?:[-+]?\d+[lL]?|True|False|None)/.exec(text.slice(pos))?.[0];
    if (word === undefined) return fail(c === undefined ? 'unexpected end' : `unexpected '${c}'`);
    pos += word.length;
    if (word === 'True' || word === 'False') return word === 'True';
    if (word === 'None') return null;
    const n = Number(word.replace(/[lL]$/, ''));
    if (!Number.isSafeInteger(n)) fail(`integer ${word} out of range`);
    return n;
  };
  const dict = value();
  skipSpace();
  if (pos < text.length) fail('unexpected text after the dict');
  if (!(dict instanceof Map)) throw new DataError(`${source}: .npy header is not a dict`);
  return dict;
}
