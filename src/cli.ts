import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import Database from 'better-sqlite3';
import { resumeCommand, resumeUsage } from './commands/resume.js';
import { uiMode, type DbChoice } from './commands/session.js';
import { runsCommand, runsUsage } from './commands/runs.js';
import { showCommand, showUsage } from './commands/show.js';
import { trainCommand, trainUsage } from './commands/train.js';
import { validateCommand, validateUsage } from './commands/validate.js';
import { nearest } from './config/messages.js';
import { ExitCode, RunnerError, UsageError } from './errors.js';
import { packageVersion } from './version.js';

const usage = `runner: train the report's MNIST network (784 -> 32 sigmoid -> 10 softmax, plain SGD)
from declarative YAML experiments, recording every epoch in SQLite.

Usage:
  runner FILE.yaml [--set key=value]... [--db PATH] [--plain | --json]
                                                               train an experiment
  runner resume [RUN_ID] [--epochs N] [--db PATH]              continue a run exactly
  runner runs [--json]                                         list the runs, newest first
  runner show RUN_ID [--json]                                  one run: config, provenance, epochs
  runner validate FILE.yaml [--set key=value]...               check it, write nothing
  runner COMMAND --help                                        help on a command
  runner --help | --version

Commands:
  train      train an experiment (the default when the first argument is a file)
  resume     continue an interrupted, killed or completed run from its last epoch
  runs       list the runs in the database
  show       show one run
  validate   check an experiment and its data files

The run database is runs/runs.db unless --db PATH or the RUNNER_DB variable says
otherwise; the README documents its tables.

Exit codes: 0 ok, 1 run failed, 2 usage or input error, 130 interrupted
`;

type Options = NonNullable<ParseArgsConfig['options']>;
const help = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;
const db = { db: { type: 'string' } } as const satisfies Options;
const set = { set: { type: 'string', multiple: true } } as const satisfies Options;
const json = { json: { type: 'boolean' } } as const satisfies Options;
const plain = { plain: { type: 'boolean' } } as const satisfies Options;

/**
 * Each command: its help text, its options, the one argument it takes (if any, and
 * whether it may be left out), and what it does with them.
 */
const commands = {
  train: {
    usage: trainUsage,
    options: { ...help, ...set, ...db, ...json, ...plain },
    argument: { name: 'experiment file', optional: false },
    run: (v: Values, file: string) => trainCommand({ file, overrides: v.set ?? [], db: dbChoice(v), ui: uiMode(v) }),
  },
  resume: {
    usage: resumeUsage,
    options: { ...help, ...db, ...json, ...plain, epochs: { type: 'string' }, force: { type: 'boolean' } },
    argument: { name: 'run id', optional: true },
    run: (v: Values, runId: string | undefined) =>
      resumeCommand({ runId, epochs: v.epochs, force: v.force ?? false, db: dbChoice(v), ui: uiMode(v) }),
  },
  runs: {
    usage: runsUsage,
    options: { ...help, ...db, ...json },
    argument: null,
    run: async (v: Values) => runsCommand({ db: dbChoice(v), json: v.json ?? false }),
  },
  show: {
    usage: showUsage,
    options: { ...help, ...db, ...json },
    argument: { name: 'run id', optional: false },
    run: async (v: Values, runId: string) => showCommand({ runId, db: dbChoice(v), json: v.json ?? false }),
  },
  validate: {
    usage: validateUsage,
    options: { ...help, ...set, ...json },
    argument: { name: 'experiment file', optional: false },
    run: async (v: Values, file: string) => validateCommand({ file, overrides: v.set ?? [], json: v.json ?? false }),
  },
} as const satisfies Record<
  string,
  {
    usage: string;
    options: Options;
    argument: { name: string; optional: boolean } | null;
    run: (v: Values, argument: string) => Promise<number> | number;
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
  force?: boolean;
  help?: boolean;
}

function dbChoice(v: Values): DbChoice {
  if (v.db === '') throw new UsageError('runner: --db needs a path (see runner --help)');
  if (v.db !== undefined) return { path: v.db, fromFlag: true };
  return { path: process.env.RUNNER_DB || 'runs/runs.db', fromFlag: false };
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
    process.stdout.write(command.usage);
    return ExitCode.ok;
  }
  const { argument } = command;
  const given = parsed.positionals;
  if (argument === null && given.length > 0) throw new UsageError(`runner ${name}: takes no arguments, got ${given.join(' ')}`);
  if (argument !== null && given.length > 1) {
    throw new UsageError(`runner ${name}: one ${argument.name} at a time, got ${given.length}: ${given.join(' ')}`);
  }
  if (argument !== null && !argument.optional && given.length === 0) {
    throw new UsageError(`runner ${name}: missing the ${argument.name} (see runner ${name} --help)`);
  }
  // Checked just above: an argument is here unless the command may go without.
  return (command.run as (v: Values, argument: string | undefined) => Promise<number> | number)(values, given[0]);
}

/** node:util parseArgs' errors, said shortly. */
function argumentProblem(e: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `${option} needs a value`;
  return e.message.split('\n')[0]!;
}

/**
 * The one place errors become exit codes: a RunnerError prints its lines (no stack) and
 * exits with its code; anything else is a bug and prints its stack, exit 1.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof RunnerError) {
    for (const line of error.lines) process.stderr.write(`${line}\n`);
    return error.exitCode;
  }
  if (error instanceof Database.SqliteError) {
    // The database failed under us (locked past the busy timeout, disk full, read-only):
    // not a bug of ours, and every committed epoch is safe.
    process.stderr.write(`runner: the run database failed: ${error.message} (${error.code})\n`);
    return ExitCode.runFailed;
  }
  process.stderr.write(`runner: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return ExitCode.runFailed;
}

// `runner … | head` closes stdout early: keep training and recording, stop printing.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = exitCodeFor(error);
  },
);
