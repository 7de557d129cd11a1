import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { cifarExperimentYaml, writeCifarDir, type CifarDir } from './cifar10-files.js';
import { halvingExperimentYaml, ok, runCli, smallExperimentYaml, startCli, writeIdxSet, type LiveCli } from './helpers.js';

/*
 * What the dashboard tests share: `runner ui` started as users start it (a child process
 * on a free port), raw HTTP requests that set any path, method and Host header,
 * Debian's Chromium driven by playwright-core, a small successive-halving sweep, and three
 * tiny conv and CIFAR-10 runs.
 */

export interface RunningUi {
  cli: LiveCli;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** Sends SIGINT and resolves to the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `runner ui --db DB --port 0 …` and waits for the line with its address; stopped after the test. */
export async function startUi(t: TestContext, db: string, more: string[] = [], env: Record<string, string> = {}): Promise<RunningUi> {
  const cli = startCli(['ui', '--db', db, '--port', '0', ...more], env);
  let stopped: Promise<number | null> | undefined;
  const stop = () => {
    stopped ??= (cli.child.kill('SIGINT'), cli.exited.then((e) => e.code));
    return stopped;
  };
  t.after(stop);
  await cli.waitFor(/runner ui: http:\/\/[^ ]+:\d+\//);
  const m = /runner ui: (http:\/\/[^ ]+):(\d+)\//.exec(cli.stdout())!;
  return { cli, origin: `${m[1]}:${m[2]}`, port: Number(m[2]), stop };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with exactly this path (not normalised), method and headers (Host: 127.0.0.1:PORT unless given; none if given as ''). */
export function rawRequest(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...options.headers };
    const noHost = headers.host === '';
    if (noHost) delete headers.host;
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, setHost: !noHost, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** GET a JSON route, asserting 200. */
export async function getJson<T = any>(port: number, path: string): Promise<T> {
  const r = await rawRequest(port, path);
  assert.equal(r.status, 200, `${path}: ${r.status} ${r.body}`);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  return JSON.parse(r.body) as T;
}

/** Debian's Chromium, as npm test installs it (scripts/ensure-chromium.sh). */
export const CHROMIUM = process.env.RUNNER_TEST_CHROMIUM || '/usr/bin/chromium';

/**
 * A headless Chromium with a fresh profile, closed after the test. Fails (never skips)
 * when the browser is missing: npm test installs it first.
 */
export async function launchBrowser(t: TestContext) {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: run the suite with npm test (it installs it), or set RUNNER_TEST_CHROMIUM`);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'runner-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return context;
}

/**
 * Adds `count` copies of run `sourceId` to a SQLite store, in SQL (training them would take
 * minutes): ids after the last, named `bench-ID`, with learning rates and units varied in
 * their configs and their losses scaled, every epoch row copied; no weights. A large store
 * for the long-table tests and the benchmark (scripts/bench-ui.ts).
 */
export function copiesOfRun(db: string, sourceId: number, count: number): void {
  const sql = new Database(db);
  const columns = (sql.prepare("SELECT name FROM pragma_table_info('runs')").all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id');
  const picked = columns.map((c) =>
    c === 'name' ? `'bench-' || @id`
    : c === 'config_json' ? `json_set(config_json, '$.learning_rate', @lr, '$.units', @units, '$.name', 'bench-' || @id)`
    : c === 'config_hash' ? `config_hash || '-' || @id`
    : c === 'optimizer_json' ? `json_set(optimizer_json, '$.learning_rate', @lr)`
    : c,
  );
  const copy = sql.prepare(`INSERT INTO runs (id, ${columns.join(', ')}) SELECT @id, ${picked.join(', ')} FROM runs WHERE id = @source`);
  const epochs = sql.prepare(`INSERT INTO epochs (run_id, epoch, cross_entropy, seconds, finished_at)
    SELECT @id, epoch, cross_entropy * @scale, seconds, finished_at FROM epochs WHERE run_id = @source`);
  const first = (sql.prepare('SELECT max(id) AS id FROM runs').get() as { id: number }).id + 1;
  sql.transaction(() => {
    for (let id = first; id < first + count; id++) {
      const params = { id, source: sourceId, lr: [0.01, 0.03, 0.05, 0.1, 0.3][id % 5]!, units: [16, 32, 64, 128][id % 4]!, scale: 0.8 + (id % 17) / 40 };
      copy.run(params);
      epochs.run(params);
    }
  })();
  sql.pragma('wal_checkpoint(TRUNCATE)');
  sql.close();
}

/**
 * A successive-halving sweep's experiment in `dir` (helpers.ts halvingExperimentYaml, over
 * 400 small IDX training images, 80 of them held out): a 9-trial random search over
 * learning rate and units, halved 1 → 3 → 9 epochs by val_cross_entropy (eta 3: 9 trials,
 * then 3, then 1). Returns its path.
 */
export function writeHalvingSweep(dir: string): string {
  writeIdxSet(dir, { count: 400 });
  const file = join(dir, 'halving.yaml');
  writeFileSync(file, halvingExperimentYaml());
  return file;
}

/** The page's uncaught errors and console errors, as they come: a test asserts there are none. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** The conv runs' IDX images: 12 rows × 10 columns (not square, so a swapped height and width shows). */
export const CONV_ROWS = 12;
export const CONV_COLS = 10;

/**
 * A tiny conv network over writeIdxSet's 12×10 images: 4 filters 3×3 (padding 1) with batch
 * norm and relu, 2×2 max pooling, 8 sigmoid units with dropout 0.25; adam, 2 epochs of 10
 * batches of 10.
 */
export function convExperimentYaml(): string {
  return smallExperimentYaml(
    [
      'optimizer: adam',
      'batches_per_epoch: 10',
      'layers:',
      '  - conv: {filters: 4, size: 3, padding: 1}',
      '    activation: relu',
      '    batch_norm: true',
      '  - pool: {size: 2}',
      '  - units: 8',
      '    dropout: 0.25',
    ].join('\n'),
  )
    .replace('name: small', 'name: conv')
    .replace('units: 8\n', '')
    .replace('epochs: 3', 'epochs: 2')
    .replace('learning_rate: 0.05', 'learning_rate: 0.01');
}

/**
 * A conv network over writeCifarDir's 3×32×32 images: 8 filters 5×5 moved 2 at a time
 * (padding 2), relu; 3×3 max pooling at stride 2 (overlapping windows); 8 relu units; adam,
 * 2 epochs of 10 batches of 5.
 */
export function cifarConvExperimentYaml(dataDir = 'cifar'): string {
  return cifarExperimentYaml(
    dataDir,
    [
      'optimizer: adam',
      'layers:',
      '  - conv: {filters: 8, size: 5, stride: 2, padding: 2}',
      '    activation: relu',
      '  - pool: {size: 3, stride: 2}',
      '  - units: 8',
      '    activation: relu',
    ].join('\n'),
  )
    .replace('name: cifar-small', 'name: cifar-conv')
    .replace('units: 4\n', '')
    .replace('batch_size: 2', 'batch_size: 5')
    .replace('epochs: 1', 'epochs: 2')
    .replace('batches_per_epoch: 1', 'batches_per_epoch: 10');
}

export interface ConvRuns {
  /** The folder of the experiments and their data. */
  dir: string;
  /** writeCifarDir's files (in dir/cifar): their test images, as the reader gives them. */
  cifar: CifarDir;
  /** dir/test-images' pixels, CONV_ROWS × CONV_COLS per image. */
  testImages: Uint8Array;
}

/**
 * Trains, into the store at `db`: run 1 convExperimentYaml over 12×10 IDX images (200
 * training, 50 test); run 2 cifarConvExperimentYaml and run 3 cifarExperimentYaml (a dense
 * network, 4 units) over small CIFAR-10 files (50 training, 20 test images). A second or so.
 */
export function trainConvRuns(dir: string, db: string): ConvRuns {
  writeIdxSet(dir, { count: 200, rows: CONV_ROWS, cols: CONV_COLS });
  writeFileSync(join(dir, 'conv.yaml'), convExperimentYaml());
  mkdirSync(join(dir, 'cifar'));
  const cifar = writeCifarDir(join(dir, 'cifar'), { train: [10, 10, 10, 10, 10], test: 20 });
  writeFileSync(join(dir, 'cifar-conv.yaml'), cifarConvExperimentYaml());
  writeFileSync(join(dir, 'cifar-dense.yaml'), cifarExperimentYaml());
  for (const file of ['conv.yaml', 'cifar-conv.yaml', 'cifar-dense.yaml']) ok(runCli([join(dir, file), '--db', db, '--plain']));
  const idx = readFileSync(join(dir, 'test-images'));
  return { dir, cifar, testImages: new Uint8Array(idx.subarray(16)) };
}
