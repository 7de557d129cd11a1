/**
 * The project stands on its own: a user's clone has no ../shared folder, so no committed
 * file may point there (the report's summary and table are docs/report.md, the NumPy
 * references scripts/reference/).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SELF = path.relative(root, fileURLToPath(import.meta.url));
const OUTSIDE = /\.\.\/shared\b|\bshared\/(seed|bench)\b/;

test('no committed file points outside the project (../shared, shared/seed, shared/bench)', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter((f) => f !== '' && f !== SELF);
  assert.ok(files.includes('docs/report.md'), 'docs/report.md is committed');
  const pointing = files.filter((f) => {
    if (/\.(png|ico|db|gz)$/.test(f) || f === 'package-lock.json') return false;
    return OUTSIDE.test(readFileSync(path.join(root, f), 'utf8'));
  });
  assert.deepEqual(pointing, []);
});

test("docs/report.md has the report's table, as the acceptance test and the dashboard use it", async () => {
  const { REPORT_CROSS_ENTROPY } = await import('../src/config/report.js');
  const text = readFileSync(path.join(root, 'docs', 'report.md'), 'utf8');
  const table = [...text.matchAll(/^\| (\d+) \| (\d\.\d+) \|$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
  assert.deepEqual(table, REPORT_CROSS_ENTROPY.map((v, i) => [i + 1, v]));
});
