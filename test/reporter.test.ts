import assert from 'node:assert/strict';
import { test } from 'node:test';
import { epochLine, formatLoss } from '../src/ui/reporter.js';

test('losses print in plain decimals with at least 6 significant digits', () => {
  assert.equal(formatLoss(1.262648895802009), '1.262649');
  assert.equal(formatLoss(0.573850585322085), '0.573851');
  assert.equal(formatLoss(0.0632721234), '0.0632721');
  assert.equal(formatLoss(1.23456789e-7), '0.000000123457');
  assert.equal(formatLoss(0), '0.000000');
  assert.equal(formatLoss(12.5), '12.500000');
});

test('the epoch line scripts grep', () => {
  assert.equal(epochLine(3, 10, 0.573850585322085, 0.4123), 'epoch 3/10  cross-entropy 0.573851  0.41s');
});
