import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase, SCHEMA_VERSION } from '../src/store/db.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { tempDir } from './helpers.js';

test('a new database gets WAL, a busy timeout and the latest schema', () => {
  const path = join(tempDir(), 'sub', 'runs.db');
  const db = openDatabase(path);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  // better-sqlite3's own default is also 5000 ms: this pins the behaviour, whoever sets it.
  assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.equal(SCHEMA_VERSION, MIGRATIONS.length);
  db.close();
});

test('a database of an older schema is migrated, its runs kept', () => {
  const path = join(tempDir(), 'old.db');
  const old = new Database(path);
  old.exec(MIGRATIONS[0]!);
  old.pragma('user_version = 1');
  old
    .prepare(
      `INSERT INTO runs (name, status, config_yaml, overrides_json, config_json, config_hash, seed, epochs, experiment_path,
         data_source, train_images_sha256, train_labels_sha256, test_images_sha256, test_labels_sha256, code_version, created_at)
       VALUES ('old', 'completed', '', '[]', '{}', '', 0, 1, '/x.yaml', 'mnist', '', '', '', '', '0.1.0', '2026-01-01')`,
    )
    .run();
  old.close();

  const db = openDatabase(path);
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  const columns = (db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((c) => c.name);
  assert.ok(columns.includes('heartbeat_at') && columns.includes('process_start'), columns.join(', '));
  assert.deepEqual(db.prepare('SELECT id, name FROM runs').all(), [{ id: 1, name: 'old' }]);
  assert.deepEqual(db.prepare('SELECT count(*) AS n FROM resumes').get(), { n: 0 });
  db.close();
});
