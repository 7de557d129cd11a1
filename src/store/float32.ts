import { endianness } from 'node:os';

const littleEndianHost = endianness() === 'LE';

/** A float32 array as little-endian bytes (a view, no copy, on little-endian hosts). */
export function float32ToBytes(values: Float32Array): Buffer {
  if (littleEndianHost) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const bytes = Buffer.alloc(values.byteLength);
  values.forEach((v, k) => bytes.writeFloatLE(v, k * 4));
  return bytes;
}

/** Little-endian float32 bytes as a fresh Float32Array (blobs need not be 4-byte aligned). */
export function float32FromBytes(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new RangeError(`float32 data of ${bytes.byteLength} bytes`);
  const values = new Float32Array(bytes.byteLength / 4);
  if (littleEndianHost) new Uint8Array(values.buffer).set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let k = 0; k < values.length; k++) values[k] = view.getFloat32(k * 4, true);
  }
  return values;
}
