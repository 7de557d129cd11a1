import { gunzipSync } from 'node:zlib';
import { DataError } from '../errors.js';

/**
 * The IDX format of MNIST: a 4-byte magic (0, 0, dtype, ndim), ndim big-endian uint32
 * dimensions, then the values in row-major order. Only unsigned bytes (dtype 0x08) are
 * used by image and label files, so only they are read.
 */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const DTYPE_UBYTE = 0x08;
const DTYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'short',
  0x0c: 'int',
  0x0d: 'float',
  0x0e: 'double',
};

/** Gunzips when the bytes start with the gzip magic, whatever the file is called. */
export function maybeGunzip(bytes: Uint8Array, file: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new DataError(`${file}: not a valid gzip file (${(e as Error).message})`);
  }
}

/** Parses an IDX file's bytes (already gunzipped); `file` names it in errors. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(`${file}: not an IDX file (bad magic number)`);
  }
  const dtype = bytes[2]!;
  const ndim = bytes[3]!;
  if (!(dtype in DTYPE_NAMES)) throw new DataError(`${file}: not an IDX file (unknown type code 0x${dtype.toString(16)})`);
  if (dtype !== DTYPE_UBYTE) {
    throw new DataError(`${file}: IDX values are ${DTYPE_NAMES[dtype]}s; only unsigned bytes are supported`);
  }
  if (ndim === 0) throw new DataError(`${file}: IDX file has no dimensions`);
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) throw new DataError(`${file}: truncated IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < ndim; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const expected = headerBytes + dims.reduce((a, b) => a * b, 1);
  if (bytes.length < expected) {
    throw new DataError(`${file}: truncated: dimensions ${dims.join('×')} need ${expected} bytes, the file has ${bytes.length}`);
  }
  if (bytes.length > expected) {
    throw new DataError(`${file}: ${bytes.length - expected} bytes after the data that dimensions ${dims.join('×')} describe`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}
