/**
 * The distributions of a random sweep (`sweep_method: random`) and how a trial's values are
 * drawn from them. Pure functions: a draw depends only on the distribution and the uniform
 * it is given, and the uniforms of draw i depend only on (sweep_seed, i).
 *
 * The stream of draw i: a splitmix64 generator started at the 64-bit integer
 * sweep_seed × 2³² + i gives two 64-bit outputs; their four 32-bit halves (low half first,
 * the first output first) are the state s0..s3 of a xoshiro128** generator (src/nn/prng.ts,
 * the generator training uses, but never training's stream). Each distribution key of the
 * sweep block then takes one 53-bit uniform u in [0, 1) (two 32-bit outputs, see
 * Rng.nextFloat), in the block's key order, whatever its kind or value: so adding trials
 * never changes the earlier ones, and a key's draw moves only when a key before it is added
 * or removed.
 */
import { Rng } from '../nn/prng.js';

/** A sweep key's distribution, as the schema admits it: one key of the five. */
export type Distribution =
  | { kind: 'uniform' | 'log_uniform' | 'int_uniform' | 'int_log_uniform'; low: number; high: number }
  | { kind: 'choice'; options: readonly unknown[] };

export const DISTRIBUTION_KINDS = ['log_uniform', 'uniform', 'int_uniform', 'int_log_uniform', 'choice'] as const;

/** The significant digits a continuous draw (uniform, log_uniform) is rounded to. */
export const SIGNIFICANT_DIGITS = 6;

/** A sweep value that is not a list, read as its distribution (the schema has checked its shape); undefined if it is none. */
export function asDistribution(value: unknown): Distribution | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length !== 1) return undefined;
  const [kind, args] = entries[0]!;
  if (!Array.isArray(args)) return undefined;
  if (kind === 'choice') return args.length > 0 ? { kind, options: args } : undefined;
  if (kind === 'uniform' || kind === 'log_uniform' || kind === 'int_uniform' || kind === 'int_log_uniform') {
    const [low, high] = args as unknown[];
    if (args.length !== 2 || typeof low !== 'number' || typeof high !== 'number') return undefined;
    return { kind, low, high };
  }
  return undefined;
}

/** The distribution as the file writes it, for messages: `{log_uniform: [0.0001, 1]}`. */
export function describeDistribution(d: Distribution): string {
  if (d.kind === 'choice') return `{choice: ${JSON.stringify(d.options)}}`;
  return `{${d.kind}: [${d.low}, ${d.high}]}`;
}

/** Why the distribution's range cannot be drawn from, one message per problem (none when it can). */
export function distributionProblems(d: Distribution): string[] {
  if (d.kind === 'choice') return [];
  const { kind, low, high } = d;
  const problems: string[] = [];
  const integer = kind === 'int_uniform' || kind === 'int_log_uniform';
  for (const [end, x] of [['low', low], ['high', high]] as const) {
    if (!Number.isFinite(x)) problems.push(`${end} must be a finite number (got ${x})`);
    else if (integer && !Number.isSafeInteger(x)) problems.push(`${end} must be an integer of at most 2^53 − 1 in size (got ${x})`);
  }
  if (problems.length > 0) return problems;
  if (low > high) problems.push(`low must be <= high (got low ${low}, high ${high})`);
  if ((kind === 'log_uniform' || kind === 'int_log_uniform') && low <= 0) {
    problems.push(`a log range needs low > 0 (got low ${low})`);
  }
  if (kind === 'uniform' && !Number.isFinite(high - low)) problems.push(`the range is too wide to draw from (high − low overflows)`);
  return problems;
}

/** Number(x.toPrecision(6)): what a continuous draw is, so names, tables, YAML and JSON all show the same short value. */
export function roundSignificant(x: number): number {
  return Number(x.toPrecision(SIGNIFICANT_DIGITS));
}

/**
 * The value `d` gives for the uniform u in [0, 1) (its range valid: see distributionProblems):
 * - uniform: low + u × (high − low), rounded to 6 significant digits;
 * - log_uniform: exp(log(low) + u × (log(high) − log(low))), rounded to 6 significant digits;
 * - int_uniform: low + floor(u × (high − low + 1)), every integer of [low, high] equally likely;
 * - int_log_uniform: floor(exp(log(low) + u × (log(high + 1) − log(low)))), a log-uniform over
 *   [low, high + 1) rounded down, so each integer k gets the weight of [k, k + 1);
 * - choice: options[floor(u × options.length)].
 * Every number is then kept within [low, high] (rounding or exp's last bit may step outside).
 */
export function sampleAt(d: Distribution, u: number): unknown {
  if (d.kind === 'choice') return d.options[Math.min(d.options.length - 1, Math.floor(u * d.options.length))];
  const { low, high } = d;
  let x: number;
  switch (d.kind) {
    case 'uniform':
      x = roundSignificant(low + u * (high - low));
      break;
    case 'log_uniform':
      x = roundSignificant(Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))));
      break;
    case 'int_uniform':
      x = low + Math.floor(u * (high - low + 1));
      break;
    case 'int_log_uniform':
      x = Math.floor(Math.exp(Math.log(low) + u * (Math.log(high + 1) - Math.log(low))));
      break;
  }
  return Math.min(high, Math.max(low, x));
}

/** One draw from `d`: one 53-bit uniform from `rng`, whatever the kind. */
export function draw(d: Distribution, rng: Rng): unknown {
  return sampleAt(d, rng.nextFloat());
}

const MASK64 = (1n << 64n) - 1n;

/** splitmix64 (Steele, Lea & Flood; Vigna's constants): the next output, and the state it leaves. */
function splitmix64(state: bigint): [output: bigint, state: bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [z ^ (z >> 31n), next];
}

/**
 * The generator of draw `index` of a random sweep seeded `sweepSeed` (both integers in
 * [0, 2³²)): xoshiro128** with the state splitmix64 gives from sweepSeed × 2³² + index.
 * Distinct (sweepSeed, index) pairs start splitmix64 at distinct states.
 */
export function drawStream(sweepSeed: number, index: number): Rng {
  for (const [name, x] of [['sweep_seed', sweepSeed], ['draw index', index]] as const) {
    if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) throw new RangeError(`${name} must be an integer in [0, 2^32), got ${x}`);
  }
  let state = (BigInt(sweepSeed) << 32n) | BigInt(index);
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  for (let k = 0; k < 2; k++) {
    const [out, next] = splitmix64(state);
    state = next;
    view.setBigUint64(k * 8, out, true); // low 32 bits first: s0 = low(out0), s1 = high(out0), …
  }
  // All zeros (xoshiro's one invalid state) would need two consecutive splitmix64 outputs of 0: it cannot happen.
  return Rng.fromState(bytes);
}

/**
 * Draw `index`'s values: each key of `distributions`, in its order, takes one uniform from
 * drawStream(sweepSeed, index).
 */
export function drawValues(distributions: ReadonlyMap<string, Distribution>, sweepSeed: number, index: number): Map<string, unknown> {
  const rng = drawStream(sweepSeed, index);
  const values = new Map<string, unknown>();
  for (const [key, d] of distributions) values.set(key, draw(d, rng));
  return values;
}

/**
 * Values `d` can give, to validate against the key before any trial is drawn: the lowest
 * and the highest, then a few from inside the range (uniforms chosen not to land on round
 * numbers, so that a continuous range on an integer key shows a non-integer). For choice,
 * its options (checked one by one, as a grid's list is).
 */
export function probeValues(d: Distribution): unknown[] {
  if (d.kind === 'choice') return [...d.options];
  const values = [sampleAt(d, 0), d.high, ...[0.5, 0.137_438_953_5, 0.618_033_988_7, 0.914_159_265_3].map((u) => sampleAt(d, u))];
  return [...new Set(values)];
}
