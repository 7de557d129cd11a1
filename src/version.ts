import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** The package version. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version;
}

/**
 * What code trained a run: the package version, plus the git commit (and `-dirty`) when
 * the runner runs from a git checkout.
 */
export function codeVersion(): string {
  const git = (...args: string[]) =>
    spawnSync('git', ['-C', new URL('.', root).pathname, ...args], { encoding: 'utf8', timeout: 5000 });
  const head = git('rev-parse', '--short=12', 'HEAD');
  if (head.status !== 0 || !head.stdout.trim()) return packageVersion();
  const dirty = git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== '';
  return `${packageVersion()}+${head.stdout.trim()}${dirty ? '-dirty' : ''}`;
}
