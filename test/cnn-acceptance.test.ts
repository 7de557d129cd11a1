/**
 * Acceptance: experiments/cnn.yaml (conv 16 5×5 → pool 2 → conv 32 5×5 → pool 2 → 128
 * relu with dropout 0.25 → 10, Adam at 0.002, 4 epochs) on the real MNIST files reaches at
 * least 98.8% test accuracy, scored by runner eval in evaluation mode. Students of the
 * course report 98.2% with a convolutional layer and 99.0% with convolution, pooling,
 * dropout and Adam.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from './helpers.js';

test('cnn reaches at least 98.8% test accuracy on MNIST', () => {
  const db = join(tempDir(), 'runs.db');
  const trained = runCli(['experiments/cnn.yaml', '--db', db, '--plain']);
  assert.equal(trained.status, 0, trained.stderr);
  assert.match(trained.stdout, /layers c16k5-p2-c32k5-p2-128d0\.25 \(relu\), adam \(lr 0\.002, beta1 0\.9, beta2 0\.999, epsilon 1e-8\)/);
  const scored = runCli(['eval', '1', '--db', db, '--json']);
  assert.equal(scored.status, 0, scored.stderr);
  const { test_accuracy: accuracy, test_images: images, epoch } = JSON.parse(scored.stdout) as { test_accuracy: number; test_images: number; epoch: number };
  assert.equal(images, 10000);
  assert.equal(epoch, 4);
  assert.ok(accuracy >= 0.988, `cnn: ${(accuracy * 100).toFixed(2)}% on the 10,000 test images`);
});
