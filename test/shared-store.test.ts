/**
 * One sweep shared by several machines through PostgreSQL, and the faults that meet it:
 * a worker killed mid-epoch, one frozen past the grace period, the server restarting or
 * gone. Each ends bit-identical to the same sweep run on SQLite by one runner. The
 * "machines" are runner processes with host identities of their own (RUNNER_HOST), so
 * liveness cannot lean on pids: only the heartbeats, by the server's clock.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { dbChoice, openStore } from '../src/store/open.js';
import { ok, ROOT, RUNNER, runCli, sleep, smallExperimentYaml, tempDir, writeIdxSet } from './helpers.js';
import { freshStore, type TestStore } from './stores.js';

/** 3 × 4 = 12 trials of a few hundred milliseconds each. */
const GRID = 'sweep:\n  learning_rate: [0.05, 0.1, 0.2]\n  units: [4, 6, 8, 10]\n';

function workspace(seed = 1) {
  const dir = tempDir('runner-shared-');
  writeIdxSet(dir, { count: 1000, rows: 28, cols: 28, seed });
  const file = join(dir, 'grid.yaml');
  // 2,000 batches: epochs of a few hundred ms, so that a trial seen at its first epoch is
  // still training when the tests look it up to kill or freeze it (at 150 they took 15 ms,
  // and a trial could finish between its epoch line and the lookup).
  writeFileSync(file, smallExperimentYaml(GRID).replace('batch_size: 10', 'batch_size: 20\nbatches_per_epoch: 2000'));
  return { dir, file };
}

/**
 * Per trial, what must be identical across stores and faults: its values, status, every
 * epoch's loss, and every checkpoint's weight, optimizer and PRNG bytes. Also how many
 * epoch rows each (trial, epoch) has, which must be one.
 */
async function trialsDump(location: string) {
  const store = await openStore(dbChoice(location, true), { mustExist: true });
  try {
    const dump = await store.dump({ sweepId: 1 });
    const hex = (v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : String(v));
    return dump.runs
      .map((run) => {
        const of = (rows: Record<string, unknown>[]) => rows.filter((r) => r.run_id === run.id);
        const epochs = of(dump.epochs).map((e) => [e.epoch, e.cross_entropy]);
        return {
          trial: run.trial,
          swept: run.swept_json,
          status: run.status,
          epochs,
          epochRowsPerEpoch: new Set(epochs.map((e) => e[0])).size === epochs.length,
          weights: of(dump.weights).map((w) => `${w.epoch}:${w.name}:${hex(w.data)}`).sort(),
          optimizer: of(dump.optimizer_state).map((w) => `${w.epoch}:${w.name}:${hex(w.data)}`).sort(),
          rng: of(dump.checkpoints).map((c) => `${c.epoch}:${hex(c.rng_state)}`).sort(),
          scored: of(dump.evaluations).length > 0,
        };
      })
      .sort((a, b) => Number(a.trial) - Number(b.trial));
  } finally {
    await store.close();
  }
}

/** A runner process in the background, as one "machine" (its own RUNNER_HOST). */
function worker(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [RUNNER, ...args, '--plain'], {
    cwd: ROOT,
    env: { ...process.env, RUNNER_DB: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const w of [...waiters]) if (w.pattern.test(stdout)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    child,
    exited,
    waitFor: (pattern: RegExp, ms = 60_000) =>
      pattern.test(stdout)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no ${pattern} after ${ms} ms:\n${stdout}\n${stderr}`)), ms);
            waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
          }),
  };
}

const completedTrials = (out: string) => [...out.matchAll(/^\[trial (\d+)\] completed/gm)].map((m) => Number(m[1]));

/** Polls until `check` is true (or fails the test after `ms`). */
async function until(what: string, check: () => Promise<boolean>, ms = 60_000) {
  for (let waited = 0; waited < ms; waited += 100) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`timed out waiting for ${what}`);
}

let reference: Awaited<ReturnType<typeof trialsDump>>;
let ws: ReturnType<typeof workspace>;

before(async () => {
  ws = workspace();
  const sqlite = join(ws.dir, 'reference.db');
  ok(runCli([ws.file, '--db', sqlite, '--jobs', '2', '--plain']));
  reference = await trialsDump(sqlite);
  assert.equal(reference.length, 12);
  assert.ok(reference.every((t) => t.status === 'completed' && t.epochs.length === 3 && t.scored));
});

/** A test on a fresh PostgreSQL database of its own, dropped after it. */
function pgTest(name: string, fn: (pg: TestStore) => Promise<void>) {
  test(name, async () => {
    const pg = await freshStore('postgresql');
    try {
      await fn(pg);
    } finally {
      await pg.close();
    }
  });
}

/**
 * A worker on host-a (grace 2 s) training trial 0, once its first epoch is committed:
 * the worker, the trial process's pid (to kill or freeze), and the environment to share.
 */
async function trainingTrial0(pg: TestStore) {
  const env = { RUNNER_DB: pg.location, RUNNER_GRACE_SECONDS: '2' };
  const a = worker([ws.file, '--jobs', '1'], { ...env, RUNNER_HOST: 'host-a' });
  await a.waitFor(/^\[trial 0\] epoch 1\//m);
  const [owner] = await pg.query<{ pid: number }>("SELECT pid FROM runs WHERE trial = 0 AND status = 'running'");
  return { a, pid: owner!.pid, env };
}

pgTest('two worker groups (hosts a and b) × 2 jobs share one 12-trial sweep: each trial completed once, bit-identical to SQLite', async (pg) => {
  const a = worker([ws.file, '--jobs', '2'], { RUNNER_DB: pg.location, RUNNER_HOST: 'group-a' });
  const b = worker([ws.file, '--jobs', '2'], { RUNNER_DB: pg.location, RUNNER_HOST: 'group-b' });
  const [ra, rb] = await Promise.all([a.exited, b.exited]);
  assert.equal(ra.code, 0, ra.stdout + ra.stderr);
  assert.equal(rb.code, 0, rb.stdout + rb.stderr);
  assert.equal(ra.stderr + rb.stderr, '', 'no errors');
  const both = [...completedTrials(ra.stdout), ...completedTrials(rb.stdout)].sort((x, y) => x - y);
  assert.deepEqual(both, [...Array(12).keys()], `each trial completed exactly once:\n${ra.stdout}\n${rb.stdout}`);
  assert.ok(completedTrials(ra.stdout).length > 0 && completedTrials(rb.stdout).length > 0, 'both groups trained');
  assert.deepEqual(await trialsDump(pg.location), reference);
  const hosts = await pg.query<{ host: string }>('SELECT DISTINCT host FROM runs ORDER BY host');
  assert.deepEqual(hosts.map((h) => h.host), ['group-a', 'group-b']);
  assert.equal((await pg.query('SELECT * FROM resumes')).length, 0, 'no trial taken over');
});

pgTest('a worker SIGKILLed mid-epoch: a worker on another host takes its trial over after the grace period, bit-identical', async (pg) => {
  const { a, pid, env } = await trainingTrial0(pg);
  process.kill(pid, 'SIGKILL'); // the trial's worker, mid-epoch 2
  a.child.kill('SIGKILL'); // and its whole machine
  await a.exited;
  const b = worker([ws.file, '--jobs', '2'], { ...env, RUNNER_HOST: 'host-b' });
  const rb = await b.exited;
  assert.equal(rb.code, 0, rb.stdout + rb.stderr);
  assert.match(rb.stdout, /^\[trial 0\] .*resumed after epoch \d$/m);
  assert.deepEqual(await trialsDump(pg.location), reference);
  const [trial0] = await pg.query<{ takeovers: number; claim_generation: number; host: string }>(
    'SELECT takeovers, claim_generation, host FROM runs WHERE trial = 0',
  );
  assert.deepEqual(trial0, { takeovers: 1, claim_generation: 2, host: 'host-b' });
});

pgTest('a worker SIGSTOPped past the grace period is taken over; SIGCONTed, its next commit is refused and it drops the trial', async (pg) => {
  const { a, pid, env } = await trainingTrial0(pg);
  process.kill(pid, 'SIGSTOP');
  const b = worker([ws.file, '--jobs', '1'], { ...env, RUNNER_HOST: 'host-b' });
  await until('trial 0 taken over', async () => {
    const rows = await pg.query<{ claim_generation: number }>('SELECT claim_generation FROM runs WHERE trial = 0');
    return rows[0]!.claim_generation === 2;
  });
  process.kill(pid, 'SIGCONT');
  const [ra, rb] = await Promise.all([a.exited, b.exited]);
  assert.equal(ra.code, 0, ra.stdout + ra.stderr);
  assert.equal(rb.code, 0, rb.stdout + rb.stderr);
  assert.match(ra.stdout, /^\[trial 0\] taken over by another runner while this one was silent; dropped$/m);
  assert.match(rb.stdout, /^\[trial 0\] completed/m);
  assert.doesNotMatch(ra.stdout, /^\[trial 0\] completed/m);
  assert.deepEqual(await trialsDump(pg.location), reference);
});

/** A PostgreSQL server of this test's own, which it may restart and stop. */
async function privateServer() {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.RUNNER_TEST_PG;
  const child = spawn(
    join(ROOT, 'scripts/with-postgres.sh'),
    ['bash', '-c', 'echo "$RUNNER_TEST_PG|$RUNNER_TEST_PG_DIR|$RUNNER_TEST_PG_CTL|$RUNNER_TEST_PG_LOG|$RUNNER_TEST_PG_OWNER"; exec cat'],
    { env, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const [url, dir, ctl, log, owner] = line.split('|') as [string, string, string, string, string];
  const asOwner = (args: string[]) => {
    const r = spawnSync('runuser', ['-u', owner, '--', ctl, ...args, '-D', dir, '-l', log], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  const pgCtl = process.getuid?.() === 0 ? asOwner : (args: string[]) => assert.equal(spawnSync(ctl, [...args, '-D', dir, '-l', log]).status, 0);
  const exited = new Promise((resolve) => child.on('close', resolve));
  return {
    url,
    restart: () => pgCtl(['restart', '-m', 'fast', '-w']),
    stop: () => pgCtl(['stop', '-m', 'fast', '-w']),
    // Started as the script started it: its port and socket folder are not the defaults.
    start: () => pgCtl(['start', '-w', '-o', `-p ${new URL(url).port} -k ${dirname(dir)} -c listen_addresses=127.0.0.1 -c fsync=off`]),
    close: async () => {
      child.stdin!.end();
      await exited;
    },
  };
}

test('pg_ctl restart -m fast mid-sweep: the workers retry, lose nothing, and finish bit-identical', async () => {
  const server = await privateServer();
  try {
    const url = server.url;
    const a = worker([ws.file, '--jobs', '2'], { RUNNER_DB: url });
    await a.waitFor(/^\[trial 1\] epoch 2\//m);
    server.restart();
    const ra = await a.exited;
    assert.equal(ra.code, 0, ra.stdout + ra.stderr);
    assert.match(ra.stderr, /lost the connection to postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres/);
    assert.deepEqual(await trialsDump(url), reference);
  } finally {
    await server.close();
  }
});

test('the server gone past the retry window: exit 1 with one clear line; rerun later, the sweep finishes bit-identical', async () => {
  const server = await privateServer();
  try {
    const url = server.url;
    const a = worker([ws.file, '--jobs', '2'], { RUNNER_DB: url, RUNNER_DB_RETRY_SECONDS: '3' });
    await a.waitFor(/^\[trial 2\] epoch 1\//m);
    server.stop();
    const ra = await a.exited;
    assert.equal(ra.code, 1, ra.stdout + ra.stderr);
    assert.match(ra.stderr, /did not come back within 3 s/);
    assert.doesNotMatch(ra.stderr, /\n\s+at /, 'no stack trace');
    server.start();
    const again = worker([ws.file, '--jobs', '2'], { RUNNER_DB: url });
    const rb = await again.exited;
    assert.equal(rb.code, 0, rb.stdout + rb.stderr);
    assert.deepEqual(await trialsDump(url), reference);
  } finally {
    await server.close();
  }
});

pgTest('bad store URLs, a refused port, an unknown database, a wrong password: one line each, exit 2, nothing written', async (pg) => {
  const server = new URL(pg.location);
  // A role that must give its password, whatever the test server trusts.
  // Roles are the server's, not the database's: a name of this test's own.
  const ann = `ann_${server.pathname.slice(-8)}`;
  await pg.query(`CREATE ROLE ${ann} LOGIN PASSWORD 'right-one'`);
  await pg.query(`GRANT ALL ON DATABASE ${server.pathname.slice(1)} TO ${ann}`);
  const hba = join(process.env.RUNNER_TEST_PG_DIR ?? '', 'pg_hba.conf');
  const hadHba = existsSync(hba);
  const cwd = tempDir('runner-badurl-');
  const cases: [string, RegExp][] = [
    ['postgresql://', /not a PostgreSQL URL/],
    ['postgresql://127.0.0.1:99999/x', /not a PostgreSQL URL/],
    [`postgresql://postgres:s3cret@127.0.0.1:1/${server.pathname.slice(1)}`, /cannot connect/],
    [`postgresql://postgres:s3cret@${server.host}/no_such_db_here`, /no database "no_such_db_here"/],
    ['mysql://u:s3cret@localhost/x', /not a store/],
  ];
  if (hadHba) cases.push([`postgresql://${ann}:s3cret@${server.host}${server.pathname}`, new RegExp(`authentication failed for user "${ann}"`)]);
  if (hadHba) {
    const { readFileSync } = await import('node:fs');
    writeFileSync(hba, `host all ${ann} 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`);
    await pg.query('SELECT pg_reload_conf()');
    await sleep(300);
  }
  const before = await pg.query('SELECT count(*) AS n FROM pg_database');
  for (const [url, message] of cases) {
    for (const args of [[ws.file], ['runs'], ['sweep', '1'], ['copy', '--from', url, '--to', join(cwd, 'x.db')]]) {
      const r = runCli(args[0] === 'copy' ? args : [...args, '--db', url], { cwd });
      assert.equal(r.status, 2, `${url} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message, `${url} ${args.join(' ')}`);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.doesNotMatch(r.stderr + r.stdout, /s3cret/, 'the password never shows');
    }
  }
  assert.deepEqual(readdirSync(cwd), [], 'no file or folder written');
  assert.deepEqual(await pg.query('SELECT count(*) AS n FROM pg_database'), before);
});

pgTest('a machine whose data differ from the sweep\'s refuses: one line naming the file, exit 2, nothing written', async (pg) => {
  const first = worker([ws.file, '--jobs', '2', '--set', 'epochs=1'], { RUNNER_DB: pg.location, RUNNER_HOST: 'a' });
  assert.equal((await first.exited).code, 0);
  const other = workspace(2); // same sweep file, other images
  const counts = async () => pg.query('SELECT (SELECT count(*) FROM sweeps) AS s, (SELECT count(*) FROM runs) AS r, (SELECT count(*) FROM epochs) AS e');
  const before = await counts();
  const r = runCli([other.file, '--set', 'epochs=1', '--db', pg.location, '--plain']);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.ok(lines.every((l) => / not the data sweep 1 trains on /.test(l)), r.stderr);
  assert.match(r.stderr, new RegExp(`^${join(other.dir, 'train-images')}: not the data sweep 1 trains on`, 'm'));
  assert.deepEqual(await counts(), before);
});

after(() => {
  // Workers of a failed test must not outlive the suite.
  spawnSync('pkill', ['-f', `${RUNNER} worker`]);
});
