import { api, idList, pageUrl, setTitle, showError } from './app.js';
import { el, emptyCard, emptyRow, replace, section, svg } from './dom.js';
import { dateTime, duration, fixed, percent, settingValue } from './format.js';
import { halvingCard, higherIsBetter } from './halving.js';
import { onReconnect, subscribe } from './live.js';

/*
 * A sweep's page (/sweep?id=N): its trials best first, a heatmap when exactly two keys are
 * swept (a scatter plot when their values are drawn at random rather than a grid), and
 * parallel coordinates (one axis per swept key and one for the result) that show which
 * values go with good results. The result is the test accuracy when trials were
 * evaluated, else the last validation cross-entropy (data.validation), else the last
 * training cross-entropy (lower is better). A successive-halving sweep (halving.js) shows
 * its rungs first, orders its trials as runner sweep does (the rung reached, then the
 * metric there), marks the pruned ones, and judges them by its metric's last value.
 */

/** Viridis at five stops: dark is worse, bright yellow is better; reads in greyscale too. */
const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/**
 * The colour of t in [0, 1] on viridis, as rgb().
 * @param {number} t
 * @returns {string}
 */
function viridis(t) {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - k;
  const [a, b] = [VIRIDIS[k], VIRIDIS[k + 1]];
  return `rgb(${a.map((v, i) => Math.round(v + (b[i] - v) * f)).join(', ')})`;
}

/** The sweep_results column holding a halving metric's last value, and its short name. */
const METRIC_COLUMNS = {
  val_cross_entropy: ['last_val_cross_entropy', 'last val CE'],
  val_accuracy: ['last_val_accuracy', 'last val accuracy'],
  cross_entropy: ['last_cross_entropy', 'last training CE'],
};

/**
 * How a sweep is judged: a halving sweep by its metric's last value; any other by its
 * trials' test accuracy (higher better), else the last validation cross-entropy, else the
 * last training cross-entropy (lower better).
 */
function resultOf(trials, halving) {
  let column;
  let label;
  let higher;
  if (halving && METRIC_COLUMNS[halving.metric]) {
    [column, label] = METRIC_COLUMNS[halving.metric];
    higher = higherIsBetter(halving.metric);
  } else if (trials.some((t) => t.test_accuracy !== null)) {
    [column, label, higher] = ['test_accuracy', 'test accuracy', true];
  } else if (trials.some((t) => t.last_val_cross_entropy !== null && t.last_val_cross_entropy !== undefined)) {
    [column, label, higher] = ['last_val_cross_entropy', 'last val CE', false];
  } else {
    [column, label, higher] = ['last_cross_entropy', 'last training CE', false];
  }
  const accuracy = column.endsWith('accuracy');
  const value = (t) => t[column] ?? null;
  const known = trials.map(value).filter((v) => v !== null && v !== undefined);
  const lo = known.length ? Math.min(...known) : 0;
  const hi = known.length ? Math.max(...known) : 1;
  return {
    label,
    higher,
    value,
    show: (v) => (accuracy ? percent(v) : fixed(v)),
    lo,
    hi,
    /** 0 (worst) … 1 (best) among the trials. */
    goodness: (v) => {
      if (v === null || v === undefined) return null;
      if (hi === lo) return 0.75;
      const t = (v - lo) / (hi - lo);
      return higher ? t : 1 - t;
    },
  };
}

/** The distinct values of a swept key, numbers in numeric order. */
function valuesOf(trials, key) {
  const seen = new Map();
  for (const t of trials) seen.set(JSON.stringify(t.swept[key]), t.swept[key]);
  const values = [...seen.values()];
  const numeric = values.every((v) => typeof v === 'number');
  return values.sort((a, b) => (numeric ? a - b : String(a).localeCompare(String(b))));
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Renders the sweep page into root.
 * @param {HTMLElement} root
 * @param {URLSearchParams} params
 */
export async function render(root, params) {
  const id = idList(params, 'id')[0];
  if (id === undefined) {
    setTitle('Sweep');
    replace(root, emptyCard('Sweep', 'No sweep given (/sweep?id=N): sweep trials link here from the ', el('a', { href: '/' }, 'Runs page'), '.'));
    return;
  }
  setTitle(`Sweep ${id}`, el('span', null, `Sweep ${id}`));

  async function load() {
    const body = await api(`/api/sweeps/${id}`);
    showError(null);
    draw(body);
  }

  function draw({ sweep, trials, halving = null, rungs = null }) {
    setTitle(`Sweep ${sweep.id} ${sweep.name}`, el('span', null, `Sweep ${sweep.id}`));
    const keys = sweep.swept_keys;
    const result = resultOf(trials, halving);
    const pruned = trials.filter((t) => t.pruned === 1).length;
    const done = trials.filter((t) => t.status === 'completed').length;
    const best = trials.find((t) => result.value(t) !== null && result.value(t) !== undefined);
    const ids = trials.map((t) => t.run_id);
    replace(
      root,
      el(
        'div',
        { class: 'page-head' },
        el('h1', null, `Sweep ${sweep.id} · `, el('span', { class: 'run-name' }, sweep.name)),
        el(
          'span',
          { class: 'facts' },
          el('span', null, 'trials ', el('b', null, `${trials.length}/${sweep.trials}`), done < trials.length ? ` (${done} completed)` : ''),
          halving ? el('span', null, 'halving by ', el('b', null, halving.metric), pruned ? ` (${pruned} pruned)` : '') : null,
          el('span', null, 'swept ', el('b', null, keys.join(' × '))),
          el('span', null, 'created ', el('b', null, dateTime(sweep.created_at))),
          best ? el('span', null, 'best ', el('a', { href: `/run?id=${best.run_id}` }, `run ${best.run_id}`), ` (${result.show(result.value(best))})`) : null,
        ),
        ids.length ? el('a', { class: 'button small', href: pageUrl('/compare', { runs: ids }) }, 'Compare all trials') : null,
      ),
      halving && rungs ? halvingCard(halving, rungs, trials) : null,
      el(
        'div',
        { class: 'grid two' },
        keys.length === 2 && scattered(trials, keys)
          ? section('Scatter', null, scatter(trials, keys, result))
          : section(
              'Heatmap',
              null,
              keys.length === 2
                ? heatmap(trials, keys, result)
                : el('p', { class: 'note' }, `A heatmap needs exactly two swept keys; this sweep has ${keys.length}.`),
            ),
        section('Parallel coordinates', null, parallel(trials, keys, result)),
      ),
      el(
        'section',
        { class: 'card' },
        el('h2', null, halving ? `Trials, by the rung reached, then ${halving.metric} there` : 'Trials, best first'),
        el('div', { class: 'table-wrap' }, trialsTable(trials, keys, result, halving !== null)),
      ),
      el(
        'section',
        { class: 'card' },
        el('details', null, el('summary', null, 'The sweep’s YAML'), el('pre', { id: 'sweep-yaml', class: 'yaml' }, sweep.config_yaml)),
      ),
    );
  }

  let timer;
  const reloadSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => load().catch(showError), 300);
  };
  subscribe('run', (row) => {
    if (row.sweep_id === id) reloadSoon();
  });
  onReconnect(reloadSoon);
  await load();
}

/** A trial's status as runner sweep writes it: a completed trial that halving stopped is "pruned at rung k". */
function trialStatus(t) {
  if (t.pruned === 1 && t.status === 'completed') {
    return el('span', { class: 'status status-pruned', 'data-pruned-rung': t.rung, title: 'stopped by successive halving: not promoted past this rung' }, `pruned at rung ${t.rung}`);
  }
  return el('span', { class: `status status-${t.status}` }, t.status);
}

function trialsTable(trials, keys, result, halving) {
  // The held-out images' columns when any trial has them (data.validation).
  const validated = trials.some((t) => t.last_val_cross_entropy !== null && t.last_val_cross_entropy !== undefined);
  const columns = keys.length + 9 + (halving ? 1 : 0) + (validated ? 2 : 0);
  const head = el(
    'tr',
    null,
    el('th', { class: 'num' }, 'rank'),
    el('th', { class: 'num' }, 'trial'),
    keys.map((k) => el('th', { class: 'num swept', title: `${k} (swept)` }, k)),
    el('th', null, 'status'),
    halving ? el('th', { class: 'num', title: 'the rung it reached (0: the first)' }, 'rung') : null,
    el('th', { class: 'num' }, 'epochs'),
    el('th', { class: 'num' }, 'last CE'),
    validated ? el('th', { class: 'num', title: 'the last epoch’s cross-entropy on the held-out images' }, 'val CE') : null,
    validated ? el('th', { class: 'num', title: 'the last epoch’s accuracy on the held-out images' }, 'val acc.') : null,
    el('th', { class: 'num' }, 'test acc.'),
    el('th', { class: 'num' }, 'test CE'),
    el('th', { class: 'num' }, 'train time'),
    el('th', null, 'run'),
  );
  const rows = trials.map((t, k) => {
    const swatch = el('span', { class: 'swatch dot' });
    const g = result.goodness(result.value(t));
    swatch.style.background = g === null ? '#d0d5dd' : viridis(g);
    return el(
      'tr',
      { 'data-run-id': t.run_id, 'data-trial': t.trial, 'data-pruned': t.pruned === 1 ? '1' : null, class: t.pruned === 1 ? 'pruned' : null },
      el('td', { class: 'num' }, swatch, ` ${k + 1}`),
      el('td', { class: 'num' }, String(t.trial)),
      keys.map((key) => el('td', { class: 'num' }, settingValue(t.swept[key]))),
      el('td', { 'data-col': 'status' }, trialStatus(t)),
      halving ? el('td', { class: 'num', 'data-col': 'rung' }, t.rung === null || t.rung === undefined ? '—' : String(t.rung)) : null,
      el('td', { class: 'num' }, `${t.epochs_done}/${t.epochs}`),
      el('td', { class: 'num' }, fixed(t.last_cross_entropy)),
      validated ? el('td', { class: 'num', 'data-col': 'last_val_cross_entropy' }, fixed(t.last_val_cross_entropy)) : null,
      validated ? el('td', { class: 'num', 'data-col': 'last_val_accuracy' }, percent(t.last_val_accuracy)) : null,
      el('td', { class: 'num' }, percent(t.test_accuracy)),
      el('td', { class: 'num' }, fixed(t.test_cross_entropy)),
      el('td', { class: 'num' }, duration(t.train_seconds)),
      el('td', null, el('a', { href: `/run?id=${t.run_id}`, title: t.name }, `run ${t.run_id}`)),
    );
  });
  return el(
    'table',
    { id: 'trials-table', class: 'data' },
    el('thead', null, head),
    el('tbody', null, rows.length ? rows : emptyRow(columns, 'No trial has started yet.')),
  );
}

/** Rows: the first key's values; columns: the second's; each cell one trial, coloured by its result. */
function heatmap(trials, [rowKey, colKey], result) {
  const rowValues = valuesOf(trials, rowKey);
  const colValues = valuesOf(trials, colKey);
  const table = el(
    'table',
    { id: 'heatmap' },
    el(
      'thead',
      null,
      el(
        'tr',
        null,
        el('th', { class: 'corner' }, `${rowKey} ↓ \u2009 ${colKey} →`),
        colValues.map((v) => el('th', { scope: 'col' }, settingValue(v))),
      ),
    ),
    el(
      'tbody',
      null,
      rowValues.map((rv) =>
        el(
          'tr',
          null,
          el('th', { scope: 'row' }, settingValue(rv)),
          colValues.map((cv) => {
            const t = trials.find((x) => same(x.swept[rowKey], rv) && same(x.swept[colKey], cv));
            if (!t) return el('td', { class: 'missing' }, 'not run');
            const v = result.value(t);
            const g = result.goodness(v);
            const td = el(
              'td',
              { 'data-run-id': t.run_id, title: `${t.name}: ${result.label} ${result.show(v)}` },
              el(
                'a',
                { href: `/run?id=${t.run_id}` },
                el('div', { class: 'v' }, result.show(v)),
                el('div', { class: 's' }, `run ${t.run_id} · ${t.status === 'completed' ? `CE ${fixed(t.last_cross_entropy, 3)}` : t.status}`),
              ),
            );
            if (g === null) td.classList.add('missing');
            else {
              td.style.background = viridis(g);
              td.style.color = g > 0.62 ? '#1c2128' : '#ffffff';
            }
            td.addEventListener('click', (event) => {
              if (!event.target.closest('a')) location.assign(`/run?id=${t.run_id}`);
            });
            return td;
          }),
        ),
      ),
    ),
  );
  return el('div', null, el('div', { class: 'table-wrap' }, table), colorbar(result));
}

function colorbar(result) {
  const bar = el('span', { class: 'bar' });
  // Worst on the left, best on the right, whichever way the metric runs.
  bar.style.background = `linear-gradient(90deg, ${[0, 0.25, 0.5, 0.75, 1].map((t) => viridis(t)).join(', ')})`;
  const worst = result.higher ? result.lo : result.hi;
  const bestValue = result.higher ? result.hi : result.lo;
  return el('div', { class: 'colorbar' }, `${result.label}:`, el('span', null, result.show(worst)), bar, el('span', null, result.show(bestValue)));
}

/**
 * Whether two swept keys are better drawn as a scatter plot than a heatmap: both numeric,
 * and their values drawn (a random search) rather than crossed, so that a grid of them
 * would be mostly empty.
 */
function scattered(trials, keys) {
  if (!keys.every((key) => trials.every((t) => typeof t.swept[key] === 'number'))) return false;
  const cells = keys.reduce((n, key) => n * valuesOf(trials, key).length, 1);
  return cells > 2 * trials.length;
}

/** A numeric axis over a key's values: logarithmic when they are all positive and span more than 20×. */
function numericScale(values, from, to) {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const log = lo > 0 && hi / lo > 20;
  const f = (v) => (log ? Math.log10(v) : v);
  const [a, b] = [f(lo), f(hi)];
  const pad = (b - a) * 0.06 || Math.abs(a) * 0.1 || 0.5;
  const at = (v) => from + ((f(v) - (a - pad)) / (b + pad - (a - pad))) * (to - from);
  let ticks;
  if (log) {
    ticks = [];
    for (let e = Math.floor(a); e <= Math.ceil(b); e++) for (const m of [1, 3]) if (m * 10 ** e >= lo / 1.5 && m * 10 ** e <= hi * 1.5) ticks.push(Number((m * 10 ** e).toPrecision(1)));
  } else {
    ticks = Array.from({ length: 5 }, (_, i) => Number((lo + ((hi - lo) * i) / 4).toPrecision(3)));
  }
  const inside = (v) => at(v) >= Math.min(from, to) - 0.5 && at(v) <= Math.max(from, to) + 0.5;
  return { at, ticks: [...new Set(ticks)].filter(inside), log };
}

/** The two swept keys as x and y, each trial a dot coloured by its result (a random search's heatmap would be mostly empty). */
function scatter(trials, [xKey, yKey], result) {
  const W = 640;
  const H = 300;
  const [left, right, top, bottom] = [64, W - 20, 16, H - 42];
  const xs = numericScale(trials.map((t) => t.swept[xKey]), left, right);
  const ys = numericScale(trials.map((t) => t.swept[yKey]), bottom, top);
  const tick = (v) => String(v);
  const axes = [
    svg('line', { class: 'frame', x1: left, x2: right, y1: bottom, y2: bottom }),
    svg('line', { class: 'frame', x1: left, x2: left, y1: top, y2: bottom }),
    xs.ticks.map((v) => [
      svg('line', { class: 'grid', x1: xs.at(v), x2: xs.at(v), y1: top, y2: bottom }),
      svg('text', { x: xs.at(v), y: bottom + 15, 'text-anchor': 'middle' }, tick(v)),
    ]),
    ys.ticks.map((v) => [
      svg('line', { class: 'grid', x1: left, x2: right, y1: ys.at(v), y2: ys.at(v) }),
      svg('text', { x: left - 7, y: ys.at(v) + 4, 'text-anchor': 'end' }, tick(v)),
    ]),
    svg('text', { x: (left + right) / 2, y: H - 6, 'text-anchor': 'middle', class: 'title' }, `${xKey}${xs.log ? ' (log scale)' : ''}`),
    svg('text', { x: 14, y: (top + bottom) / 2, transform: `rotate(-90 14 ${(top + bottom) / 2})`, 'text-anchor': 'middle', class: 'title' }, `${yKey}${ys.log ? ' (log)' : ''}`),
  ];
  // The best trials last, so they are drawn on top.
  const dots = [...trials].reverse().map((t) => {
    const v = result.value(t);
    const g = result.goodness(v);
    const dot = svg(
      'circle',
      { cx: xs.at(t.swept[xKey]).toFixed(1), cy: ys.at(t.swept[yKey]).toFixed(1), r: 7, fill: g === null ? '#d0d5dd' : viridis(g), 'data-run-id': t.run_id, class: t.pruned === 1 ? 'pruned' : null },
      svg('title', null, `run ${t.run_id} (trial ${t.trial}): ${xKey}=${settingValue(t.swept[xKey])}, ${yKey}=${settingValue(t.swept[yKey])} → ${result.label} ${result.show(v)}`),
    );
    dot.addEventListener('click', () => location.assign(`/run?id=${t.run_id}`));
    return dot;
  });
  return el(
    'div',
    null,
    svg('svg', { id: 'scatter', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${yKey} against ${xKey}, coloured by ${result.label}` }, axes, dots),
    colorbar(result),
  );
}

/** A value for an axis' tick: a drawn number to 3 significant digits (0.00360186 → 0.0036), anything else as written. */
function shortValue(v) {
  return typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(3))) : settingValue(v);
}

/** One vertical axis per swept key (its values evenly spaced) and one for the result; one line per trial. */
function parallel(trials, keys, result) {
  const W = 640;
  const H = 300;
  const top = 36;
  const bottom = H - 26;
  const left = 70;
  const right = W - 70;
  const axes = [...keys, result.label];
  const xOf = (k) => (axes.length === 1 ? (left + right) / 2 : left + ((right - left) * k) / (axes.length - 1));
  const scales = keys.map((key) => {
    const values = valuesOf(trials, key);
    return {
      values,
      y: (v) => (values.length === 1 ? (top + bottom) / 2 : bottom - ((bottom - top) * values.findIndex((x) => same(x, v))) / (values.length - 1)),
    };
  });
  const pad = (result.hi - result.lo) * 0.05 || Math.abs(result.hi) * 0.01 || 0.01;
  const lo = result.lo - pad;
  const hi = result.hi + pad;
  const yResult = (v) => bottom - ((v - lo) / (hi - lo)) * (bottom - top);

  const axisNodes = axes.map((name, k) => {
    const x = xOf(k);
    const ticks =
      k < keys.length
        ? scales[k].values.map((v) => ({ y: scales[k].y(v), text: shortValue(v) }))
        : Array.from({ length: 5 }, (_, i) => result.lo + ((result.hi - result.lo) * i) / 4).map((v) => ({ y: yResult(v), text: result.show(v) }));
    const anchorLeft = k === axes.length - 1 && axes.length > 1;
    return svg(
      'g',
      { class: 'axis' },
      svg('line', { x1: x, x2: x, y1: top, y2: bottom }),
      svg('text', { x, y: top - 18, 'text-anchor': 'middle', class: 'title' }, name),
      ticks.map((t) => [
        svg('line', { x1: x - 4, x2: x + 4, y1: t.y, y2: t.y }),
        svg('text', { x: anchorLeft ? x + 8 : x - 8, y: t.y + 4, 'text-anchor': anchorLeft ? 'start' : 'end' }, t.text),
      ]),
    );
  });

  // The best trials last, so they are drawn on top.
  const lines = [...trials].reverse().map((t) => {
    const points = keys.map((key, k) => [xOf(k), scales[k].y(t.swept[key])]);
    const v = result.value(t);
    if (v !== null && v !== undefined) points.push([xOf(keys.length), yResult(v)]);
    const g = result.goodness(v);
    const line = svg(
      'polyline',
      { points: points.map((p) => p.map((n) => n.toFixed(1)).join(',')).join(' '), stroke: g === null ? '#d0d5dd' : viridis(g), 'data-run-id': t.run_id },
      svg(
        'title',
        null,
        `run ${t.run_id} (trial ${t.trial}): ${keys.map((key) => `${key}=${settingValue(t.swept[key])}`).join(', ')} → ${result.label} ${result.show(v)}`,
      ),
    );
    line.addEventListener('click', () => location.assign(`/run?id=${t.run_id}`));
    return line;
  });

  return svg(
    'svg',
    { id: 'parallel', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `parallel coordinates of ${keys.join(', ')} and ${result.label}` },
    lines,
    axisNodes,
  );
}
