import type { Experiment } from './experiment.generated.js';
import { ConfigError } from '../errors.js';
import type { LoadedExperiment } from './load.js';
import { describeSchemaErrors } from './messages.js';
import { experimentValidator } from './schema.js';

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
 * repeated with seeds seed … seed + repeat − 1. Every listed value is checked against the
 * schema as part of a whole experiment; a bad one is reported at its own line:col.
 */
export function expandTrials(loaded: LoadedExperiment): Trial[] {
  const { sweep = {}, repeat = 1, ...base } = loaded.experiment;
  const keys = Object.keys(sweep);
  const problems: string[] = [];
  for (const override of loaded.overrides) {
    const key = override.slice(0, override.indexOf('='));
    if (keys.includes(key)) problems.push(`--set ${override}: ${key} is swept; the sweep block's values would replace it`);
  }
  const size = keys.reduce((n, key) => n * sweep[key]!.length, repeat);
  if (size > MAX_TRIALS) problems.push(`${loaded.where(['sweep'])}: ${size} trials; a sweep may have at most ${MAX_TRIALS}`);
  if (problems.length > 0) throw new ConfigError(problems);
  for (const key of keys) {
    sweep[key]!.forEach((value, i) => {
      const candidate = withValue(base, key, value);
      for (const message of schemaProblems(candidate, key)) {
        problems.push(`${loaded.where(['sweep', key, String(i)])}: sweep.${key}[${i}]: ${message}`);
      }
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const trials: Trial[] = [];
  const points = cartesian(keys.map((key) => sweep[key]!));
  for (const point of points) {
    for (let r = 0; r < repeat; r++) {
      const values: Record<string, unknown> = Object.fromEntries(keys.map((key, k) => [key, point[k]]));
      let experiment = keys.reduce((e, key, k) => withValue(e, key, point[k]), structuredClone(base) as Experiment);
      if (repeat > 1) {
        // repeat counts from the point's seed: the swept one, or the experiment's.
        const seed = experiment.seed + r;
        values.seed = seed;
        experiment = withValue(experiment, 'seed', seed);
      }
      const label = Object.entries(values)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(',');
      experiment.name = label ? `${base.name}[${label}]` : base.name;
      if (schemaProblems(experiment, null).length > 0) {
        // Each value passed alone; together they may not (a seed pushed past its maximum by repeat).
        throw new ConfigError([
          `${loaded.where([repeat > 1 ? 'repeat' : 'sweep'])}: trial ${trials.length} (${label}): ${schemaProblems(experiment, null).join('; ')}`,
        ]);
      }
      trials.push({ index: trials.length, values, experiment });
    }
  }
  return trials;
}

/** A copy of `experiment` with a key (`data.normalize` for the nested one) set to `value`. */
function withValue(experiment: Omit<Experiment, 'sweep' | 'repeat'>, key: string, value: unknown): Experiment {
  const copy = structuredClone(experiment) as unknown as Record<string, unknown>;
  const path = key.split('.');
  let at = copy;
  for (const part of path.slice(0, -1)) at = at[part] as Record<string, unknown>;
  at[path.at(-1)!] = structuredClone(value);
  return copy as unknown as Experiment;
}

/** The schema's complaints about `experiment` (filling in its defaults), only those about `key` when given. */
function schemaProblems(experiment: Experiment, key: string | null): string[] {
  const validate = experimentValidator();
  if (validate(experiment)) return [];
  return describeSchemaErrors(validate.errors ?? [])
    .filter((p) => key === null || p.path.join('.') === key || p.path.join('.').startsWith(`${key}.`))
    .map((p) => p.message);
}

/** Every combination of one value from each list, the last list varying fastest. */
function cartesian(lists: readonly (readonly unknown[])[]): unknown[][] {
  return lists.reduce<unknown[][]>((points, list) => points.flatMap((p) => list.map((v) => [...p, v])), [[]]);
}
