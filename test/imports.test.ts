/**
 * Loading Ink (its yoga-layout WebAssembly) slows the training loop in the same thread by
 * about a third (1.23 vs 0.93 s per epoch, measured). So the CLI loads Ink only with a
 * dynamic import, when the terminal UI is used. This test fails if a static import chain
 * from src/cli.ts reaches ink or react.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

/** Every module reachable from `entry` through static imports, and the packages they name. */
function staticImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^\s*import\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
      const spec = (m[1] ?? m[2])!;
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        continue;
      }
      const target = resolve(dirname(file), spec).replace(/\.js$/, '');
      visit([`${target}.ts`, `${target}.tsx`].find((f) => {
        try {
          readFileSync(f);
          return true;
        } catch {
          return false;
        }
      })!);
    }
  };
  visit(entry);
  return { files, packages };
}

test('the CLI does not load Ink or React until the terminal UI is used', () => {
  // A training run goes through these, which must reach the store and YAML but not Ink.
  const { files, packages } = staticImports(resolve(ROOT, 'src/commands/train.ts'));
  assert.ok(files.size > 10, `followed ${files.size} modules`);
  assert.ok(packages.has('better-sqlite3') && packages.has('yaml'), [...packages].join(', '));
  for (const entry of ['src/cli.ts', ...readdirSync(resolve(ROOT, 'src/commands')).map((f) => `src/commands/${f}`)]) {
    const { packages } = staticImports(resolve(ROOT, entry));
    assert.ok(!packages.has('ink') && !packages.has('react'), `${entry} statically loads: ${[...packages].join(', ')}`);
  }
});

test("the CLI loads a command's modules only when that command runs", () => {
  const { files, packages } = staticImports(resolve(ROOT, 'src/cli.ts'));
  const commands = [...files].filter((f) => f.includes('/src/commands/'));
  // Only how errors become exit codes, which the sweep's workers share.
  assert.deepEqual(commands, [resolve(ROOT, 'src/commands/exit-code.ts')], 'statically imported by cli.ts');
  assert.deepEqual([...packages].filter((p) => !p.startsWith('node:')), [], 'packages statically imported by cli.ts');
});
