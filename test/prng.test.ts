import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../src/nn/prng.js';

test('the same seed gives the same stream; another seed another', () => {
  const a = Rng.fromSeed(42);
  const b = Rng.fromSeed(42);
  const c = Rng.fromSeed(43);
  const xs = Array.from({ length: 100 }, () => a.nextU32());
  assert.deepEqual(xs, Array.from({ length: 100 }, () => b.nextU32()));
  assert.notDeepEqual(xs, Array.from({ length: 100 }, () => c.nextU32()));
});

test('a saved state resumes the exact stream', () => {
  const a = Rng.fromSeed(0);
  for (let k = 0; k < 1000; k++) a.nextFloat();
  const saved = a.saveState();
  assert.equal(saved.byteLength, 16);
  const expected = Array.from({ length: 50 }, () => a.normal(0, 1));
  const b = Rng.fromState(saved);
  assert.deepEqual(Array.from({ length: 50 }, () => b.normal(0, 1)), expected);
});

test('nextInt is uniform and in range', () => {
  const rng = Rng.fromSeed(1);
  const counts = new Array(10).fill(0);
  for (let k = 0; k < 100_000; k++) counts[rng.nextInt(10)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, `count ${c} far from 10000`);
});

test('normal deviates have the asked mean and std', () => {
  const rng = Rng.fromSeed(2);
  const n = 200_000;
  let sum = 0;
  let sq = 0;
  for (let k = 0; k < n; k++) {
    const z = rng.normal(3, 0.5);
    sum += z;
    sq += z * z;
  }
  const mean = sum / n;
  const std = Math.sqrt(sq / n - mean * mean);
  assert.ok(Math.abs(mean - 3) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(std - 0.5) < 0.01, `std ${std}`);
});

test('bad seeds and states are refused', () => {
  assert.throws(() => Rng.fromSeed(-1), RangeError);
  assert.throws(() => Rng.fromSeed(2 ** 32), RangeError);
  assert.throws(() => Rng.fromState(new Uint8Array(8)), RangeError);
  assert.throws(() => Rng.fromState(new Uint8Array(16)), /all zeros/);
});
