/**
 * Convolutional networks through the whole runner, with real processes and stores: conv
 * and pooling layers declared in YAML, their shapes checked before anything is written,
 * one thread = two threads bit for bit, a SIGKILL mid-epoch then resume = an
 * uninterrupted run, and the exported .npz read by NumPy, whose forward pass (the
 * README's) gives runner eval's accuracy. The kernels and their gradients are checked in
 * conv.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertInputError, ok, runCli, sleep, smallExperimentYaml, startCli, tempDir, writeIdxSet } from './helpers.js';
import { extraStore, forEachStore, hexOf, type TestStore } from './stores.js';
import { writeCifarDir } from './cifar10-files.js';

/**
 * 1×12×10 images → conv 6 3×3 pad 1 + batch norm + relu → 6×12×10 → pool 2 → 6×6×5 →
 * conv 5 3×3 stride 2, sigmoid → 5×2×2 → dense 12 relu, dropout 0.2 → 10, Adam: widths
 * that are not multiples of 4, a second conv over 6 channels, stride 2, a non-square image.
 */
function smallCnnYaml({ epochs = 3, batches = 20, extra = '' } = {}): string {
  const layers = [
    'layers:',
    '  - conv: {filters: 6, size: 3, padding: 1}',
    '    activation: relu',
    '    batch_norm: true',
    '  - pool: {size: 2}',
    '  - conv: {filters: 5, size: 3, stride: 2}',
    '    activation: sigmoid',
    '  - units: 12',
    '    activation: relu',
    '    dropout: 0.2',
    'optimizer: adam',
  ].join('\n');
  return smallExperimentYaml(extra)
    .replace('name: small', 'name: cnn-small')
    .replace('seed: 7', 'seed: 3')
    .replace('units: 8', layers)
    .replace('batch_size: 10', `batch_size: 20\nbatches_per_epoch: ${batches}`)
    .replace('epochs: 3', `epochs: ${epochs}`)
    .replace('learning_rate: 0.05', 'learning_rate: 0.01');
}

const SMALL_ARCHITECTURE = '1x12x10-c6k3bn-p2-c5k3s2pad0-12d0.2-10';

function workspace(yaml: string, images: { count?: number; rows?: number; cols?: number } = {}) {
  const dir = tempDir('runner-cnn-');
  writeIdxSet(dir, { count: images.count ?? 400, rows: images.rows ?? 12, cols: images.cols ?? 10 });
  const file = join(dir, 'cnn.yaml');
  writeFileSync(file, yaml);
  return { dir, file };
}

/** Every epoch's loss, and every checkpoint's tensors and PRNG state, as stored. */
async function dump(store: TestStore) {
  const epochs = await store.query('SELECT epoch, cross_entropy FROM epochs WHERE run_id = 1 ORDER BY epoch');
  const weights = (
    await store.query<{ epoch: number; name: string; shape: string; data: Buffer }>('SELECT epoch, name, shape, data FROM weights WHERE run_id = 1 ORDER BY epoch, name')
  ).map((w) => ({ ...w, data: hexOf(w.data) }));
  const rng = (await store.query<{ epoch: number; s: Buffer }>('SELECT epoch, rng_state AS s FROM checkpoints WHERE run_id = 1 ORDER BY epoch')).map((c) => ({
    ...c,
    s: hexOf(c.s),
  }));
  const optimizer = (
    await store.query<{ epoch: number; name: string; data: Buffer }>('SELECT epoch, name, data FROM optimizer_state WHERE run_id = 1 ORDER BY epoch, name')
  ).map((o) => ({ ...o, data: hexOf(o.data) }));
  return { epochs, weights, rng, optimizer };
}

test('conv and pool layers train, and show, runs and compare describe them', () => {
  const { file, dir } = workspace(smallCnnYaml());
  const db = join(dir, 'runs.db');
  const trained = ok(runCli([file, '--db', db, '--plain']));
  assert.match(trained.stdout, /layers c6k3bn-p2-c5k3s2pad0-12d0\.2 \(relu,sigmoid,relu\), adam/);
  assert.match(trained.stdout, /^epoch 3\/3 {2}cross-entropy \d\.\d+/m);
  const runs = ok(runCli(['runs', '--db', db]));
  assert.match(runs.stdout, new RegExp(SMALL_ARCHITECTURE.replace(/\./g, '\\.')));
  const summary = ok(runCli(['runs', '--db', db, '--json']));
  assert.match(summary.stdout, new RegExp(`"architecture": "${SMALL_ARCHITECTURE.replace(/\./g, '\\.')}"`));
  const shown = ok(runCli(['show', '1', '--db', db]));
  assert.match(shown.stdout, new RegExp(SMALL_ARCHITECTURE.replace(/\./g, '\\.')));
  ok(runCli([file, '--db', db, '--plain', '--set', 'layers[0].conv.filters=8']));
  const compared = ok(runCli(['compare', '1', '2', '--db', db]));
  assert.match(compared.stdout, /layers\[0\]\.conv\.filters\s+6\s+8/);
  // The weights: convK_w as filters × channels × size × size.
  const exported = ok(runCli(['export', '1', '-o', join(dir, 'w.npz'), '--db', db]));
  assert.match(exported.stdout, /conv1_w 6×1×3×3, conv1_b 6, conv1_gamma 6, conv1_beta 6, conv1_mean 6, conv1_var 6, conv2_w 5×6×3×3, conv2_b 5, w1 12×20, b1 12, w2 10×12, b2 10/);
});

test('shapes that do not work are refused at the layer, with the shapes, before anything is written', () => {
  const cases: { layers: string; message: RegExp }[] = [
    {
      // 12×10 → conv 5 stride 2 → 4×3 → pool 2 → 2×1 → pool 2 on 2×1
      layers: '  - conv: {filters: 4, size: 5, stride: 2}\n    activation: relu\n  - pool: {size: 2}\n  - pool: {size: 2}\n  - units: 8\n',
      message: /cnn\.yaml:7:5: layers\[2\]: pool 2 on 2×1 feature maps: the window is larger than its input \(shapes: 1×12×10 → 4×4×3 → 4×2×1\)$/m,
    },
    {
      layers: '  - conv: {filters: 4, size: 13}\n  - units: 8\n',
      message: /cnn\.yaml:4:5: layers\[0\]: conv 13×13 on 1×12×10 feature maps: the kernel is larger than its input \(shapes: 1×12×10\)$/m,
    },
    { layers: '  - conv: {filters: 0, size: 3}\n  - units: 8\n', message: /cnn\.yaml:4:\d+: layers\[0\]\.conv\.filters must be >= 1/ },
    {
      layers: '  - units: 8\n  - conv: {filters: 4, size: 3}\n',
      message: /cnn\.yaml:5:5: layers\[1\]: a conv layer after the dense layer layers\[0\]: convolution and pooling layers come first/,
    },
  ];
  for (const c of cases) {
    const yaml = smallCnnYaml().replace(/layers:\n(?: {2}.*\n)+(?=optimizer)/, `layers:\n${c.layers}`);
    const { file, dir } = workspace(yaml);
    const db = join(dir, 'runs.db');
    assertInputError(runCli([file, '--db', db]), c.message, c.layers);
    assert.equal(existsSync(db), false, `nothing written: ${c.layers}`);
    assertInputError(runCli(['validate', file]), c.message, `validate: ${c.layers}`);
  }
});

forEachStore('a conv network: one thread or two, the same losses, weights, PRNG and Adam states, bit for bit', async (store, t) => {
  // 28×28 images and 32 filters: the first conv's products are long splits (kernels.ts LONG_WORK), which the helper takes.
  const yaml = smallCnnYaml({ batches: 12 }).replace('filters: 6', 'filters: 32');
  const { file } = workspace(yaml, { count: 300, rows: 28, cols: 28 });
  const stores = [store, await extraStore(t, store.kind)];
  const dumps = [];
  for (const [k, s] of stores.entries()) {
    ok(runCli([file, '--db', s.location], { env: { RUNNER_THREADS: String(k + 1) } }));
    dumps.push(await dump(s));
  }
  assert.equal(dumps[0]!.epochs.length, 3);
  assert.deepEqual(dumps[1], dumps[0]);
});

forEachStore('a conv + pool + dense + Adam network killed mid-epoch, then resumed: bit-identical to an uninterrupted run', async (reference, t) => {
  const { file } = workspace(smallCnnYaml({ epochs: 4, batches: 150 }), { count: 600, rows: 28, cols: 28 });
  ok(runCli([file, '--db', reference.location]));
  const expected = await dump(reference);
  assert.equal(expected.epochs.length, 4);
  let landed = 0;
  for (let attempt = 0; attempt < 3 && landed === 0; attempt++) {
    const store = await extraStore(t, reference.kind);
    const live = startCli([file, '--db', store.location]);
    await live.waitFor(/^epoch 2\//m);
    const seconds = Number(/^epoch 2\/4 .* (\d+\.\d+)s$/m.exec(live.stdout())![1]);
    await sleep((1000 * seconds) / 2);
    live.child.kill('SIGKILL');
    const { signal } = await live.exited;
    const [{ status }] = await store.query<{ status: string }>('SELECT status FROM runs');
    if (signal !== 'SIGKILL' || status !== 'running') continue;
    landed++;
    const [{ n }] = await store.query<{ n: number }>('SELECT count(*) AS n FROM epochs');
    assert.ok(n >= 2 && n < 4, `killed mid-epoch 3 or 4, after ${n} epochs`);
    await settle(store);
    const resumed = ok(runCli(['resume', '1', '--db', store.location]));
    assert.match(resumed.stdout, /resumed after epoch [23]\/4/);
    assert.deepEqual(await dump(store), expected);
  }
  assert.equal(landed, 1, 'the kill landed mid-run');
});

/** After a SIGKILL, waits for the server to end the killed process's sessions (resume.test.ts says why). */
async function settle(store: TestStore): Promise<void> {
  if (store.kind !== 'postgresql') return;
  for (let k = 0; k < 2000; k++) {
    const [{ n }] = await store.query<{ n: number }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
    );
    if (n === 0) return;
    await sleep(5);
  }
  assert.fail('the killed runner\'s sessions stayed open');
}

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

/** The README's NumPy forward pass functions: the python block that starts with this line. */
function readmeForwardPass(): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const m = /```python\n(# The runner's conv networks in NumPy[\s\S]*?)```/.exec(readme);
  assert.ok(m, 'README.md has the NumPy forward pass of conv networks');
  return m[1]!;
}

test('the exported .npz in NumPy: the README\'s forward pass gives runner eval\'s accuracy, and it imports back', { skip: !hasNumpy && 'python3 with NumPy not found' }, () => {
  const { file, dir } = workspace(smallCnnYaml({ epochs: 4 }), { count: 800 });
  const db = join(dir, 'runs.db');
  ok(runCli([file, '--db', db]));
  const npz = join(dir, 'cnn.npz');
  ok(runCli(['export', '1', '-o', npz, '--db', db]));
  const scored = JSON.parse(ok(runCli(['eval', '1', '--db', db, '--json'])).stdout) as { test_accuracy: number; test_images: number };
  // The README's functions, then this network's layers as its example writes cnn.yaml's.
  const script = `${readmeForwardPass()}
import sys
def idx(path):
    b = open(path, 'rb').read()
    dims = np.frombuffer(b[4:4 + 4 * b[3]], '>u4')
    return np.frombuffer(b[4 + 4 * b[3]:], np.uint8).reshape(dims)
m = np.load(sys.argv[1])
images, labels = idx(sys.argv[2]), idx(sys.argv[3])
x = images.reshape(-1, 1, 12, 10) / 255
h = relu(batch_norm(conv(x, m['conv1_w'], m['conv1_b'], padding=1), m, 'conv1'))
h = max_pool(h, 2)
h = sigmoid(conv(h, m['conv2_w'], m['conv2_b'], stride=2))
y = relu(h.reshape(len(h), -1) @ m['w1'].T + m['b1']) * (1 - 0.2)
predicted = (y @ m['w2'].T + m['b2']).argmax(axis=1)
print((predicted == labels).sum(), len(labels))
`;
  const r = spawnSync('python3', ['-c', script, npz, join(dir, 'test-images'), join(dir, 'test-labels')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [correct, images] = r.stdout.trim().split(' ').map(Number) as [number, number];
  assert.equal(images, scored.test_images);
  // float64 against the kernels' float32: an image whose two best logits tie to 1e-7 could go either way.
  const runnerCorrect = Math.round(scored.test_accuracy * scored.test_images);
  assert.ok(Math.abs(correct - runnerCorrect) <= 1, `NumPy ${correct}/${images}, runner eval ${runnerCorrect}`);
  assert.ok(runnerCorrect > images / 5, `trained beyond chance: ${runnerCorrect}/${images}`);

  // Back in: the import needs the experiment (strides, padding and pooling are not in the file), then scores the same.
  const db2 = join(dir, 'imported.db');
  assertInputError(runCli(['import', npz, '--db', db2]), /cnn\.npz: holds convolution filters \(conv1_w, …\): give the experiment that declares its layers with --experiment/);
  ok(runCli(['import', npz, '--experiment', file, '--db', db2]));
  const again = JSON.parse(ok(runCli(['eval', '1', '--db', db2, '--json'])).stdout) as { test_accuracy: number };
  assert.equal(again.test_accuracy, scored.test_accuracy);
  // An experiment whose layers are not the file's: one line per array that does not fit.
  const other = join(dir, 'other.yaml');
  writeFileSync(other, readFileSync(file, 'utf8').replace('filters: 5', 'filters: 7'));
  const refused = runCli(['import', npz, '--experiment', other, '--db', join(dir, 'x.db')]);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /cnn\.npz: conv2_w has shape \(5, 6, 3, 3\), but the experiment's 1x12x10-c6k3bn-p2-c7k3s2pad0-12d0\.2-10 network has \(7, 6, 3, 3\)/);
  assert.equal(existsSync(join(dir, 'x.db')), false);
});

forEachStore('experiments/cifar10-cnn.yaml trains on files in CIFAR-10\'s binary format, one thread = two threads, and eval scores it', async (store, t) => {
  const dir = tempDir('runner-cifar-cnn-');
  mkdirSync(join(dir, 'cifar-10-batches-bin'));
  writeCifarDir(join(dir, 'cifar-10-batches-bin'), { train: [30, 30, 30, 30, 30], test: 40 });
  const file = join(dir, 'cifar10-cnn.yaml');
  copyFileSync(new URL('../experiments/cifar10-cnn.yaml', import.meta.url), file);
  // The shipped file as it is, smaller: 150 training images (30 of them held out), two epochs of 3 batches of 10.
  const small = ['--set', 'data.validation=30', '--set', 'epochs=2', '--set', 'batches_per_epoch=3', '--set', 'batch_size=10'];
  const validated = ok(runCli(['validate', file, ...small]));
  assert.match(validated.stdout, /cifar10 .*cifar-10-batches-bin \(120 train, 30 validation, 40 test, pixels \/ 255\), 3 batches\/epoch/);
  const stores = [store, await extraStore(t, store.kind)];
  const dumps = [];
  for (const [k, s] of stores.entries()) {
    const trained = ok(runCli([file, '--db', s.location, '--plain', ...small], { env: { RUNNER_THREADS: String(k + 1) } }));
    assert.match(trained.stdout, /layers c32k5bn-p2-c64k5bn-p2-256d0\.5 \(relu\), adam/);
    assert.match(trained.stdout, /^epoch 2\/2 {2}cross-entropy \d\.\d+ {2}val \d\.\d+ \(\d+\.\d+%\)/m);
    dumps.push(await dump(s));
  }
  assert.deepEqual(dumps[1], dumps[0]);
  const [run] = await store.query<{ architecture: string; data_source: string }>('SELECT architecture, data_source FROM runs');
  assert.deepEqual(run, { architecture: '3x32x32-c32k5bn-p2-c64k5bn-p2-256d0.5-10', data_source: 'cifar10' });
  // Both runs' weights are the same bits, so eval scores them alike, and on the test batch's 40 images.
  const scored = stores.map((s) => JSON.parse(ok(runCli(['eval', '1', '--db', s.location, '--json'])).stdout) as { test_images: number; test_accuracy: number; test_cross_entropy: number });
  assert.equal(scored[0]!.test_images, 40);
  assert.ok(Number.isFinite(scored[0]!.test_cross_entropy), `test cross-entropy ${scored[0]!.test_cross_entropy}`);
  assert.deepEqual(scored[1], scored[0]);
});

test('a network too big for the kernels\' memory, or a swept trial whose shapes fail, is refused before anything is written', () => {
  // 3×32×32 → conv 64 3×3 → conv 512 3×3: the second conv's feature maps for 128 images (its
  // output, the ReLU's, their gradients) are 128 · 1024 · 512 floats each, 268 MB each.
  const dir = tempDir('runner-cnn-memory-');
  mkdirSync(join(dir, 'cifar'));
  writeCifarDir(join(dir, 'cifar'), { train: [30, 30, 30, 30, 30], test: 20 });
  const big = join(dir, 'big.yaml');
  writeFileSync(
    big,
    ['name: big', 'batch_size: 128', 'epochs: 1', 'optimizer: adam', 'layers:', '  - conv: {filters: 64, size: 3, padding: 1}', '    activation: relu',
      '  - conv: {filters: 512, size: 3, padding: 1}', '    activation: relu', '  - pool: {size: 2}', '  - units: 16', 'data: {format: cifar10, dir: cifar, normalize: true}', ''].join('\n'),
  );
  const db = join(dir, 'runs.db');
  const memory = /big\.yaml:5:1: this network's buffers for batches of 128, beside the 150 training images, need more than the kernels' 1 GiB of memory \(WebAssembly's limit\): use a smaller batch_size/;
  assertInputError(runCli([big, '--db', db]), memory);
  assertInputError(runCli(['validate', big]), memory);
  assert.equal(existsSync(db), false);
  // A batch that fits trains.
  ok(runCli([big, '--db', db, '--set', 'batch_size=4', '--set', 'batches_per_epoch=1']));

  // Trials over the layers' settings: the one whose pool no longer fits is named, with its values.
  const { file } = workspace(
    smallCnnYaml({ extra: 'sweep:\n  layers[0].conv.size: [3, 11]\n  layers[2].conv.stride: [1, 2]\n' }).replace('batches_per_epoch: 20', 'batches_per_epoch: 2'),
  );
  const sweepDb = join(dir, 'sweep.db');
  assertInputError(
    runCli([file, '--db', sweepDb]),
    /cnn\.yaml:25:3: sweep\.layers\[0\]\.conv\.size: trial 2 \(layers\[0\]\.conv\.size=11, layers\[2\]\.conv\.stride=1\): layers\[2\]: conv 3×3 on 6×2×1 feature maps: the kernel is larger than its input \(shapes: 1×12×10 → 6×4×2 → 6×2×1\)/,
  );
  assert.equal(existsSync(sweepDb), false);
});
