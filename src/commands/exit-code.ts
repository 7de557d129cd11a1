import { ExitCode, RunnerError } from '../errors.js';

/**
 * The one place errors become exit codes (for the CLI, and for each trial of a sweep's
 * worker): a RunnerError prints its lines (no stack) and gives its code; anything else
 * is a bug and prints its stack, exit 1.
 */
export function exitCodeFor(error: unknown): number {
  if (error instanceof RunnerError) {
    for (const line of error.lines) process.stderr.write(`${line}\n`);
    return error.exitCode;
  }
  process.stderr.write(`runner: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return ExitCode.runFailed;
}
