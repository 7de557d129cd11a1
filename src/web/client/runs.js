import { api, idList, pageUrl, setStoreLabel, setTitle, showError, writeParams } from './app.js';
import { debounce, el, replace } from './dom.js';
import { ago, dateTime, duration, fixed, percent, settingValue, shortDateTime } from './format.js';
import { onReconnect, subscribe } from './live.js';

/*
 * The runs page (/): every run of the store in one table, filtered, sorted and selected
 * for comparing. State in the query: runs=1,2 (selected, in the order picked), q=text,
 * status=…, sort=col or -col, same=hide. The table is built in one DocumentFragment; a
 * live `run` event rebuilds that run's row alone (a new run goes in at its sorted place).
 */

const STATUSES = ['running', 'completed', 'interrupted', 'failed', 'imported'];

/** Settings already shown by a column of their own. */
const OWN_COLUMN = new Set(['name', 'epochs', 'optimizer']);

/**
 * @typedef {object} Column
 * @property {string} key data-col and the sort= value
 * @property {string} label
 * @property {string} [title] the header's tooltip
 * @property {boolean} [num] right-aligned tabular figures
 * @property {boolean} [always] never hidden by "hide identical columns"
 * @property {(run: any) => unknown} value what the column sorts by (null sorts last)
 * @property {(run: any) => string | Node} cell
 * @property {(run: any) => string} [text] what "identical" compares (default: the value)
 */

/** @type {Column[]} */
const LEADING = [
  { key: 'id', label: 'ID', num: true, always: true, value: (r) => r.id, cell: (r) => String(r.id) },
  {
    key: 'name',
    label: 'Name',
    always: true,
    value: (r) => r.name.toLowerCase(),
    cell: (r) => el('a', { href: `/run?id=${r.id}`, title: r.name }, r.name),
  },
  {
    key: 'sweep',
    label: 'Sweep',
    title: 'the sweep a run is a trial of · its trial number',
    value: (r) => (r.sweep_id === null ? null : r.sweep_id * 1e6 + (r.trial ?? 0)),
    cell: (r) =>
      r.sweep_id === null ? '—' : el('a', { href: `/sweep?id=${r.sweep_id}`, title: `sweep ${r.sweep_id}, trial ${r.trial}` }, `${r.sweep_id} · ${r.trial}`),
  },
  { key: 'status', label: 'Status', value: (r) => r.status, cell: (r) => statusBadge(r) },
  { key: 'architecture', label: 'Architecture', value: (r) => r.architecture, cell: (r) => r.architecture ?? '—' },
  { key: 'optimizer', label: 'Optimizer', value: (r) => r.optimizer, cell: (r) => r.optimizer ?? '—' },
];

/** @type {Column[]} */
const TRAILING = [
  {
    key: 'epochs',
    label: 'Epochs',
    title: 'epochs done / planned',
    num: true,
    value: (r) => r.epochs_done,
    cell: (r) => `${r.epochs_done}/${r.epochs}`,
  },
  {
    key: 'last_cross_entropy',
    label: 'Last CE',
    title: 'training cross-entropy after the last epoch done',
    num: true,
    value: (r) => r.last_cross_entropy,
    cell: (r) => fixed(r.last_cross_entropy),
  },
  {
    key: 'best_test_accuracy',
    label: 'Best acc.',
    title: 'the best test accuracy of its evaluations (runner eval)',
    num: true,
    value: (r) => r.best_test_accuracy,
    cell: (r) => percent(r.best_test_accuracy),
  },
  {
    key: 'created_at',
    label: 'Created',
    num: true,
    value: (r) => r.created_at,
    cell: (r) => el('time', { datetime: r.created_at, title: `${dateTime(r.created_at)} (${ago(r.created_at)})` }, shortDateTime(r.created_at)),
  },
  {
    key: 'train_seconds',
    label: 'Time',
    title: 'training time (the epochs’ sum)',
    num: true,
    value: (r) => r.train_seconds,
    cell: (r) => duration(r.train_seconds),
  },
];

/** A dotted setting's header on two lines ("optimizer." above "beta1"), so the column stays narrow. */
function headerLabel(label) {
  const dot = label.lastIndexOf('.');
  const prefix = dot > 0 ? el('span', { class: 'prefix' }, label.slice(0, dot + 1)) : null;
  // A long snake_case name may break after its underscores (learning_ / rate).
  const parts = label.slice(dot + 1).split(/(?<=_)/);
  return [prefix, parts.flatMap((part, k) => (k === 0 ? [part] : [el('wbr'), part]))];
}

function statusBadge(run) {
  return el('span', { class: `status status-${run.status}` }, run.status);
}

/** A column per setting that differs across the runs or is swept by one of them. */
function settingColumns(runs) {
  const swept = new Set();
  const seen = new Map();
  const differs = new Set();
  for (const run of runs) for (const key of Object.keys(run.swept ?? {})) swept.add(key);
  for (const run of runs) {
    for (const [key, value] of Object.entries(run.settings ?? {})) if (!seen.has(key)) seen.set(key, JSON.stringify(value));
  }
  for (const key of seen.keys()) {
    const first = seen.get(key);
    // A key a run lacks counts as a difference (an optimizer's own settings).
    if (runs.some((run) => JSON.stringify(run.settings?.[key]) !== first)) differs.add(key);
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
    cell: (r) => settingValue(r.settings?.[key]),
  }));
}

/** Sorts numbers as numbers, text as text, and a missing value last in either direction. */
function compareValues(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/**
 * Renders the runs page into root.
 * @param {HTMLElement} root
 * @param {URLSearchParams} params
 */
export async function render(root, params) {
  setTitle('Runs');
  const state = {
    selected: idList(params, 'runs'),
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    sort: params.get('sort') ?? '',
    hideSame: params.get('same') === 'hide',
  };

  /** @type {Map<number, any>} */
  const runs = new Map();
  /** Server order (newest first): the order when no column sorts. */
  let order = [];
  /** What the filter box searches, per run. */
  const haystacks = new Map();
  /** @type {Column[]} */
  let columns = [];
  /** Columns hidden by "hide identical columns". */
  let hidden = new Set();
  /** The ids shown, in table order. */
  let shown = [];
  /** Every row built, by run id: a sort or filter moves them instead of building 1,000 again. Valid for one set of columns. */
  const rows = new Map();
  let rowsLayout = '';

  const filterText = el('input', {
    id: 'filter-text',
    type: 'search',
    placeholder: 'Filter by name, setting, status…',
    value: state.q,
    'aria-label': 'filter runs',
  });
  const filterStatus = el(
    'select',
    { id: 'filter-status', 'aria-label': 'status' },
    el('option', { value: '' }, 'All statuses'),
    STATUSES.map((s) => el('option', { value: s, selected: s === state.status }, s)),
  );
  const hideSame = el('input', { id: 'hide-same', type: 'checkbox', checked: state.hideSame });
  const compareLink = el('a', { id: 'compare-selected', class: 'button primary' }, 'Compare');
  const clearLink = el('button', { type: 'button', class: 'button subtle', id: 'clear-selection' }, 'Clear selection');
  const summary = el('span', { class: 'muted summary' });
  const thead = el('thead');
  const tbody = el('tbody');
  const table = el('table', { id: 'runs-table', class: 'data runs' }, thead, tbody);

  replace(
    root,
    el('div', { class: 'page-head' }, el('h1', null, 'Runs'), summary),
    el(
      'div',
      { class: 'toolbar' },
      filterText,
      filterStatus,
      el('label', { class: 'check' }, hideSame, ' Hide identical columns'),
      el('span', { class: 'spacer' }),
      clearLink,
      compareLink,
    ),
    el('div', { class: 'table-wrap card flush' }, table),
  );

  function haystackOf(run) {
    const swept = Object.entries(run.swept ?? {}).map(([k, v]) => `${k}=${v}`);
    return [run.id, run.name, run.status, run.architecture, run.optimizer, ...swept].join(' ').toLowerCase();
  }

  function matches(run) {
    if (state.status && run.status !== state.status) return false;
    const q = state.q.trim().toLowerCase();
    return q === '' || q.split(/\s+/).every((word) => haystacks.get(run.id).includes(word));
  }

  const sortKey = () => state.sort.replace(/^-/, '');
  const sortDir = () => (state.sort.startsWith('-') ? -1 : 1);
  const rank = new Map();

  /** Table order: the sort column (missing values last), then the server's order. */
  function compareRuns(a, b) {
    const col = columns.find((c) => c.key === sortKey());
    if (col) {
      const va = col.value(a);
      const vb = col.value(b);
      const missingA = va === null || va === undefined;
      const missingB = vb === null || vb === undefined;
      if (missingA !== missingB) return missingA ? 1 : -1;
      if (!missingA) {
        const c = compareValues(va, vb) * sortDir();
        if (c !== 0) return c;
      }
    }
    return rank.get(a.id) - rank.get(b.id);
  }

  /** What "identical" compares: the column's value (not its shortened text: two runs in one minute differ). */
  /** The runs in table order, each sort value read once (1,000 runs: no column lookups per comparison). */
  function sorted(list) {
    const col = columns.find((c) => c.key === sortKey());
    if (!col) return list.sort((a, b) => rank.get(a.id) - rank.get(b.id));
    const dir = sortDir();
    const keyed = list.map((run) => ({ run, v: col.value(run), r: rank.get(run.id) }));
    keyed.sort((a, b) => {
      const missingA = a.v === null || a.v === undefined;
      const missingB = b.v === null || b.v === undefined;
      if (missingA !== missingB) return missingA ? 1 : -1;
      return (missingA ? 0 : compareValues(a.v, b.v) * dir) || a.r - b.r;
    });
    return keyed.map((k) => k.run);
  }

  function textOf(col, run) {
    return col.text ? col.text(run) : JSON.stringify(col.value(run) ?? null);
  }

  /** The columns whose cells read the same in every shown row (never id, name). */
  function identicalColumns(list) {
    const found = new Set();
    if (!state.hideSame || list.length === 0) return found;
    for (const col of columns) {
      if (col.always) continue;
      const first = textOf(col, list[0]);
      if (list.every((run) => textOf(col, run) === first)) found.add(col.key);
    }
    return found;
  }

  function computeColumns() {
    const all = [...runs.values()];
    const anySweep = all.some((r) => r.sweep_id !== null);
    return [...LEADING.filter((c) => c.key !== 'sweep' || anySweep), ...settingColumns(all), ...TRAILING];
  }

  const signature = (cols) => cols.map((c) => c.key).join('\n');

  function visibleColumns() {
    return columns.filter((c) => !hidden.has(c.key));
  }

  function rowOf(run) {
    const tr = el('tr', { 'data-run-id': run.id, class: state.selected.includes(run.id) ? 'selected' : null });
    tr.appendChild(
      el(
        'td',
        { class: 'sel' },
        el('input', {
          type: 'checkbox',
          class: 'select-run',
          'data-run-id': run.id,
          checked: state.selected.includes(run.id),
          'aria-label': `select run ${run.id}`,
        }),
      ),
    );
    for (const col of visibleColumns()) tr.appendChild(el('td', { 'data-col': col.key, class: col.num ? 'num' : null }, col.cell(run)));
    return tr;
  }

  function renderHead() {
    const cells = visibleColumns().map((col) => {
      const dir = sortKey() === col.key ? (sortDir() > 0 ? 'ascending' : 'descending') : null;
      return el(
        'th',
        {
          'data-col': col.key,
          scope: 'col',
          class: [col.num ? 'num' : '', col.key.startsWith('setting:') ? 'setting' : '', col.swept ? 'swept' : ''].join(' ').trim() || null,
          'aria-sort': dir,
          title: col.title ?? `sort by ${col.label}`,
        },
        el('button', { type: 'button', class: 'sort' }, col.key.startsWith('setting:') ? headerLabel(col.label) : col.label),
      );
    });
    replace(thead, el('tr', null, el('th', { class: 'sel', scope: 'col' }, el('span', { class: 'visually-hidden' }, 'select')), cells));
  }

  function emptyRow(text) {
    return el('tr', { class: 'empty' }, el('td', { colspan: visibleColumns().length + 1 }, text));
  }

  /** The whole table, from the state: on load, and when a filter, sort or column set changes. */
  function renderAll() {
    columns = computeColumns();
    const list = sorted([...runs.values()].filter(matches));
    hidden = identicalColumns(list);
    shown = list.map((r) => r.id);
    const layout = signature(visibleColumns());
    if (layout !== rowsLayout) {
      rows.clear();
      rowsLayout = layout;
    }
    renderHead();
    const fragment = document.createDocumentFragment();
    for (const run of list) {
      let tr = rows.get(run.id);
      if (!tr) {
        tr = rowOf(run);
        rows.set(run.id, tr);
      }
      fragment.appendChild(tr);
    }
    if (list.length === 0) {
      fragment.appendChild(emptyRow(runs.size === 0 ? 'No runs yet. Train one with: runner train experiments/baseline.yaml' : 'No run matches the filter.'));
    }
    replace(tbody, fragment);
    renderSummary();
  }

  function renderSummary() {
    const total = runs.size;
    const n = shown.length;
    replace(
      summary,
      `${n === total ? `${total}` : `${n} of ${total}`} run${total === 1 ? '' : 's'}${state.selected.length ? ` · ${state.selected.length} selected` : ''}`,
    );
    const k = state.selected.length;
    replace(compareLink, k === 0 ? 'Compare selected' : `Compare ${k} run${k === 1 ? '' : 's'}`);
    if (k > 0) {
      compareLink.setAttribute('href', pageUrl('/compare', { runs: state.selected }));
      compareLink.removeAttribute('aria-disabled');
      compareLink.title = `open the compare page for runs ${state.selected.join(', ')}`;
    } else {
      compareLink.removeAttribute('href');
      compareLink.setAttribute('aria-disabled', 'true');
      compareLink.title = 'tick runs in the table to compare them';
    }
    clearLink.hidden = k === 0;
  }

  /** One run changed or appeared (a live event): its row alone is rebuilt or placed. */
  function upsert(run) {
    const isNew = !runs.has(run.id);
    runs.set(run.id, run);
    haystacks.set(run.id, haystackOf(run));
    if (isNew) {
      order = [run.id, ...order];
      order.forEach((id, k) => rank.set(id, k));
    }
    // A run that brings a new setting (or ends a difference) changes the columns: rebuild all.
    if (signature(computeColumns()) !== signature(columns)) return renderAll();
    if (state.hideSame) {
      const list = shown.filter((id) => id !== run.id).map((id) => runs.get(id));
      if (matches(run)) list.push(run);
      if (!sameSet(identicalColumns(list), hidden)) return renderAll();
    }
    const old = rows.get(run.id);
    rows.delete(run.id);
    if (shown.includes(run.id)) {
      old?.remove();
      shown = shown.filter((id) => id !== run.id);
    }
    if (matches(run)) {
      if (shown.length === 0) replace(tbody);
      const tr = rowOf(run);
      // A short highlight; the class goes after it so that a re-sort (which moves rows) does not replay it.
      tr.classList.add('updated');
      tr.addEventListener('animationend', () => tr.classList.remove('updated'), { once: true });
      let at = shown.findIndex((id) => compareRuns(run, runs.get(id)) < 0);
      if (at === -1) at = shown.length;
      tbody.insertBefore(tr, at < shown.length ? rows.get(shown[at]) : null);
      shown.splice(at, 0, run.id);
      rows.set(run.id, tr);
    } else if (shown.length === 0) {
      replace(tbody, emptyRow('No run matches the filter.'));
    }
    renderSummary();
  }

  async function load() {
    const body = await api('/api/runs');
    setStoreLabel(body.store);
    runs.clear();
    haystacks.clear();
    for (const run of body.runs) {
      runs.set(run.id, run);
      haystacks.set(run.id, haystackOf(run));
    }
    order = body.runs.map((r) => r.id);
    rank.clear();
    order.forEach((id, k) => rank.set(id, k));
    renderAll();
  }

  const saveFilters = () => writeParams({ q: state.q.trim(), status: state.status, sort: state.sort, same: state.hideSame ? 'hide' : null });

  filterText.addEventListener(
    'input',
    debounce(() => {
      state.q = filterText.value;
      saveFilters();
      renderAll();
    }, 120),
  );
  filterStatus.addEventListener('change', () => {
    state.status = filterStatus.value;
    saveFilters();
    renderAll();
  });
  hideSame.addEventListener('change', () => {
    state.hideSame = hideSame.checked;
    saveFilters();
    renderAll();
  });
  // One listener for every header: click sorts ascending, again descending.
  thead.addEventListener('click', (event) => {
    const th = event.target.closest('th[data-col]');
    if (!th) return;
    const key = th.getAttribute('data-col');
    state.sort = state.sort === key ? `-${key}` : key;
    saveFilters();
    renderAll();
  });
  // One listener for every row's checkbox.
  tbody.addEventListener('change', (event) => {
    const box = event.target.closest('input.select-run');
    if (!box) return;
    const id = Number(box.getAttribute('data-run-id'));
    state.selected = box.checked ? [...state.selected.filter((x) => x !== id), id] : state.selected.filter((x) => x !== id);
    box.closest('tr')?.classList.toggle('selected', box.checked);
    writeParams({ runs: state.selected });
    renderSummary();
  });
  clearLink.addEventListener('click', () => {
    state.selected = [];
    writeParams({ runs: [] });
    for (const tr of rows.values()) {
      tr.classList.remove('selected');
      const box = tr.querySelector('input.select-run');
      if (box) box.checked = false;
    }
    renderSummary();
  });

  // Events that arrive while the list is being fetched are applied after it: the list may predate them.
  /** @type {any[] | null} */
  let pending = [];
  subscribe('run', (run) => (pending ? pending.push(run) : upsert(run)));
  onReconnect(() => {
    pending = [];
    reload().catch(showError);
  });
  await reload();

  async function reload() {
    pending ??= [];
    try {
      await load();
    } finally {
      const queued = pending;
      pending = null;
      for (const run of queued) upsert(run);
    }
  }
}

function sameSet(a, b) {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
