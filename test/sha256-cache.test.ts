/** The data files' SHA-256 cache: used while a file stays the same, never trusted past a change, a bad entry or an unwritable folder. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cacheDirectory, readHashed } from '../src/data/sha256-cache.js';
import { ok, runCli, tempDir } from './helpers.js';

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
/** A clock a minute ahead, so a file just written is no longer "changed a moment ago". */
const later = () => BigInt(Date.now() + 60_000) * 1_000_000n;
/** A hash no file here has: an entry holding it can only have come from the cache. */
const FAKE = 'f'.repeat(64);

function workspace(content = 'the first content, 32 bytes long') {
  const dir = tempDir('runner-cache-');
  const cache = join(dir, 'cache');
  const file = join(dir, 'data.idx');
  writeFileSync(file, content);
  return { dir, cache, file };
}

/** The one entry in the cache folder, and a way to replace its text. */
function theEntry(cache: string) {
  const entries = readdirSync(join(cache, 'data-sha256'));
  assert.equal(entries.length, 1, entries.join(', '));
  const path = join(cache, 'data-sha256', entries[0]!);
  return { path, json: JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>, write: (text: string) => writeFileSync(path, text) };
}

test('a second read of an unchanged file takes its hash from the cache', () => {
  const { cache, file } = workspace();
  const first = readHashed(file, { dir: cache, nowNs: later() });
  assert.equal(first.sha256, sha(readFileSync(file)));
  assert.equal(first.cached, false);
  const entry = theEntry(cache);
  assert.equal(entry.json.sha256, first.sha256);
  assert.equal(entry.json.path, file);

  // A hash the file cannot have: the second read returns it, so it hashed nothing.
  entry.write(JSON.stringify({ ...entry.json, sha256: FAKE }));
  const second = readHashed(file, { dir: cache, nowNs: later() });
  assert.deepEqual([second.sha256, second.cached], [FAKE, true]);
  assert.deepEqual(second.bytes, readFileSync(file), 'the bytes are read all the same');
});

test('a changed file is hashed again: same size with a new mtime, and same size with its old mtime put back', () => {
  const { cache, file } = workspace();
  // Whole seconds, which utimes can set back exactly.
  const [atime, mtime] = [1_700_000_000, 1_700_000_100];
  utimesSync(file, atime, mtime);
  const original = statSync(file, { bigint: true });
  assert.equal(original.mtimeNs, BigInt(mtime) * 1_000_000_000n);
  readHashed(file, { dir: cache, nowNs: later() });
  const entry = theEntry(cache);
  entry.write(JSON.stringify({ ...entry.json, sha256: FAKE }));
  assert.equal(readHashed(file, { dir: cache, nowNs: later() }).sha256, FAKE, 'the entry is in use');

  const changed = 'other content, also 32 bytes lon';
  assert.equal(BigInt(changed.length), original.size);
  writeFileSync(file, changed);
  utimesSync(file, atime, mtime + 5);
  const afterWrite = readHashed(file, { dir: cache, nowNs: later() });
  assert.deepEqual([afterWrite.sha256, afterWrite.cached], [sha(changed), false]);

  // Same size, and the mtime set back to what the entry holds: the ctime still moved.
  const held = theEntry(cache);
  held.write(JSON.stringify({ ...held.json, sha256: FAKE }));
  assert.equal(readHashed(file, { dir: cache, nowNs: later() }).sha256, FAKE, 'the entry is in use');
  const again = 'a third content: 32 bytes again!';
  writeFileSync(file, again);
  utimesSync(file, atime, mtime + 5);
  assert.equal(String(statSync(file, { bigint: true }).mtimeNs), held.json.mtime_ns);
  assert.equal(String(statSync(file).size), held.json.size);
  assert.deepEqual(readHashed(file, { dir: cache, nowNs: later() }).sha256, sha(again));
});

test('a file changed a moment ago is hashed but not remembered (timestamps advance in ticks)', () => {
  const { cache, file } = workspace();
  const now = readHashed(file, { dir: cache });
  assert.equal(now.sha256, sha(readFileSync(file)));
  assert.throws(() => readdirSync(join(cache, 'data-sha256')), { code: 'ENOENT' }, 'nothing remembered');
  readHashed(file, { dir: cache, nowNs: later() });
  theEntry(cache);
});

test('a truncated, corrupt or foreign entry is ignored and replaced', () => {
  const { cache, file } = workspace();
  const real = sha(readFileSync(file));
  readHashed(file, { dir: cache, nowNs: later() });
  const { json } = theEntry(cache);
  const text = JSON.stringify({ ...json, sha256: FAKE });
  const bad = [
    text.slice(0, text.length - 10), // cut short
    '',
    '\u0000\u0001garbage',
    'null',
    '[1, 2]',
    JSON.stringify({ ...json, sha256: 'not-a-hash' }),
    JSON.stringify({ ...json, sha256: FAKE, format: 'something else' }),
    JSON.stringify({ ...json, sha256: FAKE, size: Number(json.size) }), // a number, not the text it is written as
    JSON.stringify({ ...json, sha256: FAKE, path: '/elsewhere' }),
    JSON.stringify({ ...json, sha256: FAKE, ino: '1' }),
    `${text}${' '.repeat(10_000)}`, // too large to be an entry
  ];
  for (const content of bad) {
    theEntry(cache).write(content);
    const r = readHashed(file, { dir: cache, nowNs: later() });
    assert.deepEqual([r.sha256, r.cached], [real, false], JSON.stringify(content.slice(0, 60)));
    assert.equal(theEntry(cache).json.sha256, real, 'rewritten whole');
  }
});

test('a cache folder that cannot be made or written is skipped; RUNNER_NO_CACHE turns it off', () => {
  const { dir, file } = workspace();
  const real = sha(readFileSync(file));
  // Under a regular file: no folder can be made there, even as root.
  const blocked = join(file, 'cache');
  assert.equal(readHashed(file, { dir: blocked, nowNs: later() }).sha256, real);
  const scratch = join(dir, 'scratch');
  readHashed(file, { dir: scratch, nowNs: later() });
  const name = readdirSync(join(scratch, 'data-sha256'))[0]!;
  const asFolder = join(dir, 'folder-entry');
  mkdirSync(join(asFolder, 'data-sha256', name), { recursive: true });
  assert.equal(readHashed(file, { dir: asFolder, nowNs: later() }).sha256, real, 'an entry that is a folder');

  assert.equal(cacheDirectory({ RUNNER_NO_CACHE: '1', RUNNER_CACHE_DIR: dir }), null);
  assert.equal(cacheDirectory({ RUNNER_CACHE_DIR: dir }), dir);
  assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/x/cache', HOME: '/h' }), '/x/cache/runner');
  assert.equal(cacheDirectory({ XDG_CACHE_HOME: 'relative', HOME: '/h' }), '/h/.cache/runner', 'a relative XDG_CACHE_HOME is ignored');
  assert.equal(cacheDirectory({}), join(homedir(), '.cache', 'runner'));
});

test('runner uses it: the run records the hash the cache holds for an unchanged MNIST file, and RUNNER_NO_CACHE hashes again', () => {
  const dir = tempDir('runner-cache-cli-');
  const cache = join(dir, 'cache');
  const file = join(dir, 'tiny.yaml');
  writeFileSync(file, 'name: tiny\nunits: 4\nbatch_size: 10\nepochs: 1\nbatches_per_epoch: 2\nlearning_rate: 0.01\ndata:\n  dataset: mnist\n');
  const env = { RUNNER_CACHE_DIR: cache, RUNNER_NO_CACHE: undefined };
  ok(runCli(['validate', file], { env }));
  const entries = join(cache, 'data-sha256');
  const byPath = new Map(
    readdirSync(entries).map((name) => {
      const e = JSON.parse(readFileSync(join(entries, name), 'utf8')) as Record<string, string>;
      return [e.path, { name, e }] as const;
    }),
  );
  assert.equal(byPath.size, 4, [...byPath.keys()].join(', '));
  const trainImages = [...byPath.entries()].find(([path]) => path.endsWith('/train-images-idx3-ubyte'))![1];
  assert.equal(trainImages.e.sha256, 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db');

  writeFileSync(join(entries, trainImages.name), JSON.stringify({ ...trainImages.e, sha256: FAKE }));
  const db = join(dir, 'runs.db');
  ok(runCli([file, '--db', db, '--plain'], { env }));
  ok(runCli([file, '--db', db, '--plain'], { env: { ...env, RUNNER_NO_CACHE: '1' } }));
  const shown = (id: number) => (JSON.parse(ok(runCli(['show', String(id), '--db', db, '--json'])).stdout) as { train_images_sha256: string }).train_images_sha256;
  assert.equal(shown(1), FAKE, 'taken from the cache');
  assert.equal(shown(2), 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db', 'hashed');
});
