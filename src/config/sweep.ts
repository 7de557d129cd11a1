import type { Experiment } from './experiment.generated.js';
import { ConfigError } from '../errors.js';
import type { LoadedExperiment } from './load.js';
import { isPathPrefix, noSuchItem, parseKeyPath } from './paths.js';
import { experimentProblems } from './rules.js';
import { asDistribution, describeDistribution, distributionProblems, drawValues, probeValues, type Distribution } from './distributions.js';

/** One point of a sweep: the experiment with the swept keys set (and its seed, with repeat). */
export interface Trial {
  /**
   * Its number, from 0. A grid: the order of the sweep block's keys and lists, the last list
   * fastest, repeats innermost. A random sweep: (i × gridSize + g) × repeat + r, for draw i,
   * grid point g of its lists and repeat r.
   */
  index: number;
  /** The swept keys' values, drawn or listed, in the sweep block's order (and seed, with repeat > 1), e.g. {learning_rate: 0.01, units: 32}. */
  values: Record<string, unknown>;
  /** The validated experiment the trial trains, without the sweep's keys (SWEEP_KEYS); its name carries the values. */
  experiment: Experiment;
}

/** The most trials a sweep may have: each is a process and a run. */
export const MAX_TRIALS = 10_000;

/**
 * The keys that describe a sweep rather than a run: no trial's experiment carries them.
 * (halving is read by the sweep's runner from the loaded experiment.)
 */
export const SWEEP_KEYS = ['sweep', 'repeat', 'sweep_method', 'trials', 'sweep_seed', 'halving'] as const;

/** An experiment without the sweep's keys: what every trial starts from. */
type TrialBase = Omit<Experiment, (typeof SWEEP_KEYS)[number]>;

/**
 * Whether an experiment describes a sweep (several trials) rather than one run: it has a
 * sweep block, repeat, or sweep_method: random. trials or sweep_seed alone count too, so
 * that expandTrials refuses them (they need sweep_method: random) rather than one run
 * ignoring them.
 */
export function isSweep(experiment: Experiment): boolean {
  return (
    experiment.sweep !== undefined ||
    experiment.repeat !== undefined ||
    experiment.sweep_method === 'random' ||
    experiment.trials !== undefined ||
    experiment.sweep_seed !== undefined
  );
}

/**
 * The trials of a sweep. A key is a path: `data.normalize`, `layers[0].units`,
 * `optimizer.beta1`.
 *
 * A grid (no sweep_method, or `sweep_method: grid`): the Cartesian product of the sweep
 * block's lists, the last list varying fastest, each point repeated with seeds
 * seed … seed + repeat − 1.
 *
 * A random search (`sweep_method: random`, `trials: N`): the keys whose value is a
 * distribution ({uniform: [a, b]}, {log_uniform: …}, {int_uniform: …}, {int_log_uniform: …},
 * {choice: […]}) are drawn N times, and the keys whose value is a list still form a grid,
 * crossed with the draws: draw i outermost, then the grid's points (last list fastest), then
 * the repeats, so trial (i × gridSize + g) × repeat + r is draw i at point g with seed
 * seed + r. Draw i's values are a pure function of (sweep_seed, i), from a PRNG of their
 * own (drawStream in distributions.ts: splitmix64 from sweep_seed × 2³² + i seeds a
 * xoshiro128**; each distribution key takes one 53-bit uniform, in the block's key order),
 * never training's: a rerun, or another machine, gets the same trials, and raising N
 * appends trials, keeping the first ones' numbers and values. Continuous draws (uniform,
 * log_uniform) are rounded to 6 significant digits (Number(x.toPrecision(6))), so names
 * and tables stay short and the value reads the same in YAML and JSON; int_log_uniform is
 * the floor of a log-uniform over [low, high + 1), kept at most high.
 *
 * Everything is checked before a trial is returned (a ConfigError, one line per problem,
 * each at its key's file:line:col): every listed value and every choice option as part of
 * a whole experiment (the schema and the rules across keys); every distribution's range
 * (low <= high, low > 0 for a log range) and a few of the values it can draw (its ends and
 * some inside: a continuous range on an integer key, or numbers for a key that takes
 * names, is refused at the key); sweep_method: random without trials, trials or sweep_seed
 * without it, a distribution in a grid; at most MAX_TRIALS trials in all. Then every trial,
 * as a whole experiment.
 */
export function expandTrials(loaded: LoadedExperiment): Trial[] {
  const { sweep: block = {}, repeat = 1, sweep_method: method, trials: draws, sweep_seed: sweepSeed = 0 } = loaded.experiment;
  const base = { ...loaded.experiment } as Record<string, unknown>;
  for (const key of SWEEP_KEYS) delete base[key];
  const trialBase = base as TrialBase;
  const random = method === 'random';
  const keys = Object.keys(block);
  const problems: string[] = [];

  // The method, and what it needs.
  const distributions = new Map<string, Distribution>();
  /** The problems of each distribution's range, reported with the rest. */
  const badRanges = new Map<string, string[]>();
  for (const key of keys) {
    const value = block[key];
    if (Array.isArray(value)) continue;
    if (!random) {
      problems.push(`${loaded.where(['sweep', key])}: sweep.${key}: a distribution needs sweep_method: random (a grid takes a list of values)`);
      continue;
    }
    const d = asDistribution(value);
    if (d === undefined) {
      // The schema admits only the five; this is for a value that reached here some other way.
      problems.push(`${loaded.where(['sweep', key])}: sweep.${key}: expected a list or a distribution ({uniform: [low, high]}, {log_uniform: …}, {int_uniform: …}, {int_log_uniform: …}, {choice: […]})`);
      continue;
    }
    const wrong = distributionProblems(d);
    if (wrong.length > 0) badRanges.set(key, wrong.map((message) => `${loaded.where(['sweep', key])}: sweep.${key}: ${describeDistribution(d)}: ${message}`));
    distributions.set(key, d);
  }
  if (random) {
    if (draws === undefined) {
      problems.push(`${loaded.where(['sweep_method'])}: sweep_method: random needs trials: N, how many draws to make (e.g. trials: 20)`);
    }
    if (keys.every((key) => Array.isArray(block[key]))) {
      const none = keys.length === 0 ? 'there is no sweep block' : 'the sweep block has none';
      problems.push(`${loaded.where(['sweep_method'])}: sweep_method: random draws from the sweep block's distributions (e.g. learning_rate: {log_uniform: [1.0e-4, 0.1]}), and ${none}; lists alone are a grid`);
    }
  } else {
    if (draws !== undefined) problems.push(`${loaded.where(['trials'])}: trials is for sweep_method: random (a grid's trials are every combination of its lists)`);
    if (loaded.experiment.sweep_seed !== undefined) problems.push(`${loaded.where(['sweep_seed'])}: sweep_seed is for sweep_method: random (a grid draws nothing)`);
  }

  // The schema's propertyNames admit only well-formed paths.
  const paths = new Map(keys.map((key) => [key, parseKeyPath(key) ?? [key]]));
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
    const missing = missingItem(trialBase, paths.get(key)!);
    if (missing !== undefined) problems.push(`${loaded.where(['sweep', key])}: sweep: "${key}": ${missing}`);
  }
  const listKeys = keys.filter((key) => Array.isArray(block[key]));
  const lists = listKeys.map((key) => block[key] as unknown[]);
  const gridSize = lists.reduce((n, list) => n * list.length, 1);
  const size = (random ? (draws ?? 1) : 1) * gridSize * repeat;
  if (size > MAX_TRIALS) {
    problems.push(
      random
        ? `${loaded.where(['trials'])}: ${size} trials (trials ${draws} × ${gridSize} grid point${gridSize === 1 ? '' : 's'} × repeat ${repeat}); a sweep may have at most ${MAX_TRIALS}`
        : `${loaded.where(['sweep'])}: ${size} trials; a sweep may have at most ${MAX_TRIALS}`,
    );
  }
  if (problems.length > 0) throw new ConfigError([...problems, ...[...badRanges.values()].flat()]);

  // Each key's values alone: every listed value and choice option, and samples of each range.
  const tops = (ks: readonly string[]) => new Set(ks.map((k) => String(paths.get(k)![0])));
  for (const key of keys) {
    // Rules that involve another swept key wait for the whole trials, below.
    const deferred = tops(keys.filter((k) => k !== key));
    const given = givenKeys(loaded, [key]);
    const check = (value: unknown) => schemaProblems(withValue(trialBase, paths.get(key)!, value), given, deferred);
    const d = distributions.get(key);
    if (badRanges.has(key)) {
      problems.push(...badRanges.get(key)!);
      continue;
    }
    if (d === undefined || d.kind === 'choice') {
      const [values, at, label] = d === undefined ? [block[key] as unknown[], [] as string[], ''] : [d.options, ['choice'], '.choice'];
      values.forEach((value, i) => {
        for (const message of check(value)) {
          problems.push(`${loaded.where(['sweep', key, ...at, String(i)])}: sweep.${key}${label}[${i}]: ${message}`);
        }
      });
      continue;
    }
    for (const value of probeValues(d)) {
      const found = check(value);
      if (found.length === 0) continue;
      const what = d.kind === 'int_uniform' || d.kind === 'int_log_uniform' ? 'integers' : 'numbers';
      for (const message of found) {
        problems.push(`${loaded.where(['sweep', key])}: sweep.${key}: ${describeDistribution(d)} draws ${what} such as ${JSON.stringify(value)}; ${message}`);
      }
      break; // one value says it
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  // The trials: draw i, then the grid's points, then the repeats.
  const trials: Trial[] = [];
  const given = givenKeys(loaded, keys);
  const points = cartesian(lists);
  for (let i = 0; i < (random ? draws! : 1); i++) {
    const drawn = random ? drawValues(distributions, sweepSeed, i) : new Map<string, unknown>();
    for (const point of points) {
      const listed = new Map(listKeys.map((key, k) => [key, point[k]]));
      const chosen = keys.map((key) => (drawn.has(key) ? drawn.get(key) : listed.get(key)));
      for (let r = 0; r < repeat; r++) {
        const values: Record<string, unknown> = Object.fromEntries(keys.map((key, k) => [key, chosen[k]]));
        let experiment = keys.reduce((e, key, k) => withValue(e, paths.get(key)!, chosen[k]), structuredClone(trialBase) as Experiment);
        if (repeat > 1) {
          // repeat counts from the point's seed: the swept one, or the experiment's.
          const seed = experiment.seed + r;
          values.seed = seed;
          experiment = withValue(experiment, ['seed'], seed);
        }
        const label = Object.entries(values)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(',');
        experiment.name = label ? `${trialBase.name}[${label}]` : trialBase.name;
        const together = schemaProblems(experiment, given, new Set());
        if (together.length > 0) {
          // Each value passed alone; together they may not (a seed pushed past its maximum by repeat).
          throw new ConfigError([`${loaded.where([repeat > 1 ? 'repeat' : 'sweep'])}: trial ${trials.length} (${label}): ${together.join('; ')}`]);
        }
        trials.push({ index: trials.length, values, experiment });
      }
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
function withValue(experiment: TrialBase, path: readonly (string | number)[], value: unknown): Experiment {
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
