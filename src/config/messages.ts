import type { SchemaError } from './schema.js';

/** One problem with an experiment, at a key path, in words a user reads. */
export interface Problem {
  /** Key path into the experiment (['data', 'normalize']). */
  path: string[];
  /** Point at the key (an unknown key) rather than its value. */
  pointAt: 'key' | 'value';
  message: string;
}

/**
 * Turns ajv's errors into one sentence each. A failed `anyOf` becomes one line listing
 * its alternatives, instead of one line per alternative.
 */
export function describeSchemaErrors(errors: readonly SchemaError[]): Problem[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  // A bad property name is said once, by its propertyNames error, not again by the enum inside.
  const kept = errors.filter(
    (e) => !anyOfPaths.some((prefix) => e.schemaPath.startsWith(prefix)) && !e.schemaPath.includes('/propertyNames/'),
  );
  // ajv reports each missing partner of a dependentRequired key apart; say them in one line.
  const missingPartners = new Map<string, { problem: Problem; names: string[] }>();
  const problems: Problem[] = [];
  for (const e of kept) {
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
    entry.problem.message = `${path.join('.')} needs ${entry.names.join(', ')} too (the data files come as a set of four)`;
  }
  return problems;
}

function describe(e: SchemaError): Problem {
  const path = pointerToPath(e.instancePath);
  const name = path.join('.');
  const at = (message: string, pointAt: Problem['pointAt'] = 'value'): Problem => ({ path, pointAt, message });
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return at(`missing required key "${qualified(path, String(params.missingProperty))}"`);
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
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
      return at(params.limit === 1 ? `${name} must list at least one value` : `${name} must list at least ${String(params.limit)} values`);
    case 'minProperties':
      return at(`${name} must name at least one key`);
    case 'propertyNames': {
      // sweep: a key that is not a key of the experiment
      const key = String(params.propertyName);
      const known = ((e.parentSchema as { propertyNames?: { enum?: string[] } } | undefined)?.propertyNames?.enum ?? []).map(String);
      const hint = nearest(key, known);
      return {
        path: [...path, key],
        pointAt: 'key',
        message: `sweep: "${key}" is not a key that can be swept` + (hint ? `; did you mean "${hint}"?` : `; these can: ${known.join(', ')}`),
      };
    }
    case 'enum':
      return at(`${name} must be one of ${(params.allowedValues as unknown[]).map(show).join(', ')} (got ${show(e.data)})`);
    case 'const':
      return at(`${name} must be ${show(params.allowedValue)} (got ${show(e.data)})`);
    case 'anyOf': {
      const branches = (e.schema as object[]).map(describeSchema);
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
  return [...parent, key].join('.');
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
