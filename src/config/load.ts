import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Document, isMap, isScalar, isSeq, LineCounter, parse as parseYamlValue, parseDocument, visit, type YAMLError } from 'yaml';
import { ConfigError } from '../errors.js';
import type { Experiment } from './experiment.generated.js';
import { displayPath, noSuchItem, parseKeyPath } from './paths.js';
import { experimentProblems } from './rules.js';

/** A validated experiment, with what a run records about where it came from. */
export interface LoadedExperiment {
  experiment: Experiment;
  /** The file as the user named it, for messages. */
  file: string;
  /** Its folder: data paths are relative to it. */
  dir: string;
  /** The file's text, verbatim. */
  yaml: string;
  /** The --set overrides, as given (`learning_rate=0.1`). */
  overrides: string[];
  /** The top-level keys the file and the overrides gave, before defaults were filled in. */
  given: ReadonlySet<string>;
  /** Where a key path came from: `file:line:col`, or `--set key=value`. */
  where(path: readonly string[]): string;
}

/** Reads, overrides and validates an experiment file. Throws ConfigError with one line per problem. */
export function loadExperiment(file: string, overrides: readonly string[] = []): LoadedExperiment {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new ConfigError([`${file}: cannot read the experiment: ${why}`]);
  }
  return parseExperiment(text, file, overrides, dirname(resolve(file)));
}

/** As loadExperiment, from text already read. */
export function parseExperiment(
  text: string,
  file: string,
  overrides: readonly string[] = [],
  dir: string = process.cwd(),
): LoadedExperiment {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => `${at(e.pos[0])}: ${yamlErrorMessage(e, text)}`));
  }

  const setBy = applyOverrides(doc, overrides);
  /** The override that set a key path, an ancestor of it, or a key inside it, if one did. */
  const setter = (path: readonly string[]): string | undefined => {
    const key = path.join('.');
    for (const [set, by] of setBy) {
      if (key === set || key.startsWith(`${set}.`) || (key !== '' && set.startsWith(`${key}.`))) return by;
    }
    return undefined;
  };
  const where = (path: readonly string[], pointAt: 'key' | 'value' = 'value'): string => {
    const by = setter(path);
    return by === undefined ? at(offsetOf(doc, path, pointAt)) : `--set ${by}`;
  };

  const value = toPlainValue(doc, at);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([
      `${at(offsetOf(doc, []))}: an experiment is a mapping of keys (name, units, batch_size, epochs, learning_rate, …)`,
    ]);
  }

  const given = new Set(Object.keys(value));
  // A halving sweep's trials train to halving.max_epochs, by rungs: epochs may be left out
  // (without a max_epochs, that key's own error says what is missing).
  const halving = (value as { halving?: unknown }).halving;
  if (!given.has('epochs') && halving !== undefined) {
    const max = halving !== null && typeof halving === 'object' ? (halving as { max_epochs?: unknown }).max_epochs : undefined;
    (value as { epochs?: unknown }).epochs = typeof max === 'number' ? max : 1;
  }
  // A sweep replaces its keys in every trial: rules involving them are checked per trial.
  const sweep = (value as { sweep?: unknown }).sweep;
  const deferred = new Set(
    sweep !== null && typeof sweep === 'object' ? Object.keys(sweep).map((k) => String(parseKeyPath(k)?.[0] ?? k)) : [],
  );
  const found = experimentProblems(value, { given, deferred });
  if (found.length > 0) {
    // In file order, then the overrides in the order given.
    const problems = found.map((p) => {
      const by = setter(p.path);
      return {
        where: where(p.path, p.pointAt),
        order: by === undefined ? offsetOf(doc, p.path, p.pointAt) : text.length + overrides.indexOf(by),
        message: p.message,
      };
    });
    problems.sort((a, b) => a.order - b.order);
    throw new ConfigError([...new Set(problems.map((p) => `${p.where}: ${p.message}`))]);
  }
  return { experiment: value as Experiment, file, dir, yaml: text, overrides: [...overrides], given, where };
}

/** yaml's error messages, in our words where theirs are the library's. */
function yamlErrorMessage(e: YAMLError, text: string): string {
  switch (e.code) {
    case 'DUPLICATE_KEY': {
      const key = /^[^:\n]*/.exec(text.slice(e.pos[0]))![0].trim().replace(/^(["'])(.*)\1$/, '$2');
      return `duplicate key "${key}"`;
    }
    case 'MULTIPLE_DOCS':
      return 'one experiment per file: this file holds more than one YAML document (---)';
    default:
      // Without the position yaml appends: we print our own.
      return e.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  }
}

/** The document as plain data; an alias to no anchor is reported where it stands. */
function toPlainValue(doc: Document, at: (offset: number) => string): unknown {
  const unresolved: string[] = [];
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) === undefined) unresolved.push(`${at(alias.range?.[0] ?? 0)}: alias *${alias.source} has no anchor &${alias.source}`);
    },
  });
  if (unresolved.length > 0) throw new ConfigError(unresolved);
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError([`${at(0)}: ${(e as Error).message}`]);
  }
}

/**
 * Applies `key=value` overrides to the document. Values are read as YAML, so
 * `learning_rate=0.1` is a number and `data.normalize=true` a boolean. A key is a path:
 * `data.normalize`, `layers[0].units` (an existing list item), `optimizer.beta1` (a name,
 * `optimizer: adam`, becomes the mapping `{name: adam}` first; likewise `batch_norm: true`
 * becomes `{}` under `layers[0].batch_norm.epsilon`). Setting the whole `layers` replaces
 * the file's units + activation shorthand. Returns which key paths each override set.
 */
function applyOverrides(doc: Document, overrides: readonly string[]): Map<string, string> {
  const setBy = new Map<string, string>();
  const problems: string[] = [];
  for (const override of overrides) {
    const eq = override.indexOf('=');
    const key = eq > 0 ? override.slice(0, eq).trim() : '';
    const path = eq > 0 ? parseKeyPath(key) : null;
    if (eq <= 0 || key === '') {
      problems.push(`--set ${override}: expected key=value, e.g. --set learning_rate=0.1`);
      continue;
    }
    if (path === null) {
      problems.push(`--set ${override}: "${key}" is not a key path; e.g. learning_rate, data.normalize, layers[0].units`);
      continue;
    }
    let value: unknown;
    try {
      value = parseYamlValue(override.slice(eq + 1));
    } catch {
      value = override.slice(eq + 1);
    }
    if (doc.contents === null) doc.contents = doc.createNode({});
    if (!isMap(doc.contents)) break; // reported below: an experiment is a mapping
    const problem = prepareTarget(doc, path);
    if (problem !== undefined) {
      problems.push(`--set ${override}: ${problem}`);
      continue;
    }
    if (path.length === 1 && path[0] === 'layers') {
      for (const shorthand of ['units', 'activation']) if (!setBy.has(shorthand)) doc.delete(shorthand);
    }
    try {
      doc.setIn(path, doc.createNode(value));
    } catch {
      problems.push(`--set ${override}: cannot set ${displayPath(path)} in this experiment`);
      continue;
    }
    setBy.set(path.join('.'), override);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return setBy;
}

/**
 * Checks that every ancestor of `path` can hold the next step (a mapping for a key, a list
 * long enough for an index; missing mappings are created by setIn) and turns a named
 * optimizer into its mapping when a key inside it is set. Returns why not, if it cannot.
 */
function prepareTarget(doc: Document, path: readonly (string | number)[]): string | undefined {
  for (let n = 1; n < path.length; n++) {
    let node = doc.getIn(path.slice(0, n), true);
    if (n === 1 && path[0] === 'optimizer' && isScalar(node) && typeof node.value === 'string') {
      doc.set('optimizer', doc.createNode({ name: node.value }));
      node = doc.getIn(['optimizer'], true);
    }
    if (path[n - 1] === 'batch_norm' && isScalar(node) && typeof node.value === 'boolean') {
      // batch_norm: true (or false) with an epsilon set inside: batch norm with that epsilon.
      doc.setIn(path.slice(0, n), doc.createNode({}));
      node = doc.getIn(path.slice(0, n), true);
    }
    const next = path[n]!;
    if (typeof next === 'number') {
      if (node === undefined || node === null) {
        const shorthand = path[0] === 'layers' && n === 1 && doc.has('units');
        return noSuchItem(path.slice(0, n), next, null) + (shorthand ? " (it has units, the one-layer shorthand: set units, or the whole list, e.g. --set 'layers=[{units: 64}]')" : '');
      }
      if (!isSeq(node)) return `${displayPath(path.slice(0, n))} is not a list`;
      if (next >= node.items.length) return noSuchItem(path.slice(0, n), next, node.items.length);
    } else if (node !== undefined && node !== null && !isMap(node)) {
      return `${displayPath(path.slice(0, n))} is not a mapping`;
    }
  }
  return undefined;
}

/**
 * The source offset of a key path: its scalar value, or the key when the value is a block
 * (or `pointAt` is 'key'). A path that is not in the file falls back to its nearest
 * ancestor that is.
 */
function offsetOf(doc: Document, path: readonly string[], pointAt: 'key' | 'value' = 'value'): number {
  for (let n = path.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    if (isSeq(parent) && /^\d+$/.test(path[n - 1]!)) {
      // A list item (a sweep's value): point at the item itself.
      const start = rangeStart(parent.items[Number(path[n - 1])]);
      if (start !== undefined) return start;
      continue;
    }
    if (!isMap(parent)) continue;
    const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === path[n - 1]);
    if (!pair) continue;
    const wantKey = (pointAt === 'key' && n === path.length) || !isScalar(pair.value);
    const start = rangeStart(wantKey ? pair.key : pair.value) ?? rangeStart(pair.key);
    if (start !== undefined) return start;
  }
  return rangeStart(doc.contents) ?? 0;
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
}

/**
 * Validates an experiment stored as JSON (a run's config_json) against today's schema.
 * Problems are reported as `<label>: message`, one per line.
 */
export function validateStoredExperiment(json: string, label: string): Experiment {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ConfigError([`${label}: not valid JSON`]);
  }
  // Stored with its defaults filled in: its activation says nothing about what was written.
  const problems = experimentProblems(value, { given: new Set() });
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${label}: ${p.message}`));
  return value as Experiment;
}
