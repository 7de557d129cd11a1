import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nearest } from './config/messages.js';
import { ExitCode, UsageError } from './errors.js';
import { exitCodeFor } from './commands/exit-code.js';
import { packageVersion } from './version.js';
import type { DbChoice } from './store/open.js';
import type { UiMode } from './commands/session.js';

const usage = `runner: train the report's MNIST network (784 -> 32 sigmoid -> 10 softmax, plain SGD)
from declarative YAML experiments, recording every epoch in SQLite (or PostgreSQL).

Usage:
  runner FILE.yaml [--set key=value]... [--db PATH|URL] [--jobs N] [--plain | --json]
                                                         train an experiment (or a sweep)
  runner resume [RUN_ID] [--epochs N] [--force] [--experiment FILE.yaml]
                                                         continue a run exactly
  runner runs [--json]                                   list the runs, newest first
  runner show RUN_ID [--json]                            one run: config, provenance, epochs
  runner compare RUN_ID RUN_ID... | --sweep ID [--csv | --json] [--svg FILE]
                                                         runs side by side, with a chart
  runner eval RUN_ID [--epoch N] [--json]                test accuracy and cross-entropy
  runner predict RUN_ID TEST_INDEX [--epoch N] [--json]  recognise one test image
  runner export RUN_ID [--epoch N] -o FILE.npz [--dtype float32]
                                                         weights as NumPy's .npz
  runner import FILE.npz [--name NAME] [--experiment FILE.yaml] [--json]
                                                         weights from an .npz, as a run
  runner sweep SWEEP_ID [--csv | --json]                 a sweep's trials, best first
  runner copy --from DB --to DB [RUN_ID... | --sweep ID] [--force]
                                                         copy runs between stores
  runner validate FILE.yaml [--set key=value]...         check it, write nothing
  runner ui [--port N] [--host ADDRESS]                  a dashboard in the browser, live
  runner COMMAND --help                                  help on a command
  runner --help | --version

Commands:
  train      train an experiment (the default when the first argument is a file)
  resume     continue an interrupted, killed or completed run from its last epoch
  runs       list the runs in the database
  show       show one run
  compare    the settings that differ and the per-epoch losses of several runs
  eval       score a run's weights on the test images, and store the result
  predict    the digit a run's weights see in one test image
  export     write a run's weights as an .npz file (np.load reads it)
  import     store weights from an .npz file as a run (status imported)
  sweep      the trials of a sweep (an experiment with a sweep block), best first
  copy       copy runs and sweeps between stores (SQLite files, PostgreSQL), bit for bit
  validate   check an experiment and its data files
  ui         serve a read-only dashboard of the runs on http://127.0.0.1:8765/

The run store is runs/runs.db unless --db (on every command but validate and copy) or
the RUNNER_DB variable says otherwise: a SQLite file's path, or a PostgreSQL URL
(postgresql://user[:password]@host[:port]/db) that runners on many machines share. The
README documents its tables.

Exit codes: 0 ok, 1 run failed, 2 usage or input error, 130 interrupted
`;

type Options = NonNullable<ParseArgsConfig['options']>;
const help = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;
const db = { db: { type: 'string' } } as const satisfies Options;
const set = { set: { type: 'string', multiple: true } } as const satisfies Options;
const json = { json: { type: 'boolean' } } as const satisfies Options;
const plain = { plain: { type: 'boolean' } } as const satisfies Options;
const epoch = { epoch: { type: 'string' } } as const satisfies Options;

/**
 * Each command: its help text, its options, the arguments it takes (what they are called
 * and how many), and what it does with them. A command's module (and what it imports: the
 * store, YAML, the dashboard's server) is loaded only when that command runs, so a
 * training run does not wait for modules it never uses.
 */
const commands = {
  train: {
    usage: async () => (await import('./commands/train.js')).trainUsage,
    options: { ...help, ...set, ...db, ...json, ...plain, jobs: { type: 'string' } },
    args: { name: 'experiment file', min: 1, max: 1 },
    run: async (v: Values, [file]: string[]) =>
      (await import('./commands/train.js')).trainCommand({ file: file!, overrides: v.set ?? [], db: await dbChoice(v), ui: await uiMode(v), jobs: v.jobs }),
  },
  resume: {
    usage: async () => (await import('./commands/resume.js')).resumeUsage,
    options: { ...help, ...db, ...json, ...plain, epochs: { type: 'string' }, force: { type: 'boolean' }, experiment: { type: 'string' } },
    args: { name: 'run id', min: 0, max: 1 },
    run: async (v: Values, [runId]: string[]) =>
      (await import('./commands/resume.js')).resumeCommand({
        runId,
        epochs: v.epochs,
        force: v.force ?? false,
        experiment: v.experiment,
        db: await dbChoice(v),
        ui: await uiMode(v),
      }),
  },
  runs: {
    usage: async () => (await import('./commands/runs.js')).runsUsage,
    options: { ...help, ...db, ...json },
    args: { name: '', min: 0, max: 0 },
    run: async (v: Values) => (await import('./commands/runs.js')).runsCommand({ db: await dbChoice(v), json: v.json ?? false }),
  },
  show: {
    usage: async () => (await import('./commands/show.js')).showUsage,
    options: { ...help, ...db, ...json },
    args: { name: 'run id', min: 1, max: 1 },
    run: async (v: Values, [runId]: string[]) => (await import('./commands/show.js')).showCommand({ runId: runId!, db: await dbChoice(v), json: v.json ?? false }),
  },
  compare: {
    usage: async () => (await import('./commands/compare.js')).compareUsage,
    options: { ...help, ...db, ...json, csv: { type: 'boolean' }, svg: { type: 'string' }, force: { type: 'boolean' }, sweep: { type: 'string' } },
    args: { name: 'run ids', min: 0, max: Infinity },
    run: async (v: Values, runIds: string[]) =>
      (await import('./commands/compare.js')).compareCommand({
        runIds,
        sweep: v.sweep,
        db: await dbChoice(v),
        json: v.json ?? false,
        csv: v.csv ?? false,
        svg: v.svg,
        force: v.force ?? false,
      }),
  },
  eval: {
    usage: async () => (await import('./commands/eval.js')).evalUsage,
    options: { ...help, ...db, ...json, ...epoch },
    args: { name: 'run id', min: 1, max: 1 },
    run: async (v: Values, [runId]: string[]) =>
      (await import('./commands/eval.js')).evalCommand({ runId: runId!, epoch: v.epoch, db: await dbChoice(v), json: v.json ?? false }),
  },
  predict: {
    usage: async () => (await import('./commands/predict.js')).predictUsage,
    options: { ...help, ...db, ...json, ...epoch },
    args: { name: 'run id and test index', min: 2, max: 2 },
    run: async (v: Values, [runId, index]: string[]) =>
      (await import('./commands/predict.js')).predictCommand({ runId: runId!, index: index!, epoch: v.epoch, db: await dbChoice(v), json: v.json ?? false }),
  },
  export: {
    usage: async () => (await import('./commands/export.js')).exportUsage,
    options: { ...help, ...db, ...epoch, output: { type: 'string', short: 'o' }, dtype: { type: 'string' }, force: { type: 'boolean' } },
    args: { name: 'run id', min: 1, max: 1 },
    run: async (v: Values, [runId]: string[]) =>
      (await import('./commands/export.js')).exportCommand({
        runId: runId!,
        epoch: v.epoch,
        output: v.output,
        dtype: v.dtype,
        force: v.force ?? false,
        db: await dbChoice(v),
      }),
  },
  import: {
    usage: async () => (await import('./commands/import.js')).importUsage,
    options: { ...help, ...db, ...json, name: { type: 'string' }, experiment: { type: 'string' } },
    args: { name: '.npz file', min: 1, max: 1 },
    run: async (v: Values, [file]: string[]) =>
      (await import('./commands/import.js')).importCommand({ file: file!, name: v.name, experiment: v.experiment, db: await dbChoice(v), json: v.json ?? false }),
  },
  sweep: {
    usage: async () => (await import('./commands/sweep.js')).sweepUsage,
    options: { ...help, ...db, ...json, csv: { type: 'boolean' } },
    args: { name: 'sweep id', min: 1, max: 1 },
    run: async (v: Values, [sweepId]: string[]) =>
      (await import('./commands/sweep.js')).sweepCommand({ sweepId: sweepId!, db: await dbChoice(v), json: v.json ?? false, csv: v.csv ?? false }),
  },
  worker: {
    usage: async () => (await import('./commands/worker.js')).workerUsage,
    options: { ...help, ...db },
    args: { name: '', min: 0, max: 0 },
    run: async (v: Values) => (await import('./commands/worker.js')).workerCommand({ db: await dbChoice(v) }),
  },
  copy: {
    usage: async () => (await import('./commands/copy.js')).copyUsage,
    options: { ...help, ...json, from: { type: 'string' }, to: { type: 'string' }, sweep: { type: 'string' }, force: { type: 'boolean' } },
    args: { name: 'run ids', min: 0, max: Infinity },
    run: async (v: Values, runIds: string[]) =>
      (await import('./commands/copy.js')).copyCommand({ from: v.from, to: v.to, runIds, sweep: v.sweep, force: v.force ?? false, json: v.json ?? false }),
  },
  validate: {
    usage: async () => (await import('./commands/validate.js')).validateUsage,
    options: { ...help, ...set, ...json },
    args: { name: 'experiment file', min: 1, max: 1 },
    run: async (v: Values, [file]: string[]) => (await import('./commands/validate.js')).validateCommand({ file: file!, overrides: v.set ?? [], json: v.json ?? false }),
  },
  ui: {
    usage: async () => (await import('./commands/ui.js')).uiUsage,
    options: { ...help, ...db, port: { type: 'string' }, host: { type: 'string' }, 'allowed-host': { type: 'string', multiple: true } },
    args: { name: '', min: 0, max: 0 },
    run: async (v: Values) =>
      (await import('./commands/ui.js')).uiCommand({ db: await dbChoice(v), port: v.port, host: v.host, allowedHosts: v['allowed-host'] ?? [] }),
  },
} as const satisfies Record<
  string,
  {
    usage: () => Promise<string>;
    options: Options;
    args: { name: string; min: number; max: number };
    run: (v: Values, args: string[]) => Promise<number>;
  }
>;
type Command = keyof typeof commands;

/** The union of every command's option values. */
interface Values {
  set?: string[];
  db?: string;
  json?: boolean;
  plain?: boolean;
  epochs?: string;
  epoch?: string;
  force?: boolean;
  experiment?: string;
  csv?: boolean;
  svg?: string;
  output?: string;
  dtype?: string;
  name?: string;
  jobs?: string;
  sweep?: string;
  from?: string;
  to?: string;
  port?: string;
  host?: string;
  'allowed-host'?: string[];
  help?: boolean;
}

async function dbChoice(v: Values): Promise<DbChoice> {
  if (v.db === '') throw new UsageError('runner: --db needs a path (see runner --help)');
  const { dbChoice: storeChoice } = await import('./store/open.js');
  if (v.db !== undefined) return storeChoice(v.db, true);
  return storeChoice(process.env.RUNNER_DB || 'runs/runs.db', false);
}

async function uiMode(v: Values): Promise<UiMode> {
  return (await import('./commands/session.js')).uiMode(v);
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--version' || first === '-V') {
    process.stdout.write(`runner ${packageVersion()}\n`);
    return ExitCode.ok;
  }
  if (first === undefined || first === '--help' || first === '-h') {
    (first === undefined ? process.stderr : process.stdout).write(usage);
    return first === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const named = Object.hasOwn(commands, first) ? (first as Command) : undefined;
  const typo = named ? undefined : nearest(first, Object.keys(commands));
  if (typo && !existsSync(first)) throw new UsageError(`runner: unknown command "${first}"; did you mean "${typo}"?`);
  const name: Command = named ?? 'train';
  const command = commands[name];

  let parsed;
  try {
    parsed = parseArgs({ args: named ? argv.slice(1) : argv, options: command.options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`runner ${name}: ${argumentProblem(e as Error & { code?: string })} (see runner ${name} --help)`);
  }
  const values = parsed.values as Values;
  if (values.help) {
    process.stdout.write(await command.usage());
    return ExitCode.ok;
  }
  const { args } = command;
  const given = parsed.positionals;
  if (args.max === 0 && given.length > 0) throw new UsageError(`runner ${name}: takes no arguments, got ${given.join(' ')}`);
  const count = args.min === args.max ? `${args.min}` : `${args.min} or more`;
  if (given.length > args.max) {
    throw new UsageError(
      args.max === 1
        ? `runner ${name}: one ${args.name} at a time, got ${given.length}: ${given.join(' ')}`
        : `runner ${name}: takes ${args.max} arguments (${args.name}), got ${given.length}: ${given.join(' ')}`,
    );
  }
  if (given.length < args.min) {
    throw new UsageError(
      args.min === 1
        ? `runner ${name}: missing the ${args.name} (see runner ${name} --help)`
        : `runner ${name}: needs ${count} arguments (${args.name}), got ${given.length} (see runner ${name} --help)`,
    );
  }
  return command.run(values, given);
}

/** node:util parseArgs' errors, said shortly. */
function argumentProblem(e: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `${option} needs a value`;
  return e.message.split('\n')[0]!;
}

// `runner … | head` closes stdout early, and a sweep's trial outlives the process reading
// its output if that one is killed: keep training and recording, stop printing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = exitCodeFor(error);
  },
);
