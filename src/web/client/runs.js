import { api, idList, pageUrl, setStoreLabel, setTitle, showError, writeParams } from './app.js';
import { debounce, el, emptyRow, replace } from './dom.js';
import { onReconnect, subscribe } from './live.js';
import { compareValues, headerLabel, runColumns } from './runs-columns.js';

/*
 * The runs page (/): every run of the store in one table, filtered, sorted and selected
 * for comparing. State in the query: runs=1,2 (selected, in the order picked), q=text,
 * status=…, sort=col or -col, same=hide. Sorting, filtering and hiding work on the whole
 * list; the table gets its first rows at once and the rest in chunks after a paint
 * (performance marks runs-first-rows and runs-table-complete). A live `run` event rebuilds
 * that run's row alone (a new run goes in at its sorted place).
 *
 * A long table (more rows than FIRST_ROWS) is not laid out as a CSS table: the browser's
 * table layout of 1,000 rows costs most of a second, every row measured. Its columns are
 * measured once on the header and the widest cells (a few rows laid out as a table), then
 * every row is a grid of those columns (class `long` in app.css) with content-visibility:
 * auto, so rows off screen cost almost nothing until scrolled to.
 */

const STATUSES = ['running', 'completed', 'interrupted', 'failed', 'imported'];

/**
 * Rows put in the table at once: more than a screenful. The rest follow after the browser
 * has painted those, CHUNK_ROWS at a time (each chunk one task: 1,000 rows take ~80 ms).
 */
const FIRST_ROWS = 60;
const CHUNK_ROWS = 1000;
/** Rows of the widest cells that size a long table's columns. */
const SIZER_ROWS = 3;

/** Calls fn once the browser has painted (or soon, in a hidden tab, where frames wait). */
function afterPaint(fn) {
  if (document.hidden) setTimeout(fn, 0);
  else requestAnimationFrame(() => setTimeout(fn, 0));
}

/** Text widths in the table's font, to pick the cells that size the columns; digits count as 0s (tabular figures). */
const widths = new Map();
let measure = null;
function textWidth(text) {
  const key = text.replace(/\d/g, '0');
  let w = widths.get(key);
  if (w === undefined) {
    if (!measure) {
      measure = document.createElement('canvas').getContext('2d');
      measure.font = `13px ${getComputedStyle(document.body).fontFamily}`;
    }
    if (widths.size > 50_000) widths.clear();
    w = measure.measureText(key).width;
    widths.set(key, w);
  }
  return w;
}

/**
 * Renders the runs page into root.
 * @param {HTMLElement} root
 * @param {URLSearchParams} params
 * @param {Promise<any> | null} [first] /api/runs, already asked for (by app.js)
 */
export async function render(root, params, first = null) {
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
  /** @type {import('./runs-columns.js').Column[]} */
  let columns = [];
  /** Columns hidden by "hide identical columns". */
  let hidden = new Set();
  /** The ids shown, in table order. */
  let shown = [];
  /** Every row built, by run id: a sort or filter moves them instead of building 1,000 again. Valid for one set of columns. */
  const rows = new Map();
  let rowsLayout = '';
  /** The columns shown (not hidden), fixed by renderAll. */
  let visible = [];
  /** An empty row of the visible columns, cloned for each row. */
  let template = null;
  /** A long table's widest cell text per column (textWidth), to notice a live row that needs more room. */
  const widest = new Map();
  /** How many of `shown` have their row in the table: a prefix, the rest follows in chunks. */
  let rendered = 0;
  /** Bumped by each renderAll: the chunks of an older one stop. */
  let renderToken = 0;
  let firstRender = true;

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

  /** What "identical" compares: the column's value (not its shortened text: two runs in one minute differ). */
  function textOf(col, run) {
    return JSON.stringify(col.value(run) ?? null);
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

  const signature = (cols) => cols.map((c) => c.key).join('\n');

  /** An empty row of the visible columns: the checkbox cell, then one cell per column. */
  function rowTemplate() {
    return el(
      'tr',
      null,
      el('td', { class: 'sel' }, el('input', { type: 'checkbox', class: 'select-run' })),
      visible.map((col) => el('td', { 'data-col': col.key, class: col.num ? 'num' : null })),
    );
  }

  function fillCell(td, col, run) {
    const text = col.show(run);
    if (col.wrap) td.appendChild(col.wrap(run, text));
    else td.textContent = text;
  }

  /** A run's row: the template cloned and filled (1,000 rows: no attribute-by-attribute building). */
  function rowOf(run) {
    const tr = template.cloneNode(true);
    const selected = state.selected.includes(run.id);
    tr.setAttribute('data-run-id', run.id);
    if (selected) tr.className = 'selected';
    let td = tr.firstChild;
    const box = td.firstChild;
    box.setAttribute('data-run-id', run.id);
    box.setAttribute('aria-label', `select run ${run.id}`);
    if (selected) box.setAttribute('checked', '');
    for (const col of visible) {
      td = td.nextSibling;
      fillCell(td, col, run);
    }
    return tr;
  }

  /** The row of a shown run, built on first need. */
  function rowFor(id) {
    let tr = rows.get(id);
    if (!tr) {
      tr = rowOf(runs.get(id));
      rows.set(id, tr);
    }
    return tr;
  }

  /** Puts the rows of shown[rendered … upTo) at the table's end. */
  function appendRows(upTo) {
    const end = Math.min(upTo, shown.length);
    if (rendered >= end) return;
    const fragment = document.createDocumentFragment();
    for (; rendered < end; rendered++) fragment.appendChild(rowFor(shown[rendered]));
    tbody.appendChild(fragment);
  }

  /** The rows past the first screenful, a chunk at a time, each after the browser has painted. */
  function appendRest(token) {
    if (token !== renderToken) return;
    if (rendered >= shown.length) {
      if (!performance.getEntriesByName('runs-table-complete').length) performance.mark('runs-table-complete');
      return;
    }
    afterPaint(() => {
      if (token !== renderToken) return;
      appendRows(rendered + CHUNK_ROWS);
      appendRest(token);
    });
  }

  function renderHead() {
    const cells = visible.map((col) => {
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
        el('button', { type: 'button', class: 'sort' }, headerLabel(col)),
      );
    });
    replace(thead, el('tr', null, el('th', { class: 'sel', scope: 'col' }, el('span', { class: 'visually-hidden' }, 'select')), cells));
  }

  /** The whole table, from the state: on load, and when a filter, sort or column set changes. */
  function renderAll() {
    columns = runColumns([...runs.values()]);
    const list = sorted([...runs.values()].filter(matches));
    hidden = identicalColumns(list);
    visible = columns.filter((c) => !hidden.has(c.key));
    shown = list.map((r) => r.id);
    const layout = signature(visible);
    if (layout !== rowsLayout) {
      rows.clear();
      rowsLayout = layout;
      template = rowTemplate();
    }
    renderHead();
    const token = ++renderToken;
    replace(tbody);
    rendered = 0;
    if (shown.length > FIRST_ROWS) sizeColumns();
    else {
      table.classList.remove('long');
      table.style.minWidth = '';
    }
    appendRows(FIRST_ROWS);
    if (list.length === 0) tbody.appendChild(noRows());
    renderSummary();
    if (firstRender) performance.mark('runs-first-rows');
    firstRender = false;
    appendRest(token);
  }

  /**
   * A long table's columns: the header and the widest cells of each column (by textWidth,
   * SIZER_ROWS of them) laid out as a table of its natural width, then every row a grid of
   * those widths, growing in proportion to fill the card (as a table's columns do).
   */
  function sizeColumns() {
    const list = shown.map((id) => runs.get(id));
    const picks = visible.map((col) => {
      /** @type {{ w: number, run: any }[]} the widest first */
      const top = [];
      for (const run of list) {
        const w = textWidth(col.show(run));
        if (top.length === SIZER_ROWS && w <= top[SIZER_ROWS - 1].w) continue;
        let at = top.length;
        while (at > 0 && top[at - 1].w < w) at--;
        top.splice(at, 0, { w, run });
        if (top.length > SIZER_ROWS) top.pop();
      }
      widest.set(col.key, top[0]?.w ?? 0);
      return top.map((t) => t.run);
    });
    const sizers = Array.from({ length: Math.min(SIZER_ROWS, list.length) }, (_, k) => {
      const tr = template.cloneNode(true);
      tr.className = 'sizer';
      tr.setAttribute('aria-hidden', 'true');
      let td = tr.firstChild;
      visible.forEach((col, c) => {
        td = td.nextSibling;
        fillCell(td, col, picks[c][k] ?? picks[c][0]);
      });
      return tr;
    });
    table.classList.remove('long');
    table.classList.add('sizing');
    tbody.append(...sizers);
    const cells = [...thead.firstChild.children].map((th) => th.getBoundingClientRect().width);
    replace(tbody);
    table.classList.remove('sizing');
    table.style.setProperty('--runs-columns', cells.map((w) => `minmax(${w.toFixed(2)}px, ${w.toFixed(2)}fr)`).join(' '));
    table.style.minWidth = `${Math.ceil(cells.reduce((a, b) => a + b, 0))}px`;
    table.classList.add('long');
  }

  /** Whether a run's cells fit the long table's measured columns. */
  function fits(run) {
    return !table.classList.contains('long') || visible.every((col) => textWidth(col.show(run)) <= (widest.get(col.key) ?? 0) + 0.5);
  }

  function noRows() {
    const text = runs.size === 0 ? 'No runs yet. Train one with: runner train experiments/baseline.yaml' : 'No run matches the filter.';
    return emptyRow(visible.length + 1, text);
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
    if (signature(runColumns([...runs.values()])) !== signature(columns)) return renderAll();
    if (state.hideSame) {
      const list = shown.filter((id) => id !== run.id).map((id) => runs.get(id));
      if (matches(run)) list.push(run);
      if (!sameSet(identicalColumns(list), hidden)) return renderAll();
    }
    // A long table's columns are measured: a wider cell measures them again.
    if (matches(run) && !fits(run)) return renderAll();
    const old = rows.get(run.id);
    rows.delete(run.id);
    const was = shown.indexOf(run.id);
    if (was !== -1) {
      // Only rows before `rendered` are in the table; a later one is still to come in a chunk.
      if (was < rendered) {
        old?.remove();
        rendered--;
      }
      shown.splice(was, 1);
    }
    if (matches(run)) {
      if (shown.length === 0) replace(tbody);
      const tr = rowOf(run);
      // A short highlight; the class goes after it so that a re-sort (which moves rows) does not replay it.
      tr.classList.add('updated');
      tr.addEventListener('animationend', () => tr.classList.remove('updated'), { once: true });
      let at = shown.findIndex((id) => compareRuns(run, runs.get(id)) < 0);
      if (at === -1) at = shown.length;
      // Placed now if its place is among the rows already in the table (or the table is whole), else by its chunk.
      if (at < rendered || rendered === shown.length) {
        tbody.insertBefore(tr, at < rendered ? rows.get(shown[at]) : null);
        rendered++;
      }
      shown.splice(at, 0, run.id);
      rows.set(run.id, tr);
    } else if (shown.length === 0) {
      replace(tbody, noRows());
    }
    renderSummary();
  }

  async function load() {
    const body = await (first ?? api('/api/runs'));
    first = null;
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
