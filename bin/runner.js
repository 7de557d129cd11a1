#!/usr/bin/env node
// The installed command. `npm install` compiles src/ into dist/ (the `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('runner: dist/ is missing; run `npm install` (or `npm run build`) in the project first\n');
  process.exit(2);
}
// React (under the terminal UI) picks its build when first loaded: the development one
// checks every render and made the live view cost the training loop 17% of each epoch.
process.env.NODE_ENV ??= 'production';
await import(entry.href);
