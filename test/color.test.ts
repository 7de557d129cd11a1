import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wantsColor } from '../src/ui/color.js';

test('colour only on a terminal, and never under NO_COLOR or CI', () => {
  assert.equal(wantsColor({ isTTY: true }, {}), true);
  assert.equal(wantsColor({ isTTY: undefined }, {}), false, 'a pipe: isTTY is undefined, not false');
  assert.equal(wantsColor({ isTTY: true }, { NO_COLOR: '1' }), false);
  assert.equal(wantsColor({ isTTY: true }, { CI: 'true' }), false);
  assert.equal(wantsColor({ isTTY: true }, { NO_COLOR: '' }), true, 'NO_COLOR set but empty does not count (no-color.org)');
});
