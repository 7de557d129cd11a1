import { parseArgs } from 'node:util';
import { trainCommand, trainUsage } from './commands/train.js';
import { validateCommand, validateUsage } from './commands/validate.js';
import { ExitCode, RunnerError, UsageError } from './errors.js';
import { packageVersion } from './version.js';

const usage = `runner: train the report's MNIST network (784 -> 32 sigmoid -> 10 softmax, plain SGD)
from declarative YAML experiments, recording every epoch in SQLite.

Usage:
  runner FILE.yaml [--set key=value]... [--db PATH] [--json]   train an experiment
  runner validate FILE.yaml [--set key=value]...               check it, write nothing
  runner COMMAND --help                                        help on a command
  runner --help | --version

Commands:
  train      train an experiment (the default when the first argument is a file)
  validate   check an experiment and its data files

The run database is runs/runs.db unless --db PATH or the RUNNER_DB variable says
otherwise; the README documents its tables.

Exit codes: 0 ok, 1 run failed, 2 usage or input error
`;

const commands = ['train', 'validate'] as const;
type Command = (typeof commands)[number];

const options = {
  set: { type: 'string', multiple: true },
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  const command: Command | undefined = commands.find((c) => c === first);
  const rest = command ? argv.slice(1) : argv;

  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`runner: ${argumentProblem(e as Error & { code?: string })} (see runner --help)`);
  }
  const { values, positionals } = parsed;

  if (values.version) {
    process.stdout.write(`runner ${packageVersion()}\n`);
    return ExitCode.ok;
  }
  if (values.help) {
    process.stdout.write(command === 'validate' ? validateUsage : command === 'train' ? trainUsage : usage);
    return ExitCode.ok;
  }
  if (positionals.length === 0) {
    if (command === undefined) {
      process.stderr.write(usage);
      return ExitCode.usage;
    }
    throw new UsageError(`runner ${command}: missing the experiment file (see runner ${command} --help)`);
  }
  if (positionals.length > 1) {
    throw new UsageError(`runner: one experiment file at a time, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const file = positionals[0]!;
  const overrides = values.set ?? [];
  const json = values.json ?? false;

  switch (command ?? 'train') {
    case 'validate':
      if (values.db !== undefined) throw new UsageError('runner validate: --db is not used (validate writes nothing)');
      return validateCommand({ file, overrides, json });
    case 'train':
      return trainCommand({ file, overrides, json, db: values.db ?? process.env.RUNNER_DB ?? 'runs/runs.db' });
  }
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
