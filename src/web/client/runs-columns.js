import { el } from './dom.js';
import { ago, dateTime, duration, fixed, MISSING, percent, settingValue, shortDateTime } from './format.js';

/*
 * The runs table's columns: what each shows, sorts by and compares for "hide identical
 * columns". A cell is its text (`show`), which `wrap` may put in an element (a link, a
 * badge); the page measures the texts to size its columns, so `show` is the cell's whole
 * visible text.
 */

/** Settings already shown by a column of their own. */
const OWN_COLUMN = new Set(['name', 'epochs', 'optimizer']);

/**
 * @typedef {object} Column
 * @property {string} key data-col and the sort= value
 * @property {string} label
 * @property {string} [title] the header's tooltip
 * @property {boolean} [num] right-aligned tabular figures
 * @property {boolean} [always] never hidden by "hide identical columns"
 * @property {boolean} [swept] a setting some run's sweep varies
 * @property {(run: any) => unknown} value what the column sorts by and "identical" compares (null sorts last)
 * @property {(run: any) => string} show the cell's text
 * @property {(run: any, text: string) => Node} [wrap] the cell's element around its text (default: the text alone)
 */

/** @type {Column[]} */
const LEADING = [
  { key: 'id', label: 'ID', num: true, always: true, value: (r) => r.id, show: (r) => String(r.id) },
  {
    key: 'name',
    label: 'Name',
    always: true,
    value: (r) => r.name.toLowerCase(),
    show: (r) => r.name,
    wrap: (r, text) => el('a', { href: `/run?id=${r.id}`, title: r.name }, text),
  },
  {
    key: 'sweep',
    label: 'Sweep',
    title: 'the sweep a run is a trial of · its trial number',
    value: (r) => (r.sweep_id === null ? null : r.sweep_id * 1e6 + (r.trial ?? 0)),
    show: (r) => (r.sweep_id === null ? MISSING : `${r.sweep_id} · ${r.trial}`),
    wrap: (r, text) => (r.sweep_id === null ? document.createTextNode(text) : el('a', { href: `/sweep?id=${r.sweep_id}`, title: `sweep ${r.sweep_id}, trial ${r.trial}` }, text)),
  },
  {
    key: 'status',
    label: 'Status',
    value: (r) => r.status,
    show: (r) => r.status,
    wrap: (r, text) => el('span', { class: `status status-${r.status}` }, text),
  },
  { key: 'architecture', label: 'Architecture', value: (r) => r.architecture, show: (r) => r.architecture ?? MISSING },
  { key: 'optimizer', label: 'Optimizer', value: (r) => r.optimizer, show: (r) => r.optimizer ?? MISSING },
];

/** @type {Column[]} */
const TRAILING = [
  {
    key: 'epochs',
    label: 'Epochs',
    title: 'epochs done / planned',
    num: true,
    value: (r) => r.epochs_done,
    show: (r) => `${r.epochs_done}/${r.epochs}`,
  },
  {
    key: 'last_cross_entropy',
    label: 'Last CE',
    title: 'training cross-entropy after the last epoch done',
    num: true,
    value: (r) => r.last_cross_entropy,
    show: (r) => fixed(r.last_cross_entropy),
  },
  {
    key: 'best_test_accuracy',
    label: 'Best acc.',
    title: 'the best test accuracy of its evaluations (runner eval)',
    num: true,
    value: (r) => r.best_test_accuracy,
    show: (r) => percent(r.best_test_accuracy),
  },
  {
    key: 'created_at',
    label: 'Created',
    num: true,
    value: (r) => r.created_at,
    show: (r) => shortDateTime(r.created_at),
    wrap: (r, text) => el('time', { datetime: r.created_at, title: `${dateTime(r.created_at)} (${ago(r.created_at)})` }, text),
  },
  {
    key: 'train_seconds',
    label: 'Time',
    title: 'training time (the epochs’ sum)',
    num: true,
    value: (r) => r.train_seconds,
    show: (r) => duration(r.train_seconds),
  },
];

/** Whether two settings' values are the same (JSON values: objects compared as JSON text). */
function sameValue(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A column per setting that differs across the runs or is swept by one of them. */
function settingColumns(runs) {
  const swept = new Set();
  const seen = new Map();
  const differs = new Set();
  for (const run of runs) for (const key of Object.keys(run.swept ?? {})) swept.add(key);
  for (const run of runs) {
    for (const key in run.settings) if (!seen.has(key)) seen.set(key, run.settings[key]);
  }
  for (const [key, first] of seen) {
    // A key a run lacks counts as a difference (an optimizer's own settings).
    if (runs.some((run) => !(run.settings && key in run.settings) || !sameValue(run.settings[key], first))) differs.add(key);
  }
  const keys = [...seen.keys()].filter((k) => !OWN_COLUMN.has(k) && (swept.has(k) || differs.has(k)));
  keys.sort((a, b) => Number(swept.has(b)) - Number(swept.has(a)) || a.localeCompare(b));
  return keys.map((key) => ({
    key: `setting:${key}`,
    label: key,
    title: swept.has(key) ? `${key} (swept)` : key,
    swept: swept.has(key),
    num: runs.some((r) => typeof r.settings?.[key] === 'number'),
    value: (r) => r.settings?.[key] ?? null,
    show: (r) => settingValue(r.settings?.[key]),
  }));
}

/**
 * The columns for these runs: id, name, the sweep (when any run is a trial), status,
 * architecture, optimizer, the settings that tell them apart, then the results.
 * @param {any[]} runs
 * @returns {Column[]}
 */
export function runColumns(runs) {
  const anySweep = runs.some((r) => r.sweep_id !== null);
  return [...LEADING.filter((c) => c.key !== 'sweep' || anySweep), ...settingColumns(runs), ...TRAILING];
}

/**
 * A column header's content; a dotted setting's on two lines ("optimizer." above "beta1"), so the column stays narrow.
 * @param {Column} col
 */
export function headerLabel(col) {
  if (!col.key.startsWith('setting:')) return col.label;
  const label = col.label;
  const dot = label.lastIndexOf('.');
  const prefix = dot > 0 ? el('span', { class: 'prefix' }, label.slice(0, dot + 1)) : null;
  // A long snake_case name may break after its underscores (learning_ / rate).
  const parts = label.slice(dot + 1).split(/(?<=_)/);
  return [prefix, parts.flatMap((part, k) => (k === 0 ? [part] : [el('wbr'), part]))];
}

/** Sorts numbers as numbers, text as text, and a missing value last in either direction. */
export function compareValues(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
