import { unzipSync, zipSync, type Unzipped, type Zippable } from 'fflate';
import { DataError } from '../errors.js';
import { printable, readNpy, writeNpy, type NpyArray, type NpyDtype } from './npy.js';

/**
 * NumPy's .npz: a zip of .npy files, one per array, each named after its array
 * (`w1.npy`). `np.savez` stores them; `np.savez_compressed` deflates them.
 */

/** An array to write: its name in the .npz (without `.npy`), shape, and row-major values. */
export interface NamedArray {
  name: string;
  shape: readonly number[];
  data: ArrayLike<number>;
}

/** Every zip starts with a local file header, or with the end record when it is empty. */
const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];

/**
 * A fixed modification time for every member, so that the same arrays always give the
 * same bytes (np.savez stamps the current time). The earliest date a zip can hold.
 */
const MTIME = new Date(1980, 0, 1);

/**
 * Reads an .npz file's bytes into its arrays, keyed by member name without `.npy`, in
 * the zip's order. `source` names the file in errors.
 */
export function readNpz(bytes: Uint8Array, source: string): Map<string, NpyArray> {
  if (!ZIP_SIGNATURES.some((sig) => sig.every((b, k) => bytes[k] === b))) {
    throw new DataError(`${source}: not a zip file (an .npz is a zip of .npy files)`);
  }
  // fflate takes sizes and offsets from the central directory. np.savez writes every
  // local header as zip64 (force_zip64=True: sizes 0xFFFFFFFF plus a zip64 extra field)
  // but a plain central directory, so a reader of local headers alone would be misled.
  const names: string[] = [];
  let members: Unzipped;
  try {
    members = unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return true;
      },
    });
  } catch (e) {
    throw new DataError(`${source}: truncated or corrupt zip file (${(e as Error).message})`);
  }
  // fflate keeps only the last of two members of one name.
  const twice = names.find((name, k) => names.indexOf(name) !== k);
  if (twice !== undefined) throw new DataError(`${source}: ${printable(twice)}: appears twice in the zip`);
  const crcs = centralCrcs(bytes, names.length);
  const arrays = new Map<string, NpyArray>();
  names.forEach((name, k) => {
    const where = `${source}: ${printable(name)}`;
    if (!name.endsWith('.npy')) throw new DataError(`${where}: not an .npy file (an .npz holds only .npy files)`);
    const member = Object.hasOwn(members, name) ? members[name] : undefined;
    if (member === undefined) throw new DataError(`${where}: cannot be read from the zip`);
    if (crc32(member) !== crcs[k]) throw new DataError(`${where}: CRC-32 mismatch (the zip is corrupt)`);
    arrays.set(name.slice(0, -'.npy'.length), readNpy(member, where));
  });
  return arrays;
}

/**
 * The bytes of an .npz holding `arrays`, each as `<name>.npy` in `dtype`, stored without
 * compression as np.savez does. `np.load` reads it back.
 */
export function writeNpz(arrays: readonly NamedArray[], dtype: NpyDtype): Uint8Array {
  const files: Zippable = {};
  for (const { name, shape, data } of arrays) {
    const file = `${name}.npy`;
    if (Object.hasOwn(files, file)) throw new RangeError(`writeNpz: two arrays named '${name}'`);
    files[file] = writeNpy(shape, data, dtype);
  }
  return zipSync(files, { level: 0, mtime: MTIME });
}

/**
 * The CRC-32 of each of the `count` members, in central directory order (the order
 * fflate reports them). fflate never checks CRCs; np.load does (zipfile raises "Bad
 * CRC-32"), and without the check a flipped bit in a stored member would load as a
 * silently wrong weight. Found the way fflate finds it, so the two walks agree.
 */
function centralCrcs(bytes: Uint8Array, count: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--; // unzipSync found it already
  let at = view.getUint32(end + 16, true);
  // A zip64 end record (with its locator just before the plain one) holds the real offset.
  if (end >= 20 && view.getUint32(end - 20, true) === 0x07064b50) {
    const zip64End = view.getUint32(end - 12, true);
    if (zip64End + 56 <= bytes.length && view.getUint32(zip64End, true) === 0x06064b50) {
      at = Number(view.getBigUint64(zip64End + 48, true));
    }
  }
  const crcs: number[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length) return crcs; // the missing ones then mismatch
    crcs.push(view.getUint32(at + 16, true));
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return crcs;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The zip (IEEE) CRC-32 of `bytes`. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
