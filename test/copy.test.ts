/** runner copy: runs and sweeps moved between SQLite and PostgreSQL, bit for bit, both ways. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { dbChoice, openStore } from '../src/store/open.js';
import { TABLES } from '../src/store/store.js';
import { ok, runCli, smallExperimentYaml, tempDir, writeIdxSet } from './helpers.js';
import { freshStore } from './stores.js';

/** Every row of every table of a SQLite file, read with SQL alone (not through the store). */
function sqliteTables(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(
      TABLES.map((table) => {
        const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name).sort();
        const rows = db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${columns.join(', ')}`).all();
        return [table, rows];
      }),
    );
  } finally {
    db.close();
  }
}

async function storeDump(location: string, runIds: number[]) {
  const store = await openStore(dbChoice(location, true), { mustExist: true });
  try {
    return await store.dump({ runIds });
  } finally {
    await store.close();
  }
}

/** A store with every kind of row: a sweep, a plain run resumed further, an Adam run, evaluations, an import. */
function populated() {
  const dir = tempDir('runner-copy-');
  writeIdxSet(dir);
  const db = join(dir, 'a.db');
  writeFileSync(join(dir, 'grid.yaml'), smallExperimentYaml('sweep:\n  learning_rate: [0.05, 0.2]\n  units: [4, 8]\n'));
  writeFileSync(join(dir, 'adam.yaml'), smallExperimentYaml('optimizer: adam'));
  writeFileSync(join(dir, 'plain.yaml'), smallExperimentYaml());
  ok(runCli([join(dir, 'grid.yaml'), '--db', db, '--set', 'epochs=2', '--jobs', '2', '--plain']));
  ok(runCli([join(dir, 'plain.yaml'), '--db', db, '--set', 'epochs=1', '--plain'])); // run 5
  ok(runCli(['resume', '5', '--epochs', '2', '--db', db, '--plain']));
  ok(runCli([join(dir, 'adam.yaml'), '--db', db, '--plain'])); // run 6
  ok(runCli(['eval', '6', '--epoch', '1', '--db', db]));
  ok(runCli(['export', '6', '-o', join(dir, 'w.npz'), '--db', db]));
  ok(runCli(['import', join(dir, 'w.npz'), '--experiment', join(dir, 'adam.yaml'), '--db', db])); // run 7
  return { dir, db };
}

test('copy SQLite → PostgreSQL → SQLite: every table identical; the same listings on both; refused without --force, nothing written', async () => {
  const { dir, db } = populated();
  const pg = await freshStore('postgresql');
  try {
    const pushed = ok(runCli(['copy', '--from', db, '--to', pg.location]));
    assert.match(pushed.stdout, /^copied runs 1, 2, 3, 4, 5, 6, 7 and sweep 1 from .*a\.db to postgresql:\/\/postgres@127\.0\.0\.1:\d+\/runner_\w+$/m);
    const back = join(dir, 'b.db');
    ok(runCli(['copy', '--from', pg.location, '--to', back]));
    assert.deepEqual(sqliteTables(back), sqliteTables(db));
    assert.ok(sqliteTables(db).optimizer_state!.length > 0 && sqliteTables(db).resumes!.length === 1 && sqliteTables(db).evaluations!.length === 5);

    const all = [1, 2, 3, 4, 5, 6, 7];
    assert.deepEqual(await storeDump(pg.location, all), await storeDump(db, all), 'PostgreSQL holds the same cells');
    for (const command of [['runs'], ['runs', '--json'], ['show', '5'], ['show', '6', '--json'], ['sweep', '1'], ['sweep', '1', '--json'], ['compare', '5', '6']]) {
      const onSqlite = ok(runCli([...command, '--db', db]));
      const onPg = ok(runCli([...command, '--db', pg.location]));
      assert.equal(onPg.stdout.replaceAll(pg.location, 'DB'), onSqlite.stdout.replaceAll(db, 'DB'), command.join(' '));
    }

    const before = sqliteTables(back);
    const again = runCli(['copy', '--from', db, '--to', back]);
    assert.equal(again.status, 2);
    assert.equal(again.stderr, `runner copy: runs 1, 2, 3, 4, 5, 6, 7 already exist in ${back}; nothing copied (--force replaces them)\n`);
    assert.deepEqual(sqliteTables(back), before);
    const refusedPg = runCli(['copy', '--from', back, '--to', pg.location, '5']);
    assert.equal(refusedPg.status, 2);
    assert.match(refusedPg.stderr, /^runner copy: run 5 already exists in postgresql:\/\//);

    ok(runCli(['copy', '--from', back, '--to', pg.location, '--force', '5', '6']));
    assert.deepEqual(await storeDump(pg.location, all), await storeDump(db, all));
    // New runs after a copy take fresh ids on either store.
    ok(runCli([join(dir, 'plain.yaml'), '--db', pg.location, '--set', 'epochs=1', '--plain']));
    assert.deepEqual((await pg.query<{ id: number }>('SELECT id FROM runs ORDER BY id')).map((r) => r.id), [1, 2, 3, 4, 5, 6, 7, 8]);
  } finally {
    await pg.close();
  }
});

test('copy --sweep takes the sweep and its trials only; bad copies are refused with one line', () => {
  const { dir, db } = populated();
  const c = join(dir, 'c.db');
  ok(runCli(['copy', '--from', db, '--to', c, '--sweep', '1']));
  const tables = sqliteTables(c);
  assert.deepEqual(tables.runs!.map((r) => (r as { id: number }).id).sort(), [1, 2, 3, 4]);
  assert.equal(tables.sweeps!.length, 1);
  ok(runCli(['sweep', '1', '--db', c]));
  for (const [args, message] of [
    [['copy', '--to', c], /say both stores/],
    [['copy', '--from', db, '--to', db], /the same store/],
    [['copy', '--from', db, '--to', c, '9'], /no run 9 in /],
    [['copy', '--from', db, '--to', c, '--sweep', '4'], /no sweep 4 in /],
    [['copy', '--from', join(dir, 'none.db'), '--to', c], /no run database here/],
    [['copy', '--from', db, '--to', c, '1', '--sweep', '1'], /not both/],
  ] as const) {
    const r = runCli([...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
  }
});
