/**
 * Acceptance: experiments/baseline.yaml, on the real MNIST files, reproduces the report's
 * table of per-epoch cross-entropies (docs/report.md) within 10%.
 * Our PRNG is not NumPy's, so the figures agree statistically, not digit for digit.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { runCli } from './helpers.js';
import { forEachStore, freshStore, type TestStore } from './stores.js';

const REPORT = [1.2626, 0.7388, 0.5739, 0.4952, 0.432, 0.4047, 0.3797, 0.3649, 0.3422, 0.3346];

/** The weights of every epoch decode to the report's shapes: W1 32×784, b1 32, W2 10×32, b2 10. */
async function assertStoredShapes(store: TestStore) {
  const weights = await store.query<{ epoch: number; name: string; shape: string; bytes: number }>(
    'SELECT epoch, name, shape, length(data) AS bytes FROM weights WHERE run_id = 1',
  );
  const shapes: Record<string, number[]> = { w1: [32, 784], b1: [32], w2: [10, 32], b2: [10] };
  assert.equal(weights.length, 11 * 4);
  for (const w of weights) {
    assert.deepEqual(JSON.parse(w.shape), shapes[w.name], `${w.name} at epoch ${w.epoch}`);
    assert.equal(w.bytes, 4 * shapes[w.name]!.reduce((a, b) => a * b, 1));
  }
}

async function storedLosses(store: TestStore): Promise<number[]> {
  const rows = await store.query<{ cross_entropy: number }>('SELECT cross_entropy FROM epochs WHERE run_id = 1 ORDER BY epoch');
  return rows.map((row) => row.cross_entropy);
}

// On SQLite only: the figures against the report's are the same on either store (the test
// below checks that both store the same bits), and a full MNIST run per store is slow.
test('the baseline reproduces the report\'s loss table within 10%, every epoch', async () => {
  const store = await freshStore('sqlite');
  try {
    const r = runCli(['experiments/baseline.yaml', '--db', store.location]);
    assert.equal(r.status, 0, r.stderr);
    const printed = [...r.stdout.matchAll(/^epoch (\d+)\/10 {2}cross-entropy (\d+\.\d+)/gm)].map((m) => Number(m[2]));
    assert.equal(printed.length, 10, r.stdout);

    const stored = await storedLosses(store);
    await assertStoredShapes(store);
    assert.deepEqual(printed, stored.map((v) => Number(v.toFixed(6))));

    stored.forEach((loss, k) => {
      const off = Math.abs(loss - REPORT[k]!) / REPORT[k]!;
      assert.ok(off <= 0.1, `epoch ${k + 1}: ${loss.toFixed(4)} vs the report's ${REPORT[k]} (${(off * 100).toFixed(1)}% off)`);
    });
    // And it learns: each epoch's loss below the first's, the last the lowest of the first three.
    assert.ok(stored.at(-1)! < stored[2]! && stored[2]! < stored[0]!);
  } finally {
    await store.close();
  }
});

/**
 * The baseline's bits, recorded at commit fd04d5c (before layers, batch norm, dropout and
 * the optimizers became declarable): every epoch's cross-entropy as the float64 the
 * runner stores, and a SHA-256 over the epoch-10 weights (name, then bytes, by name).
 * A change to the network code that moves a single bit of the report's experiment fails here.
 */
const BASELINE_BITS = [
  1.2410756717158602, 0.7146537505383327, 0.5618726247436867, 0.48367973238195733, 0.433030613001263, 0.4086518032758129,
  0.3776529875785852, 0.3576492639592377, 0.34837931702052755, 0.3337824833939513,
];
const BASELINE_WEIGHTS_SHA256 = 'fecca433188ec9a79858db7e92ac8358b68c92d48311fb6d8d797f8f94b30a55';

forEachStore('the baseline trains the same bits as before the network became declarable, and stores them', async (store) => {
  const r = runCli(['experiments/baseline.yaml', '--db', store.location, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const stored = await storedLosses(store);
  const hash = createHash('sha256');
  const rows = await store.query<{ name: string; data: Buffer }>(
    "SELECT name, data FROM weights WHERE run_id = 1 AND epoch = 10 AND name IN ('w1', 'b1', 'w2', 'b2') ORDER BY name",
  );
  for (const row of rows) hash.update(row.name).update(row.data);
  assert.deepEqual(stored, BASELINE_BITS);
  assert.equal(rows.length, 4);
  assert.equal(hash.digest('hex'), BASELINE_WEIGHTS_SHA256);
  // What was reported is what was stored, to the bit, and every epoch's weights are whole.
  const reported = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)).filter((e) => e.event === 'epoch').map((e) => e.cross_entropy);
  assert.deepEqual(reported, BASELINE_BITS);
  await assertStoredShapes(store);
});
