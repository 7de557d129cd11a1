import { codeVersion } from '../version.js';

let asked: string | undefined;

/**
 * codeVersion(), asked of git once per process: the code a process runs does not change
 * while it runs, and a sweep's worker records it for trial after trial.
 */
export function processCodeVersion(): string {
  asked ??= codeVersion();
  return asked;
}
