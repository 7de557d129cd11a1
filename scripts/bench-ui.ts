/// <reference lib="dom" />
/**
 * The dashboard's speed on a large store: `node --import tsx scripts/bench-ui.ts [DIR]`.
 *
 * Builds a SQLite store of 1,000 runs × 20 epochs (one run trained by the runner on small
 * IDX files, copied 999 times in SQL with other learning rates, units and losses), serves
 * it with `runner ui`, and measures what the issue asks: /api/runs' response time, the
 * runs page's first paint and full table in headless Chromium, drawing 50 runs compared,
 * and the server's resident memory. Prints a table and writes bench-ui.json in DIR.
 * A benchmark, never a test: run it on a quiet machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import { copiesOfRun } from '../test/dashboard.js';
import { idxBytes, syntheticImages } from '../test/helpers.js';

const ROOT = new URL('../', import.meta.url).pathname;
const RUNNER = join(ROOT, 'bin/runner.js');
const RUNS = 1000;
const EPOCHS = 20;

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'runner-bench-ui-'));
mkdirSync(dir, { recursive: true });
const db = join(dir, 'runs.db');

function buildStore(): void {
  const train = syntheticImages(200, 28, 28, 1);
  const test = syntheticImages(50, 28, 28, 2);
  writeFileSync(join(dir, 'train-images'), idxBytes([200, 28, 28], train.images));
  writeFileSync(join(dir, 'train-labels'), idxBytes([200], train.labels));
  writeFileSync(join(dir, 'test-images'), idxBytes([50, 28, 28], test.images));
  writeFileSync(join(dir, 'test-labels'), idxBytes([50], test.labels));
  writeFileSync(
    join(dir, 'bench.yaml'),
    ['name: bench', 'seed: 1', 'units: 32', 'batch_size: 20', `epochs: ${EPOCHS}`, 'learning_rate: 0.05', 'data:',
      '  train_images: train-images', '  train_labels: train-labels', '  test_images: test-images', '  test_labels: test-labels', '  normalize: true', ''].join('\n'),
  );
  const r = spawnSync(process.execPath, [RUNNER, join(dir, 'bench.yaml'), '--db', db, '--plain'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  copiesOfRun(db, 1, RUNS - 1);
}

function get(port: number, path: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ ms: performance.now() - start, bytes }));
    })
      .on('error', reject)
      .end();
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  buildStore();
  const spawned = performance.now();
  const server = spawn(process.execPath, [RUNNER, 'ui', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    server.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  // Includes the first listing of every run, made before the address is printed.
  const startupMs = performance.now() - spawned;
  try {
    const api: number[] = [];
    let size = 0;
    for (let k = 0; k < 21; k++) {
      const r = await get(port, '/api/runs');
      if (k > 0) api.push(r.ms);
      size = r.bytes;
    }
    // After another process commits (here: a heartbeat stamped in SQL), the listing is made
    // again, with each run's settings still kept.
    const changed: number[] = [];
    const writer = new Database(db);
    for (let k = 0; k < 10; k++) {
      writer.prepare(`UPDATE runs SET heartbeat_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(k + 1);
      changed.push((await get(port, '/api/runs')).ms);
    }
    writer.close();
    const browser = await chromium.launch({
      executablePath: process.env.RUNNER_TEST_CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const paint: number[] = [];
    const table: number[] = [];
    const firstRows: number[] = [];
    for (let k = 0; k < 5; k++) {
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction((n) => document.querySelectorAll('#runs-table tr[data-run-id]').length === n, RUNS, { timeout: 30_000 });
      const marks = await page.evaluate(() => ({
        complete: performance.getEntriesByName('runs-table-complete')[0]?.startTime ?? performance.now(),
        first: performance.getEntriesByName('runs-first-rows')[0]?.startTime ?? NaN,
      }));
      table.push(marks.complete);
      firstRows.push(marks.first);
      paint.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
    }
    const ids = Array.from({ length: 50 }, (_, k) => k + 1).join(',');
    const compare: number[] = [];
    const compareFetched: number[] = [];
    for (let k = 0; k < 5; k++) {
      await page.goto(`http://127.0.0.1:${port}/compare?runs=${ids}`);
      await page.waitForSelector('#compare-chart[data-series="50"]', { timeout: 30_000 });
      const marks = await page.evaluate(() => ({
        drawn: performance.getEntriesByName('compare-drawn')[0]?.startTime ?? NaN,
        fetched: (performance.getEntriesByType('resource').find((e) => e.name.includes('/api/compare')) as PerformanceResourceTiming | undefined)?.responseEnd ?? NaN,
      }));
      compare.push(marks.drawn);
      compareFetched.push(marks.drawn - marks.fetched);
    }
    await browser.close();
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;
    const result = {
      runs: RUNS,
      epochs_per_run: EPOCHS,
      server_start_to_address_ms: startupMs,
      api_runs_ms_median: median(api),
      api_runs_ms_max: Math.max(...api),
      api_runs_bytes: size,
      api_runs_ms_after_a_commit_median: median(changed),
      runs_page_first_rows_shown_ms_median: median(firstRows),
      runs_page_first_contentful_paint_ms_median: median(paint),
      runs_page_table_of_1000_ms_median: median(table),
      compare_50_drawn_since_navigation_ms_median: median(compare),
      compare_50_draw_after_response_ms_median: median(compareFetched),
      server_rss_mb: rss,
      server_peak_rss_mb: hwm,
    };
    const rows = Object.entries(result).map(([k, v]) => `${k.padEnd(48)} ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : v}`);
    process.stdout.write(`${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'bench-ui.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`wrote ${join(dir, 'bench-ui.json')}\n`);
  } finally {
    server.kill('SIGINT');
  }
}

await main();
