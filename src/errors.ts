/**
 * Every error a user can cause or meet, each with the exit code it maps to. The CLI maps
 * them in one place (cli.ts); anything else is a bug and prints its stack.
 */

/** Exit codes, as a user of MLflow, Hydra or Keras would expect them. */
export const ExitCode = {
  ok: 0,
  runFailed: 1,
  usage: 2,
  interrupted: 130,
} as const;

export abstract class RunnerError extends Error {
  abstract readonly exitCode: number;
  /** One line per problem, already formatted (`file:line:col: message`). */
  get lines(): string[] {
    return [this.message];
  }
}

/** Bad command-line usage: unknown command or flag, missing argument. */
export class UsageError extends RunnerError {
  readonly exitCode = ExitCode.usage;
}

/** The experiment file (or a --set override) is unreadable or invalid. */
export class ConfigError extends RunnerError {
  readonly exitCode = ExitCode.usage;
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
  override get lines(): string[] {
    return this.problems;
  }
}

/** A data file is missing, truncated, not IDX, or does not match its partner. */
export class DataError extends RunnerError {
  readonly exitCode = ExitCode.usage;
}

/** The run database cannot be opened or has an unexpected shape. */
export class StoreError extends RunnerError {
  readonly exitCode = ExitCode.usage;
}

/** Training itself failed (a NaN loss, or an exception mid-run); the run is marked failed. */
export class RunFailedError extends RunnerError {
  readonly exitCode = ExitCode.runFailed;
  constructor(readonly runId: number, readonly reason: string) {
    super(`run ${runId} failed: ${reason}`);
  }
}

/**
 * The store stopped answering mid-run (a server restart, a network drop) and did not come
 * back within the retry window. Every epoch committed before is kept; the run resumes.
 */
export class StoreUnavailableError extends RunnerError {
  readonly exitCode = ExitCode.runFailed;
}
