/**
 * The CLI as a user runs it (bin/runner.js over dist/), on small IDX files in a temp dir,
 * against a fresh run store of each kind (a SQLite file, a PostgreSQL database).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { float32FromBytes } from '../src/store/float32.js';
import { idxBytes, runCli, smallExperimentYaml, tempDir, writeIdxSet, type CliResult } from './helpers.js';
import { forEachStore, hexOf, type TestStore, extraStore, snapshot } from './stores.js';

/** A temp dir holding small IDX files and `small.yaml` over them. */
function workspace(yaml = smallExperimentYaml()) {
  const dir = tempDir();
  writeIdxSet(dir);
  const file = join(dir, 'small.yaml');
  writeFileSync(file, yaml);
  return { dir, file };
}

/** The tables (and views) in a store: none until the runner creates its own. */
async function tablesOf(store: TestStore): Promise<string[]> {
  const rows =
    store.kind === 'sqlite'
      ? await store.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
      : await store.query<{ name: string }>(
          'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1',
        );
  return rows.map((r) => r.name);
}

function assertCleanFailure(r: CliResult, code: number, lines: (string | RegExp)[]) {
  assert.equal(r.status, code, `exit code; stderr: ${r.stderr}`);
  const got = r.stderr.trimEnd().split('\n');
  assert.equal(got.length, lines.length, `stderr lines: ${r.stderr}`);
  lines.forEach((want, k) => (typeof want === 'string' ? assert.equal(got[k], want) : assert.match(got[k]!, want)));
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
}

const epochLine = /^epoch (\d+)\/(\d+) {2}cross-entropy (\d+\.\d{6}) {2}\d+\.\d\ds$/;

forEachStore('trains, prints the run id then one line per epoch, and records it all in the store', async (store) => {
  const { dir, file } = workspace();
  const db = store.location;
  const r = runCli([file, '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.doesNotMatch(r.stdout, /\x1b/, 'piped output has no escape codes');
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], `run 1: small -> ${db}`);
  const epochs = lines.filter((l) => l.startsWith('epoch '));
  assert.equal(epochs.length, 3);
  epochs.forEach((l, k) => {
    const m = epochLine.exec(l);
    assert.ok(m, `epoch line: ${l}`);
    assert.equal(m[1], String(k + 1));
    assert.equal(m[2], '3');
  });
  assert.match(lines.at(-1)!, /^run 1 completed: 3 epochs in \d+\.\ds, final cross-entropy \d\.\d{6}$/);

  const [run] = await store.query<Record<string, unknown>>('SELECT * FROM runs WHERE id = 1');
  assert.ok(run, 'run 1 is stored');
  assert.equal(run.status, 'completed');
  assert.equal(run.name, 'small');
  assert.equal(run.seed, 7);
  assert.equal(run.epochs, 3);
  assert.equal(run.config_yaml, readFileSync(file, 'utf8'));
  assert.equal(run.overrides_json, '[]');
  const config = JSON.parse(run.config_json as string);
  assert.equal(config.batches_per_epoch, 20); // 200 images / batch 10
  assert.equal(run.config_hash, createHash('sha256').update(run.config_json as string).digest('hex'));
  const sha = (name: string) => createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');
  assert.equal(run.train_images_sha256, sha('train-images'));
  assert.equal(run.test_labels_sha256, sha('test-labels'));
  assert.match(run.code_version as string, /^0\.1\.0/);
  assert.ok(run.finished_at);

  // The printed losses are the stored ones.
  const rows = await store.query<{ epoch: number; cross_entropy: number }>(
    'SELECT epoch, cross_entropy FROM epochs WHERE run_id = 1 ORDER BY epoch',
  );
  assert.deepEqual(
    rows.map((row) => row.cross_entropy.toFixed(6)),
    epochs.map((l) => epochLine.exec(l)![3]),
  );

  // Weights for epochs 0 (initial) to 3, decoding to the report's shapes; PRNG state beside them.
  const weights = await store.query<{ epoch: number; name: string; shape: string; dtype: string; data: Buffer }>(
    'SELECT epoch, name, shape, dtype, data FROM weights WHERE run_id = 1',
  );
  assert.equal(weights.length, 16);
  const shapes = { w1: [8, 30], b1: [8], w2: [10, 8], b2: [10] };
  for (const w of weights) {
    assert.deepEqual(JSON.parse(w.shape), shapes[w.name as keyof typeof shapes]);
    assert.equal(w.dtype, 'float32le');
    const values = float32FromBytes(w.data);
    assert.equal(values.length, JSON.parse(w.shape).reduce((a: number, b: number) => a * b, 1));
    assert.ok(values.every(Number.isFinite));
  }
  const w1 = (epoch: number) => weights.find((w) => w.epoch === epoch && w.name === 'w1')!.data;
  assert.ok(!w1(0).equals(w1(3)), 'training changed w1');
  const states = await store.query('SELECT epoch, length(rng_state) AS n FROM checkpoints WHERE run_id = 1 ORDER BY epoch');
  assert.deepEqual(states, [0, 1, 2, 3].map((epoch) => ({ epoch, n: 16 })));
});

forEachStore('the same seed and config give bit-identical losses and weights', async (store, t) => {
  const { file } = workspace();
  const stores = [store, await extraStore(t, store.kind)];
  for (const s of stores) assert.equal(runCli([file, '--db', s.location]).status, 0);
  const dump = async (s: TestStore) => {
    const epochs = await s.query('SELECT epoch, cross_entropy FROM epochs ORDER BY epoch');
    const weights = (await s.query<{ epoch: number; name: string; data: Buffer }>('SELECT epoch, name, data FROM weights ORDER BY epoch, name')).map(
      (w) => ({ ...w, data: hexOf(w.data) }),
    );
    const rng = (await s.query<{ epoch: number; s: Buffer }>('SELECT epoch, rng_state AS s FROM checkpoints ORDER BY epoch')).map((c) => ({
      ...c,
      s: hexOf(c.s),
    }));
    return { epochs, weights, rng };
  };
  const first = await dump(stores[0]!);
  assert.equal(first.epochs.length, 3);
  assert.deepEqual(await dump(stores[1]!), first);

  // A different seed differs.
  const other = await extraStore(t, store.kind);
  assert.equal(runCli([file, '--db', other.location, '--set', 'seed=8']).status, 0);
  assert.notDeepEqual((await dump(other)).epochs, first.epochs);
});

forEachStore('--plain gives the plain lines even where a terminal would get the UI', async (store) => {
  const { file } = workspace();
  // FORCE_COLOR asks for colour; plain mode has none to give.
  const r = runCli([file, '--db', store.location, '--plain', '--set', 'epochs=1'], { env: { FORCE_COLOR: '3' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^epoch 1\/1 {2}cross-entropy \d\.\d{6} {2}\d+\.\d\ds$/m);
  assert.doesNotMatch(r.stdout + r.stderr, /\x1b/);
});

forEachStore('RUNNER_DB sets the store; --db overrides it; overrides are recorded', async (envStore, t) => {
  const { file } = workspace();
  const r1 = runCli([file], { env: { RUNNER_DB: envStore.location } });
  assert.equal(r1.status, 0, r1.stderr);
  assert.equal(r1.stdout.split('\n')[0], `run 1: small -> ${envStore.location}`);
  if (envStore.kind === 'sqlite') assert.ok(existsSync(envStore.location));
  const runsIn = async (s: TestStore) => (await s.query<{ n: number }>('SELECT count(*) AS n FROM runs'))[0]!.n;
  assert.equal(await runsIn(envStore), 1);
  const flag = await extraStore(t, envStore.kind);
  const r = runCli([file, '--db', flag.location, '--set', 'epochs=1', '--set', 'learning_rate=0.1'], { env: { RUNNER_DB: envStore.location } });
  assert.equal(r.status, 0, r.stderr);
  const [run] = await flag.query<{ overrides_json: string; config_json: string; epochs: number }>(
    'SELECT overrides_json, config_json, epochs FROM runs',
  );
  assert.ok(run, 'the run is in the --db store');
  assert.deepEqual(JSON.parse(run.overrides_json), ['epochs=1', 'learning_rate=0.1']);
  assert.equal(JSON.parse(run.config_json).learning_rate, 0.1);
  assert.equal(run.epochs, 1);
  assert.equal(await runsIn(envStore), 1, 'nothing more in the RUNNER_DB store');
});

forEachStore('--json prints one parseable object per line', async (store) => {
  const { file } = workspace();
  const r = runCli([file, '--db', store.location, '--json', '--set', 'epochs=2']);
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(
    events.map((e) => e.event),
    ['run-start', 'epoch-start', 'epoch', 'epoch-start', 'epoch', 'finished'],
  );
  assert.equal(events[0].run_id, 1);
  assert.deepEqual([events[1].epoch, events[1].epochs], [1, 2]);
  assert.ok(events[1].uptime_seconds > 0 && events[1].uptime_seconds < 30, `uptime ${events[1].uptime_seconds}`);
  assert.equal(events[2].epoch, 1);
  assert.equal(typeof events[2].cross_entropy, 'number');
  const phases = events[2].phases;
  assert.deepEqual(Object.keys(phases).sort(), ['backward', 'forward', 'sample', 'store', 'update']);
  assert.ok(Object.values(phases).every((v) => typeof v === 'number' && v >= 0));
  assert.ok(phases.forward + phases.backward <= events[2].seconds, 'the phases are parts of the epoch');
  assert.equal(events[5].status, 'completed');
});

forEachStore('a diverging run is marked failed with the reason, exit 1', async (store) => {
  const { file } = workspace();
  const r = runCli([file, '--db', store.location, '--set', 'learning_rate=1e300', '--set', 'data.normalize=false']);
  // The first step sends the weights to ±Infinity; the second step's loss is NaN.
  assertCleanFailure(r, 1, ['run 1 failed: loss became NaN at epoch 1, batch 2; try a smaller learning_rate']);
  assert.doesNotMatch(r.stdout + r.stderr, /\x1b/, 'no escape codes');
  const [run] = await store.query<Record<string, string>>('SELECT status, error, finished_at FROM runs WHERE id = 1');
  assert.ok(run, 'run 1 is stored');
  assert.equal(run.status, 'failed');
  assert.equal(run.error, 'loss became NaN at epoch 1, batch 2; try a smaller learning_rate');
  assert.ok(run.finished_at);
});

/** Bad input: a clear message at file:line:col, exit 2, and the store neither created nor touched. */
forEachStore('bad experiments and data exit 2 with located messages and write nothing', async (store) => {
  const { dir, file } = workspace();
  const db = store.location;
  const yaml = smallExperimentYaml();
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  writeFileSync(join(dir, 'short-labels'), idxBytes([199], new Uint8Array(199)));
  writeFileSync(join(dir, 'not-idx'), 'just text\n');
  writeFileSync(join(dir, 'truncated'), readFileSync(join(dir, 'train-images')).subarray(0, 1000));
  writeFileSync(join(dir, 'bad.gz'), gzipSync(readFileSync(join(dir, 'train-images'))).subarray(0, 100));
  writeFileSync(join(dir, 'floats'), Buffer.from([0, 0, 0x0d, 1, 0, 0, 0, 0]));
  const trainImages = join(dir, 'train-images');
  const cases: { args: string[]; lines: (string | RegExp)[] }[] = [
    {
      args: [write('neg.yaml', yaml.replace('learning_rate: 0.05', 'learning_rate: -0.1'))],
      lines: [`${join(dir, 'neg.yaml')}:6:16: learning_rate must be > 0 (got -0.1)`],
    },
    {
      args: [write('typo.yaml', yaml.replace('epochs: 3', 'epochs: 3\nlearnin_rate: 1'))],
      lines: [`${join(dir, 'typo.yaml')}:6:1: unknown key "learnin_rate"; did you mean "learning_rate"?`],
    },
    {
      args: [write('dup.yaml', yaml.replace('epochs: 3', 'epochs: 3\nunits: 4'))],
      lines: [`${join(dir, 'dup.yaml')}:6:1: duplicate key "units"`],
    },
    {
      args: [write('syntax.yaml', 'name: [a\nunits: 1\n')],
      lines: [new RegExp(`^${join(dir, 'syntax.yaml')}:2:1: Flow sequence in block collection must be sufficiently indented and end with a \\]$`)],
    },
    {
      args: [write('types.yaml', yaml.replace('units: 8', 'units: eight').replace('seed: 7', 'seed: 7\nactivation: tanh'))],
      lines: [
        `${join(dir, 'types.yaml')}:3:13: activation must be one of "sigmoid", "relu" (got "tanh")`,
        `${join(dir, 'types.yaml')}:4:8: units must be an integer (got "eight")`,
      ],
    },
    {
      args: [write('partial.yaml', yaml.replace(/  train_labels.*\n/, ''))],
      lines: [
        `${join(dir, 'partial.yaml')}:8:3: data.train_images needs data.train_labels too (the data files come as a set of four)`,
        `${join(dir, 'partial.yaml')}:9:3: data.test_images needs data.train_labels too (the data files come as a set of four)`,
        `${join(dir, 'partial.yaml')}:10:3: data.test_labels needs data.train_labels too (the data files come as a set of four)`,
      ],
    },
    {
      args: [write('both.yaml', yaml.replace('data:', 'data:\n  dataset: mnist'))],
      lines: [
        `${join(dir, 'both.yaml')}:9:3: data.train_images cannot be combined with data.dataset`,
        `${join(dir, 'both.yaml')}:10:3: data.train_labels cannot be combined with data.dataset`,
        `${join(dir, 'both.yaml')}:11:3: data.test_images cannot be combined with data.dataset`,
        `${join(dir, 'both.yaml')}:12:3: data.test_labels cannot be combined with data.dataset`,
      ],
    },
    {
      args: [write('list.yaml', '- name: a\n- units: 1\n')],
      lines: [`${join(dir, 'list.yaml')}:1:1: an experiment is a mapping of keys (name, units, batch_size, epochs, learning_rate, …)`],
    },
    {
      args: [write('alias.yaml', yaml.replace('epochs: 3', 'epochs: *three'))],
      lines: [`${join(dir, 'alias.yaml')}:5:9: alias *three has no anchor &three`],
    },
    { args: [dir], lines: [`${dir}: cannot read the experiment: is a directory`] },
    { args: [file, '--set', 'batch_size=0'], lines: ['--set batch_size=0: batch_size must be >= 1 (got 0)'] },
    {
      args: [file, '--set', 'batch_size=500'],
      lines: ['--set batch_size=500: batch_size 500 is larger than the 200 training images'],
    },
    { args: [join(dir, 'missing.yaml')], lines: [`${join(dir, 'missing.yaml')}: cannot read the experiment: no such file`] },
    {
      args: [file, '--set', 'data.train_labels=short-labels'],
      lines: [`${join(dir, 'short-labels')}: 199 labels, but ${trainImages} has 200 images`],
    },
    {
      args: [file, '--set', 'data.train_images=not-idx'],
      lines: [`${join(dir, 'not-idx')}: not an IDX file (bad magic number)`],
    },
    {
      args: [file, '--set', 'data.train_images=truncated'],
      lines: [`${join(dir, 'truncated')}: truncated: dimensions 200×6×5 need 6016 bytes, the file has 1000`],
    },
    {
      args: [file, '--set', 'data.train_images=bad.gz'],
      lines: [new RegExp(`^${join(dir, 'bad.gz')}: not a valid gzip file \\(.+\\)$`)],
    },
    {
      args: [file, '--set', 'data.test_labels=floats'],
      lines: [`${join(dir, 'floats')}: IDX values are floats; only unsigned bytes are supported`],
    },
    { args: [file, '--set', 'colour.x=1'], lines: [/^--set colour\.x=1: unknown key "colour"; known keys: /] },
    {
      args: [file, '--set', 'data.test_images=nowhere'],
      lines: [`${join(dir, 'nowhere')}: cannot read test images: no such file`],
    },
  ];

  // First with no store yet (no SQLite file; a PostgreSQL database without tables): none may be created.
  for (const { args, lines } of cases) {
    assertCleanFailure(runCli([...args, '--db', db]), 2, lines);
    if (store.kind === 'sqlite') assert.ok(!existsSync(db), `no db created for ${args.join(' ')}`);
    else assert.deepEqual(await tablesOf(store), [], `no tables created for ${args.join(' ')}`);
  }
  // Then with an existing store: what it holds stays the same.
  assert.equal(runCli([file, '--db', db, '--set', 'epochs=1']).status, 0);
  const before = await snapshot(store);
  for (const { args, lines } of cases) {
    assertCleanFailure(runCli([...args, '--db', db]), 2, lines);
    assert.equal(await snapshot(store), before, `store untouched for ${args.join(' ')}`);
  }
  assert.deepEqual(await store.query('SELECT count(*) AS n FROM runs'), [{ n: 1 }]);
});

test('a database path that is not SQLite is refused and left as it was', () => {
  const { file, dir } = workspace();
  const notDb = join(dir, 'notes.txt');
  writeFileSync(notDb, 'my precious notes, not a database\n'.repeat(10));
  const before = readFileSync(notDb);
  assertCleanFailure(runCli([file, '--db', notDb]), 2, [`${notDb}: not a SQLite database; give another --db path`]);
  assert.ok(readFileSync(notDb).equals(before));
});

test('a PostgreSQL database holding tables of its own is refused and left as it was', async (t) => {
  // PostgreSQL's counterpart of the file above: a database that is not the runner's, with
  // a table named as one of the runner's. Nothing of the runner's schema may be left in it.
  const { file } = workspace();
  const store = await extraStore(t, 'postgresql');
  await store.query('CREATE TABLE runs (id integer PRIMARY KEY, note text)');
  await store.query("INSERT INTO runs VALUES (1, 'my precious notes, not a run')");
  const before = await snapshot(store);
  assertCleanFailure(runCli([file, '--db', store.location]), 2, [
    `${store.location}: cannot set up the runner tables: relation "runs" already exists`,
  ]);
  assert.deepEqual(await tablesOf(store), ['runs']);
  assert.equal(await snapshot(store), before);
});

test('usage: --help, versions, unknown flags and commands', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^runner: train the report's MNIST network/);
  assert.match(help.stdout, /Exit codes: 0 ok, 1 run failed, 2 usage or input error/);
  assert.match(runCli(['validate', '--help']).stdout, /^Usage: runner validate FILE\.yaml/);
  assert.match(runCli(['train', '--help']).stdout, /^Usage: runner FILE\.yaml/);
  for (const command of ['resume', 'runs', 'show', 'compare', 'eval', 'predict', 'export', 'import']) {
    const r = runCli([command, '--help']);
    assert.equal(r.status, 0, command);
    assert.match(r.stdout, new RegExp(`^Usage: runner ${command} `), command);
    assert.match(help.stdout, new RegExp(`^  ${command} +\\S`, 'm'), `${command} is listed in runner --help`);
  }
  assert.match(runCli(['--version']).stdout, /^runner \d+\.\d+\.\d+\n$/);

  const none = runCli([]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^runner: train the report's MNIST network/);
  assertCleanFailure(runCli(['experiments/baseline.yaml', '--bogus']), 2, [
      'runner train: unknown option --bogus (see runner train --help)',
  ]);
  assertCleanFailure(runCli(['experiments/baseline.yaml', '--db']), 2, [
    'runner train: --db needs a value (see runner train --help)',
  ]);
  assertCleanFailure(runCli(['validate']), 2, ['runner validate: missing the experiment file (see runner validate --help)']);
  assertCleanFailure(runCli(['a.yaml', 'b.yaml']), 2, ['runner train: one experiment file at a time, got 2: a.yaml b.yaml']);
  assertCleanFailure(runCli(['experiments/baseline.yaml', '--db', '']), 2, ['runner: --db needs a path (see runner --help)']);
  assertCleanFailure(runCli(['valdate', 'x.yaml']), 2, ['runner: unknown command "valdate"; did you mean "validate"?']);
});

test('validate checks the experiment and its data, and writes nothing', () => {
  const { file, dir } = workspace();
  const ok = runCli(['validate', file], { cwd: dir });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /: ok \(small; data: .*200 train, 50 test, pixels \/ 255\), 20 batches\/epoch\)\n$/);
  assert.ok(!existsSync(join(dir, 'runs')), 'validate created no runs/ folder');
  const json = runCli(['validate', file, '--json', '--set', 'seed=3']);
  assert.equal(JSON.parse(json.stdout).seed, 3);
  assertCleanFailure(runCli(['validate', file, '--set', 'units=-1']), 2, ['--set units=-1: units must be >= 1 (got -1)']);
});
