import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { DataError } from '../errors.js';

/**
 * Writes `contents` beside `path`, then renames it over `path`: a reader never sees half a
 * file, and a failed write leaves whatever was there before.
 */
export function writeAtomically(path: string, contents: string | Uint8Array, command: string): void {
  const partial = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(partial, contents);
    renameSync(partial, path);
  } catch (e) {
    rmSync(partial, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new DataError(`runner ${command}: cannot write ${path}: ${why}`);
  }
}
