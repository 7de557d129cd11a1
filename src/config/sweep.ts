import type { Experiment } from './experiment.generated.js';
import { ConfigError } from '../errors.js';
import type { LoadedExperiment } from './load.js';
import { isPathPrefix, noSuchItem, parseKeyPath } from './paths.js';
import { experimentProblems } from './rules.js';

/** One point of a sweep: the experiment with the swept keys set (and its seed, with repeat). */
export interface Trial {
  /** Its place in the grid, from 0: the order of the sweep block's keys and lists, repeats innermost. */
  index: number;
  /** The swept keys' values (and seed, with repeat > 1), e.g. {learning_rate: 0.01, units: 32}. */
  values: Record<string, unknown>;
  /** The validated experiment the trial trains, without sweep and repeat; its name carries the values. */
  experiment: Experiment;
}

/** The most trials a sweep may have: each is a process and a run. */
export const MAX_TRIALS = 10_000;

/** Whether an experiment describes a sweep (several trials) rather than one run. */
export function isSweep(experiment: Experiment): boolean {
  return experiment.sweep !== undefined || experiment.repeat !== undefined;
}

/**
 * The trials of a sweep: the Cartesian product of the sweep block's lists, each point
 * repeated with seeds seed … seed + repeat − 1. Every listed value is checked as part of a
 * whole experiment (the schema and the rules across keys); a bad one is reported at its own
 * line:col. A key is a path: `data.normalize`, `layers[0].units`, `optimizer.beta1`.
 */
export function expandTrials(loaded: LoadedExperiment): Trial[] {
  const { sweep: block = {}, repeat = 1, ...base } = loaded.experiment;
  const keys = Object.keys(block);
  const drawn = keys.filter((key) => !Array.isArray(block[key]));
  if (drawn.length > 0) {
    throw new ConfigError(drawn.map((key) => `${loaded.where(['sweep', key])}: sweep.${key}: a distribution needs sweep_method: random (a grid takes a list of values)`));
  }
  const sweep = block as Record<string, unknown[]>;
  // The schema's propertyNames admit only well-formed paths.
  const paths = new Map(keys.map((key) => [key, parseKeyPath(key) ?? [key]]));
  const problems: string[] = [];
  for (const override of loaded.overrides) {
    const set = parseKeyPath(override.slice(0, override.indexOf('=')).trim());
    const swept = set && keys.find((key) => isPathPrefix(paths.get(key)!, set));
    if (swept !== undefined && swept !== null) {
      problems.push(`--set ${override}: ${swept} is swept; the sweep block's values would replace it`);
    }
  }
  for (const key of keys) {
    const outer = keys.find((other) => other !== key && isPathPrefix(paths.get(other)!, paths.get(key)!));
    if (outer !== undefined) {
      problems.push(`${loaded.where(['sweep', key])}: sweep: "${key}" is inside "${outer}", which is swept too; sweep one or the other`);
      continue;
    }
    const missing = missingItem(base, paths.get(key)!);
    if (missing !== undefined) problems.push(`${loaded.where(['sweep', key])}: sweep: "${key}": ${missing}`);
  }
  const size = keys.reduce((n, key) => n * sweep[key]!.length, repeat);
  if (size > MAX_TRIALS) problems.push(`${loaded.where(['sweep'])}: ${size} trials; a sweep may have at most ${MAX_TRIALS}`);
  if (problems.length > 0) throw new ConfigError(problems);

  const tops = (ks: readonly string[]) => new Set(ks.map((k) => String(paths.get(k)![0])));
  for (const key of keys) {
    // Rules that involve another swept key wait for the whole trials, below.
    const deferred = tops(keys.filter((k) => k !== key));
    const given = givenKeys(loaded, [key]);
    sweep[key]!.forEach((value, i) => {
      const candidate = withValue(base, paths.get(key)!, value);
      for (const message of schemaProblems(candidate, given, deferred)) {
        problems.push(`${loaded.where(['sweep', key, String(i)])}: sweep.${key}[${i}]: ${message}`);
      }
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const trials: Trial[] = [];
  const given = givenKeys(loaded, keys);
  const points = cartesian(keys.map((key) => sweep[key]!));
  for (const point of points) {
    for (let r = 0; r < repeat; r++) {
      const values: Record<string, unknown> = Object.fromEntries(keys.map((key, k) => [key, point[k]]));
      let experiment = keys.reduce((e, key, k) => withValue(e, paths.get(key)!, point[k]), structuredClone(base) as Experiment);
      if (repeat > 1) {
        // repeat counts from the point's seed: the swept one, or the experiment's.
        const seed = experiment.seed + r;
        values.seed = seed;
        experiment = withValue(experiment, ['seed'], seed);
      }
      const label = Object.entries(values)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(',');
      experiment.name = label ? `${base.name}[${label}]` : base.name;
      const together = schemaProblems(experiment, given, new Set());
      if (together.length > 0) {
        // Each value passed alone; together they may not (a seed pushed past its maximum by repeat).
        throw new ConfigError([`${loaded.where([repeat > 1 ? 'repeat' : 'sweep'])}: trial ${trials.length} (${label}): ${together.join('; ')}`]);
      }
      trials.push({ index: trials.length, values, experiment });
    }
  }
  return trials;
}

/**
 * The top-level keys a trial's experiment was given, for the rule on activation with
 * layers: the file's, except the units + activation shorthand when layers is swept (a
 * swept layers list replaces it), plus the swept keys.
 */
function givenKeys(loaded: LoadedExperiment, swept: readonly string[]): Set<string> {
  const given = new Set(loaded.given);
  if (swept.includes('layers')) for (const shorthand of ['units', 'activation']) given.delete(shorthand);
  for (const key of swept) given.add(String(parseKeyPath(key)?.[0] ?? key));
  return given;
}

/** Why a swept path's list item (`layers[2].units`) is not in the experiment, if it is not. */
function missingItem(experiment: object, path: readonly (string | number)[]): string | undefined {
  let at: unknown = experiment;
  for (let n = 0; n < path.length; n++) {
    const step = path[n]!;
    if (typeof step === 'number') {
      if (!Array.isArray(at)) {
        const shorthand = path[0] === 'layers' && n === 1 && 'units' in experiment;
        return noSuchItem(path.slice(0, n), step, null) + (shorthand ? ' (it has units, the one-layer shorthand: sweep units, or whole layers lists)' : '');
      }
      if (step >= at.length) return noSuchItem(path.slice(0, n), step, at.length);
    }
    if (at === null || typeof at !== 'object') return undefined; // not a list path; the schema speaks
    at = (at as Record<string | number, unknown>)[step];
  }
  return undefined;
}

/**
 * A copy of `experiment` with the key at `path` set to `value`. Swept `layers` replace the
 * units + activation shorthand; a key inside a named optimizer (`optimizer: adam`) turns
 * it into its mapping (`{name: adam}`) first.
 */
function withValue(experiment: Omit<Experiment, 'sweep' | 'repeat'>, path: readonly (string | number)[], value: unknown): Experiment {
  const copy = structuredClone(experiment) as unknown as Record<string, unknown>;
  if (path.length === 1 && path[0] === 'layers') {
    delete copy.units;
    delete copy.activation;
  }
  if (path.length > 1 && path[0] === 'optimizer' && typeof copy.optimizer === 'string') copy.optimizer = { name: copy.optimizer };
  let at = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) {
    if (at[step] === undefined || at[step] === null || typeof at[step] !== 'object') at[step] = {};
    at = at[step] as Record<string | number, unknown>;
  }
  at[path.at(-1)!] = structuredClone(value);
  return copy as unknown as Experiment;
}

/** The problems with `experiment` as a whole (filling in its defaults). */
function schemaProblems(experiment: Experiment, given: ReadonlySet<string>, deferred: ReadonlySet<string>): string[] {
  return experimentProblems(experiment, { given, deferred }).map((p) => p.message);
}

/** Every combination of one value from each list, the last list varying fastest. */
function cartesian(lists: readonly (readonly unknown[])[]): unknown[][] {
  return lists.reduce<unknown[][]>((points, list) => points.flatMap((p) => list.map((v) => [...p, v])), [[]]);
}
