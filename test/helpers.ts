/** Shared by the tests: temp dirs, small IDX datasets written to disk, and the CLI as a user runs it. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseExperiment } from '../src/config/load.js';
import { expandTrials } from '../src/config/sweep.js';
import { ConfigError } from '../src/errors.js';
import { Rng } from '../src/nn/prng.js';

export const ROOT = new URL('../', import.meta.url).pathname;
export const RUNNER = join(ROOT, 'bin/runner.js');

// The data files' SHA-256 cache of this test process, and of every runner it starts (they
// inherit its environment): never the user's own ~/.cache/runner.
process.env.RUNNER_CACHE_DIR = mkdtempSync(join(tmpdir(), 'runner-test-cache-'));

export function tempDir(prefix = 'runner-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** IDX bytes: magic (0, 0, 0x08, ndim), big-endian dims, then the unsigned bytes. */
export function idxBytes(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, k) => header.writeUInt32BE(d, 4 + 4 * k));
  return Buffer.concat([header, Buffer.from(data)]);
}

/**
 * A small learnable image set: class c lights a band of pixels chosen by c, on a noisy
 * background. Deterministic for a given seed.
 */
export function syntheticImages(count: number, rows: number, cols: number, seed: number) {
  const rng = Rng.fromSeed(seed);
  const pixels = rows * cols;
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const label = n % 10;
    labels[n] = label;
    for (let p = 0; p < pixels; p++) {
      const lit = Math.floor((p * 10) / pixels) === label;
      const noise = rng.nextInt(60);
      // Many exact zeros, as in MNIST, so the sparse path is exercised.
      images[n * pixels + p] = lit ? 160 + noise : noise < 40 ? 0 : noise;
    }
  }
  return { images, labels };
}

/** Writes train (count) and test (count/4) IDX files into dir; returns the experiment's data block. */
export function writeIdxSet(
  dir: string,
  { count = 200, rows = 6, cols = 5, seed = 1, gzip = false }: { count?: number; rows?: number; cols?: number; seed?: number; gzip?: boolean } = {},
) {
  const suffix = gzip ? '.gz' : '';
  const write = (name: string, bytes: Buffer) => {
    writeFileSync(join(dir, name + suffix), gzip ? gzipSync(bytes) : bytes);
    return name + suffix;
  };
  const train = syntheticImages(count, rows, cols, seed);
  const test = syntheticImages(Math.max(10, count / 4), rows, cols, seed + 1);
  return {
    train_images: write('train-images', idxBytes([count, rows, cols], train.images)),
    train_labels: write('train-labels', idxBytes([count], train.labels)),
    test_images: write('test-images', idxBytes([test.labels.length, rows, cols], test.images)),
    test_labels: write('test-labels', idxBytes([test.labels.length], test.labels)),
  };
}

/** A small experiment over writeIdxSet's files, as YAML text. */
export function smallExperimentYaml(extra = ''): string {
  return [
    'name: small',
    'seed: 7',
    'units: 8',
    'batch_size: 10',
    'epochs: 3',
    'learning_rate: 0.05',
    'data:',
    '  train_images: train-images',
    '  train_labels: train-labels',
    '  test_images: test-images',
    '  test_labels: test-labels',
    '  normalize: true',
    extra,
  ].join('\n');
}

/** The training images halvingExperimentYaml holds out (data.validation). */
export const HALVING_HELD_OUT = 80;

/**
 * A small halving sweep over writeIdxSet's files (400 images, HALVING_HELD_OUT held out): 9 random trials
 * of learning rate × units, halved 1 → 3 → 9 epochs by val_cross_entropy unless `halving`
 * says otherwise; `extra` lines go last (line 20).
 */
export function halvingExperimentYaml({ batches = 30, halving = '{min_epochs: 1, max_epochs: 9, eta: 3, metric: val_cross_entropy}', extra = '' } = {}): string {
  return smallExperimentYaml(
    [
      'sweep_method: random',
      'trials: 9',
      'sweep:',
      '  learning_rate: {log_uniform: [0.003, 1.0]}',
      '  units: {int_uniform: [4, 16]}',
      `halving: ${halving}`,
      extra,
    ].join('\n'),
  )
    .replace('name: small', 'name: halving')
    .replace('seed: 7', 'seed: 3')
    .replace('epochs: 3', `batches_per_epoch: ${batches}`)
    .replace('  normalize: true', `  normalize: true\n  validation: ${HALVING_HELD_OUT}`);
}

/** The problem lines a sweep's expansion reports (the file itself being valid). */
export function sweepProblems(text: string, overrides: string[] = []): string[] {
  const loaded = parseExperiment(text, 'x.yaml', overrides);
  try {
    expandTrials(loaded);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail('expected the sweep to be refused');
}

/** An input error as the runner must give one: exit 2, one line on stderr matching `message`, no stack trace. */
export function assertInputError(r: CliResult, message: RegExp, context = ''): void {
  assert.equal(r.status, 2, `${context}\n${r.stdout}${r.stderr}`);
  assert.match(r.stderr, message);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The command succeeded (exit 0); its output is in the failure message otherwise. */
export function ok(r: CliResult): CliResult {
  assert.equal(r.status, 0, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Runs the installed command (bin/runner.js over dist/, which `npm test` builds first). */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliResult {
  const env = { ...process.env, ...options.env };
  delete env.RUNNER_DB;
  if (options.env?.RUNNER_DB !== undefined) env.RUNNER_DB = options.env.RUNNER_DB;
  const r = spawnSync(process.execPath, [RUNNER, ...args], { cwd: options.cwd ?? ROOT, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A runner process in the background, with its stdout lines as they come. */
export interface LiveCli {
  child: import('node:child_process').ChildProcess;
  stdout: () => string;
  /** Resolves once stdout has a line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function startCli(args: string[], extraEnv: Record<string, string> = {}): LiveCli {
  const env = { ...process.env, ...extraEnv };
  delete env.RUNNER_DB;
  const child = spawn(process.execPath, [RUNNER, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const w of [...waiters]) {
      if (w.pattern.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err })),
  );
  return {
    child,
    stdout: () => out,
    waitFor(pattern, timeoutMs = 30_000) {
      if (pattern.test(out)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in stdout after ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
        waiters.push({ pattern, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => reject(new Error(`exited before ${pattern}:\n${out}\n${err}`)));
      });
    },
    exited,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
