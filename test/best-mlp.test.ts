/**
 * Acceptance, as tinygrad's beautiful_mnist asserts its own target: experiments/best-mlp.yaml
 * (784-256-128-10, ReLU, dropout 0.2, Adam, 12 epochs) on the real MNIST files reaches at
 * least 98.0% test accuracy, scored by runner eval in evaluation mode (no dropout mask).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from './helpers.js';

test('best-mlp reaches at least 98.0% test accuracy on MNIST', () => {
  const db = join(tempDir(), 'runs.db');
  const trained = runCli(['experiments/best-mlp.yaml', '--db', db, '--plain']);
  assert.equal(trained.status, 0, trained.stderr);
  assert.match(trained.stdout, /layers 256d0\.2-128d0\.2 \(relu\), adam \(lr 0\.001, beta1 0\.9, beta2 0\.999, epsilon 1e-8\)/);
  const scored = runCli(['eval', '1', '--db', db, '--json']);
  assert.equal(scored.status, 0, scored.stderr);
  const { test_accuracy: accuracy, test_images: images, epoch } = JSON.parse(scored.stdout) as { test_accuracy: number; test_images: number; epoch: number };
  assert.equal(images, 10000);
  assert.equal(epoch, 12);
  assert.ok(accuracy >= 0.98, `best-mlp: ${(accuracy * 100).toFixed(2)}% on the 10,000 test images`);
});
