import { OPTIMIZERS, OPTIMIZER_NAMES } from './network.js';
import { displayPath } from './paths.js';
import type { SchemaError } from './schema.js';

/** One problem with an experiment, at a key path, in words a user reads. */
export interface Problem {
  /** Key path into the experiment (['data', 'normalize'], ['layers', '0', 'units']). */
  path: string[];
  /** Point at the key (an unknown key) rather than its value. */
  pointAt: 'key' | 'value';
  message: string;
}

/** How a failed `anyOf` is said: by the one branch that fits the value, by a problem of its own, or as one line listing its alternatives. */
type AnyOfReading = { branch: number } | { problem: Problem } | { collapse: true };

/**
 * Turns ajv's errors into one sentence each. A failed `anyOf` whose value fits one branch
 * (by its type, then by a `const` such as an optimizer's name) is said by that branch's
 * errors; any other becomes one line listing its alternatives, instead of one per alternative.
 */
export function describeSchemaErrors(errors: readonly SchemaError[]): Problem[] {
  const anyOfs = errors
    .filter((e) => e.keyword === 'anyOf')
    .map((e) => ({ error: e, reading: readAnyOf(e) }));
  /** Whether an error lies in a branch of a failed anyOf that does not speak for it. */
  const hidden = (e: SchemaError): boolean =>
    anyOfs.some(({ error: a, reading }) => {
      if (!e.schemaPath.startsWith(`${a.schemaPath}/`)) return false;
      if (e.instancePath !== a.instancePath && !e.instancePath.startsWith(`${a.instancePath}/`)) return false;
      return !('branch' in reading) || !e.schemaPath.startsWith(`${a.schemaPath}/${reading.branch}/`);
    });
  // A bad property name is said once, by its propertyNames error, not again by the enum inside.
  const kept = errors.filter((e) => !hidden(e) && !e.schemaPath.includes('/propertyNames/'));
  // ajv reports each missing partner of a dependentRequired key apart; say them in one line.
  const missingPartners = new Map<string, { problem: Problem; names: string[] }>();
  const problems: Problem[] = [];
  for (const e of kept) {
    if (e.keyword === 'anyOf') {
      const reading = anyOfs.find((a) => a.error === e)!.reading;
      if ('problem' in reading) problems.push(reading.problem);
      else if ('collapse' in reading) problems.push(describe(e));
      continue;
    }
    if (e.keyword !== 'dependentRequired') {
      problems.push(describe(e));
      continue;
    }
    const { property, missingProperty } = e.params as { property: string; missingProperty: string };
    const parent = pointerToPath(e.instancePath);
    const path = [...parent, property];
    let entry = missingPartners.get(path.join('.'));
    if (!entry) {
      entry = { problem: { path, pointAt: 'key', message: '' }, names: [] };
      missingPartners.set(path.join('.'), entry);
      problems.push(entry.problem);
    }
    entry.names.push(qualified(parent, missingProperty));
    entry.problem.message = `${displayPath(path)} needs ${entry.names.join(', ')} too (the data files come as a set of four)`;
  }
  return problems;
}

/**
 * Which branch of a failed anyOf fits its value. Only when every branch declares its `type`:
 * the branches of the value's type; among mappings, the one whose `const` property (an
 * optimizer's `name`) the value matches, or else a problem with that property.
 */
function readAnyOf(e: SchemaError): AnyOfReading {
  const branches = e.schema as Record<string, unknown>[];
  if (!Array.isArray(branches) || !branches.every((b) => typeof b.type === 'string')) return { collapse: true };
  const fits = branches.map((_, i) => i).filter((i) => typeFits(String(branches[i]!.type), e.data));
  if (fits.length === 1) return { branch: fits[0]! };
  const data: unknown = e.data;
  if (fits.length < 2 || !isRecord(data)) return { collapse: true };
  const consts = fits.map((i) => constProperties(branches[i]!));
  const tag = Object.keys(consts[0]!).find((k) => consts.every((c) => k in c));
  if (tag === undefined) return readByRequiredKey(e, fits.map((i) => branches[i]!), fits);
  const match = fits.filter((_, j) => consts[j]![tag] === data[tag]);
  if (match.length === 1) return { branch: match[0]! };
  const path = pointerToPath(e.instancePath);
  const allowed = consts.map((c) => c[tag]);
  if (!(tag in data)) {
    return { problem: { path, pointAt: 'value', message: `missing required key "${qualified(path, tag)}" (one of ${allowed.map(show).join(', ')})` } };
  }
  const got = data[tag];
  return {
    problem: {
      path: [...path, tag],
      pointAt: 'value',
      message: `${qualified(path, tag)} must be one of ${allowed.map(show).join(', ')} (got ${show(got)})` + didYouMean(got, allowed),
    },
  };
}

/**
 * Mappings told apart by a key only one of them requires (a layer's `units`, `conv` or
 * `pool`): the branch whose key the value has; the first branch when it has none (its
 * errors then say what is missing); a problem when it has several.
 */
function readByRequiredKey(e: SchemaError, branches: Record<string, unknown>[], indices: number[]): AnyOfReading {
  const required = branches.map((b) => (Array.isArray(b.required) ? (b.required as string[]) : []));
  const own = required.map((keys, i) => keys.filter((k) => required.every((other, j) => j === i || !other.includes(k))));
  if (own.some((keys) => keys.length === 0)) return { collapse: true };
  const data = e.data as Record<string, unknown>;
  const present = own.map((keys, i) => (keys.some((k) => k in data) ? i : -1)).filter((i) => i >= 0);
  if (present.length === 0) return { branch: indices[0]! };
  if (present.length === 1) return { branch: indices[present[0]!]! };
  const path = pointerToPath(e.instancePath);
  const keys = present.map((i) => own[i]![0]!);
  return {
    problem: { path, pointAt: 'value', message: `${displayPath(path)} has ${keys.map(show).join(' and ')}: give one of ${own.map((k) => show(k[0]!)).join(', ')}` },
  };
}

/** The properties a schema fixes with `const`: {name: 'adam'}. */
function constProperties(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(properties).filter(([, s]) => 'const' in s).map(([k, s]) => [k, s.const]));
}

function typeFits(type: string, data: unknown): boolean {
  switch (type) {
    case 'object':
      return isRecord(data);
    case 'array':
      return Array.isArray(data);
    case 'integer':
      return Number.isInteger(data);
    case 'null':
      return data === null;
    default:
      return typeof data === type;
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** `; did you mean "adam"?` when a string value is a near miss of one allowed. */
function didYouMean(got: unknown, allowed: readonly unknown[]): string {
  if (typeof got !== 'string') return '';
  const hint = nearest(got, allowed.filter((a): a is string => typeof a === 'string'));
  return hint !== undefined && hint !== got ? `; did you mean "${hint}"?` : '';
}

/** An optimizer's hyper-parameters, in a clause: `adam's hyper-parameters are beta1, beta2, epsilon`. */
function hyperParameters(optimizer: string, own: readonly string[]): string {
  if (own.length === 0) return `${optimizer} has no hyper-parameters`;
  if (own.length === 1) return `${optimizer}'s only hyper-parameter is ${own[0]}`;
  return `${optimizer}'s hyper-parameters are ${own.join(', ')}`;
}

/** An unknown key in an optimizer's mapping: another optimizer's hyper-parameter, a typo, or learning_rate. */
function unknownHyperParameter(path: string[], key: string, optimizer: string, known: readonly string[]): Problem {
  const own = known.filter((k) => k !== 'name');
  const has = hyperParameters(optimizer, own);
  const at = (message: string): Problem => ({ path: [...path, key], pointAt: 'key', message });
  const name = qualified(path, key);
  if (key === 'learning_rate') {
    return at(
      optimizer === 'adadelta'
        ? `${name}: adadelta has no learning rate`
        : `${name}: learning_rate is a top-level key, beside ${displayPath(path)}, not inside it`,
    );
  }
  const owners = OPTIMIZER_NAMES.filter((o) => o !== optimizer && OPTIMIZERS[o].hyper.some((h) => h.key === key));
  if (owners.length > 0) return at(`${name} is a hyper-parameter of ${owners.join(', ')}, not of ${optimizer} (${has})`);
  const hint = nearest(key, own);
  return at(`unknown key "${name}"` + (hint ? `; did you mean "${hint}"?` : '') + ` (${has})`);
}

function describe(e: SchemaError): Problem {
  const path = pointerToPath(e.instancePath);
  const name = displayPath(path);
  const at = (message: string, pointAt: Problem['pointAt'] = 'value'): Problem => ({ path, pointAt, message });
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return at(`missing required key "${qualified(path, String(params.missingProperty))}"`);
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const optimizer = constProperties((e.parentSchema ?? {}) as Record<string, unknown>).name;
      if (typeof optimizer === 'string') return unknownHyperParameter(path, key, optimizer, known);
      const hint = nearest(key, known);
      return {
        path: [...path, key],
        pointAt: 'key',
        message: `unknown key "${qualified(path, key)}"` + (hint ? `; did you mean "${hint}"?` : `; known keys: ${known.join(', ')}`),
      };
    }
    case 'false schema': {
      // dependentSchemas/<other>/properties/<this>: false — this key excludes that one.
      const other = /\/dependentSchemas\/([^/]+)\//.exec(e.schemaPath)?.[1];
      if (name === 'units' && other === 'layers') {
        return at('units cannot be combined with layers: units is the shorthand for one hidden layer; give each layer its units in layers', 'key');
      }
      return at(
        other ? `${name} cannot be combined with ${qualified(path.slice(0, -1), other)}` : `${name} is not allowed here`,
        'key',
      );
    }
    case 'type':
      return at(`${name || 'the experiment'} must be ${typeName(String(params.type))} (got ${show(e.data)})`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return at(`${name} must be ${String(params.comparison)} ${String(params.limit)} (got ${show(e.data)})`);
    case 'minLength':
      return at(`${name} must not be empty`);
    case 'minItems':
      if (name === 'layers') return at('layers must list at least one hidden layer');
      return at(params.limit === 1 ? `${name} must list at least one value` : `${name} must list at least ${String(params.limit)} values`);
    case 'minProperties':
      return at(`${name} must name at least one key`);
    case 'maxProperties': {
      // A sweep's distribution: {log_uniform: [...]}, one kind.
      const keys = e.data !== null && typeof e.data === 'object' ? Object.keys(e.data) : [];
      if (path[0] === 'sweep' && path.length === 2) return at(`${name}: a distribution is one of its kinds, not ${keys.join(' and ')} at once`);
      return at(`${name} must have at most ${String(params.limit)} key${params.limit === 1 ? '' : 's'} (got ${keys.join(', ')})`);
    }
    case 'propertyNames': {
      // sweep: a key that is not a key of the experiment
      // sweep: a key that is not a key of the experiment. The schema lists the plain keys
      // (enum) and gives examples of the patterned ones (layers[0].units), with index 0.
      const key = String(params.propertyName);
      const names = ((e.parentSchema ?? {}) as { propertyNames?: Record<string, unknown> }).propertyNames ?? {};
      const branches = (Array.isArray(names.anyOf) ? names.anyOf : [names]) as Record<string, unknown>[];
      const plain = branches.flatMap((b) => (Array.isArray(b.enum) ? b.enum.map(String) : []));
      const patterned = branches.flatMap((b) => (Array.isArray(b.examples) ? b.examples.map(String) : []));
      const index = /\[(\d+)\]/.exec(key)?.[1] ?? '0';
      const hint = nearest(key, [...plain, ...patterned.map((p) => p.replace('[0]', `[${index}]`))]);
      const listed = [...plain, ...patterned.map((p) => p.replace('[0]', '[N]'))];
      return {
        path: [...path, key],
        pointAt: 'key',
        message: `sweep: "${key}" is not a key that can be swept` + (hint ? `; did you mean "${hint}"?` : `; these can: ${listed.join(', ')}`),
      };
    }
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      return at(`${name} must be one of ${allowed.map(show).join(', ')} (got ${show(e.data)})` + didYouMean(e.data, allowed));
    }
    case 'const':
      return at(`${name} must be ${show(params.allowedValue)} (got ${show(e.data)})`);
    case 'anyOf': {
      const branches = [...new Set((e.schema as object[]).map(describeSchema))];
      return at(`${name} must be ${branches.join(' or ')} (got ${show(e.data)})`);
    }
    default:
      return at(`${name || 'the experiment'} ${e.message ?? 'is invalid'}`);
  }
}

/** A short description of what a (simple) schema accepts: `"fan_in"`, `a number > 0`. */
function describeSchema(schema: object): string {
  const s = schema as Record<string, unknown>;
  if ('const' in s) return show(s.const);
  if (Array.isArray(s.enum)) return `one of ${s.enum.map(show).join(', ')}`;
  const bounds: string[] = [];
  if (s.exclusiveMinimum !== undefined) bounds.push(`> ${String(s.exclusiveMinimum)}`);
  if (s.minimum !== undefined) bounds.push(`>= ${String(s.minimum)}`);
  if (s.exclusiveMaximum !== undefined) bounds.push(`< ${String(s.exclusiveMaximum)}`);
  if (s.maximum !== undefined) bounds.push(`<= ${String(s.maximum)}`);
  return [typeName(String(s.type ?? 'value')), ...bounds].join(' ');
}

/** JSON Schema's type names as a YAML user says them. */
function typeName(type: string): string {
  if (type === 'object') return 'a mapping';
  if (type === 'array') return 'a list';
  return article(type);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function qualified(parent: readonly string[], key: string): string {
  return displayPath([...parent, key]);
}

function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A value as the user wrote it: strings quoted, the rest as YAML would show it. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** The known key closest to `key` by edit distance, if it is close enough to be a typo. */
export function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
