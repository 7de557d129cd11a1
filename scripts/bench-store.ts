/**
 * The store's cost, SQLite against PostgreSQL, and a sweep shared by worker groups:
 *
 *   scripts/with-postgres.sh node --import tsx scripts/bench-store.ts [--epochs 10] [--rounds 3]
 *
 * 1. The baseline experiment on each store: the seconds each epoch spends recording itself
 *    (its row, weights, PRNG and optimizer state, in one transaction: the `store` phase of
 *    --json's epoch lines), median over epochs and rounds.
 * 2. A 12-trial sweep (learning_rate × units over MNIST) on PostgreSQL, by one worker group
 *    and by two (separate processes with their own RUNNER_HOST, as two machines would be),
 *    wall time from the first launch to the last exit.
 * Needs RUNNER_TEST_PG (a server where it may create databases), as scripts/with-postgres.sh sets.
 * A figure, never a test. Prints a table and writes bench/results/store.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const ROOT = new URL('../', import.meta.url).pathname;
const RUNNER = join(ROOT, 'bin/runner.js');
const { values } = parseArgs({ options: { epochs: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } } });
const server = process.env.RUNNER_TEST_PG;
if (!server) {
  process.stderr.write('bench-store: RUNNER_TEST_PG is not set; run it under scripts/with-postgres.sh\n');
  process.exit(2);
}

async function freshDatabase(): Promise<string> {
  const name = `bench_${Math.random().toString(16).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(server!);
  url.pathname = `/${name}`;
  return url.toString();
}

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUNNER, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function storeSeconds(location: string): Promise<number[]> {
  const r = await run(['experiments/baseline.yaml', '--json', '--set', `epochs=${values.epochs}`, '--db', location]);
  if (r.code !== 0) throw new Error(`baseline on ${location}: exit ${r.code}\n${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{"event":"epoch"'))
    .map((l) => (JSON.parse(l) as { phases: { store: number } }).phases.store);
}

const results: Record<string, unknown> = {};
const scratch = mkdtempSync(join(tmpdir(), 'runner-bench-store-'));
const perStore: Record<string, number[]> = { sqlite: [], postgresql: [] };
for (let round = 0; round < Number(values.rounds); round++) {
  perStore.sqlite!.push(...(await storeSeconds(join(scratch, `r${round}.db`))));
  perStore.postgresql!.push(...(await storeSeconds(await freshDatabase())));
}
for (const [kind, xs] of Object.entries(perStore)) {
  results[`baseline_store_seconds_${kind}`] = { median: median(xs), max: Math.max(...xs), epochs: xs.length };
  process.stdout.write(`baseline, store time per epoch on ${kind.padEnd(10)}: median ${(median(xs) * 1000).toFixed(2)} ms, max ${(Math.max(...xs) * 1000).toFixed(2)} ms (${xs.length} epochs)\n`);
}

// 12 trials, 2 epochs each, normalized pixels (the raw-pixel baseline is slowed by subnormal floats on Intel).
const sweep = join(scratch, 'sweep12.yaml');
writeFileSync(
  sweep,
  `${readFileSync(join(ROOT, 'experiments/baseline.yaml'), 'utf8').replace(/^name: .*$/m, 'name: sweep12')}
sweep:
  learning_rate: [0.05, 0.1, 0.2]
  units: [16, 24, 32, 40]
`,
);
for (const [label, groups, jobs] of [['one group, --jobs 2', 1, 2], ['two groups, --jobs 1 each', 2, 1], ['two groups, --jobs 2 each', 2, 2]] as const) {
  const url = await freshDatabase();
  const started = performance.now();
  const exits = await Promise.all(
    Array.from({ length: groups }, (_, g) => run([sweep, '--set', 'epochs=2', '--set', 'data.normalize=true', '--jobs', String(jobs), '--plain', '--db', url], { RUNNER_HOST: `group-${g}` })),
  );
  const seconds = (performance.now() - started) / 1000;
  const failed = exits.find((e) => e.code !== 0);
  if (failed) throw new Error(`${label}: exit ${failed.code}\n${failed.stderr}`);
  const completed = exits.map((e) => (e.stdout.match(/^\[trial \d+\] completed/gm) ?? []).length);
  results[`sweep12_${label}`] = { seconds, completed_per_group: completed };
  process.stdout.write(`12-trial sweep on PostgreSQL, ${label.padEnd(26)}: ${seconds.toFixed(1)} s wall, trials completed per group ${completed.join(' + ')}\n`);
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/store.json'), `${JSON.stringify(results, null, 2)}\n`);
