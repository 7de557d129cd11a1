/**
 * The terminal UI in a real pseudo-terminal (util-linux `script` gives the runner a pty, as a
 * user's terminal does): it draws the run, finishes with the completion line, and `q` stops
 * the run after its batch with exit 130 and the resume command. The redraws are throttled:
 * far fewer frames than the loop's progress events (one every 16 ms).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ROOT, RUNNER, tempDir } from './helpers.js';

const SCRIPT = '/usr/bin/script';
const skip = existsSync(SCRIPT) ? false : 'util-linux script is not installed';

/** Runs the CLI under `script` (a pty of 100 × 30); `onOutput` sees the text so far and may answer with keys. */
function inTerminal(args: string[], onOutput: (text: string, keys: (k: string) => void) => void = () => {}) {
  const command = `stty cols 100 rows 30; exec ${[process.execPath, RUNNER, ...args].map((a) => `'${a}'`).join(' ')}`;
  // A user's terminal: CI (set by CI services, and read by the runner as "no terminal UI") is cleared.
  const { CI: _ci, ...env } = process.env;
  const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { cwd: ROOT, env: { ...env, NO_COLOR: '1', TERM: 'xterm-256color' } });
  let text = '';
  child.stdout.on('data', (d: Buffer) => {
    text += d.toString('utf8');
    onOutput(text, (k) => child.stdin.write(k));
  });
  return new Promise<{ code: number | null; text: string }>((resolve) => child.on('close', (code) => resolve({ code, text })));
}

test('the terminal UI draws the run and its completion in a real terminal, redrawing at most a few times a second', { skip, timeout: 120_000 }, async () => {
  const dir = tempDir();
  const db = join(dir, 'runs.db');
  const started = performance.now();
  const { code, text } = await inTerminal(['experiments/baseline.yaml', '--set', 'epochs=3', '--db', db]);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(code, 0, text);
  assert.match(text, /run 1: baseline/);
  for (const e of [1, 2, 3]) assert.match(text, new RegExp(`epoch ${e}/3  cross-entropy \\d\\.\\d{6}`));
  assert.match(text, /run 1 completed: 3 epochs in [\d.]+s, final cross-entropy \d\.\d{6}/);
  // Each frame redraws the key line; the loop sends a progress event every 16 ms.
  const frames = text.split('q or Ctrl-C: stop after this batch').length - 1;
  assert.ok(frames >= 1, text);
  assert.ok(frames <= seconds * 5 + 3, `${frames} frames in ${seconds.toFixed(1)} s`);
  const rows = new Database(db, { readonly: true }).prepare('SELECT epoch FROM epochs WHERE run_id = 1 ORDER BY epoch').all();
  assert.deepEqual(rows, [{ epoch: 1 }, { epoch: 2 }, { epoch: 3 }]);
});

test('q in the terminal stops the run after its batch: exit 130, finished epochs kept, the resume command shown', { skip, timeout: 120_000 }, async () => {
  const dir = tempDir();
  const db = join(dir, 'runs.db');
  let sent = false;
  const { code, text } = await inTerminal(['experiments/baseline.yaml', '--set', 'epochs=50', '--db', db], (out, keys) => {
    if (!sent && /epoch 1\/50  cross-entropy/.test(out)) {
      sent = true;
      keys('q');
    }
  });
  assert.ok(sent, text);
  assert.equal(code, 130, text);
  assert.match(text, /runner resume 1/);
  const done = new Database(db, { readonly: true }).prepare("SELECT status, (SELECT count(*) FROM epochs WHERE run_id = 1) AS epochs FROM runs WHERE id = 1").get() as { status: string; epochs: number };
  assert.equal(done.status, 'interrupted');
  assert.ok(done.epochs >= 1 && done.epochs < 50, JSON.stringify(done));
  const resumed = spawnSync(process.execPath, [RUNNER, 'resume', '1', '--db', db, '--epochs', String(done.epochs + 1), '--plain'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(resumed.status, 0, resumed.stderr);
});
