import { el, svg } from './dom.js';
import { fixed, percent } from './format.js';

/*
 * A successive-halving sweep's rungs on its page (sweep.js): a table as runner sweep prints
 * it (per rung its epochs, its trials of its size, how many reported, the best figure of
 * the metric and whose, and who went on: the promoted trials, the winner on the last rung,
 * or "not yet decided" while the rung is open), and a chart of every trial's figure at each
 * rung it reached, a line per trial, so the pruned ones are seen stopping.
 * The API gives `halving` (the sweep's halving block) and `rungs` (halving-plan.ts' rungViews).
 */

/** Which way a metric is better: val_accuracy higher, cross-entropies lower (config/halving.ts' HALVING_METRICS). */
export const higherIsBetter = (metric) => metric === 'val_accuracy';

/**
 * How a metric's value is written: accuracies as percentages, cross-entropies with 4 decimals.
 * @param {string} metric
 * @returns {(v: number | null | undefined) => string}
 */
export function metricText(metric) {
  return (v) => (higherIsBetter(metric) ? percent(v) : fixed(v));
}

/**
 * What a rung says, as runner sweep's rungs table says it, from what halving-plan.ts'
 * rungViews worked out: its best so far and, on the last rung, the winner.
 */
export function rungFacts(rung, last) {
  // Reported: it has the rung's epoch (its figure may be none: a loss that was not a number), or it failed.
  const reported = rung.entries.filter((e) => e.reported);
  const winner = last ? rung.winner : null;
  return { reported, best: rung.best, winner, open: last ? winner === null : !rung.decided };
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * About `count` round values from lo to hi (steps of 1, 2, 2.5 or 5 × 10^k), for an axis.
 * @param {number} lo
 * @param {number} hi
 * @returns {number[]}
 */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * The sweep page's card for a halving sweep.
 * @param {{metric: string, eta: number, min_epochs: number, max_epochs: number}} halving
 * @param {Array<{index: number, epochs: number, size: number, decided: boolean, promoted: number[], best: {trial: number, value: number} | null, winner: number | null, ended: boolean, entries: {trial: number, value: number | null, reported: boolean}[]}>} rungs
 * @param {Array<{trial: number, run_id: number, status: string, pruned: number | null, rung: number | null}>} trials
 */
export function halvingCard(halving, rungs, trials) {
  const metric = halving.metric;
  const runOf = new Map(trials.map((t) => [t.trial, t]));
  const direction = higherIsBetter(metric) ? 'higher is better' : 'lower is better';
  return el(
    'section',
    { class: 'card', id: 'halving' },
    el('h2', null, 'Successive halving'),
    el(
      'p',
      { class: 'note', id: 'halving-spec' },
      'By ',
      el('b', null, metric),
      ` (${direction}) at each rung’s epoch; eta ${halving.eta}, ${halving.min_epochs} to ${halving.max_epochs} epochs: `,
      rungs.map((r) => plural(r.size, 'trial')).join(' → '),
      '. A pruned trial was stopped at its rung; it did not fail.',
    ),
    el(
      'div',
      { class: 'halving-layout' },
      el('div', { class: 'table-wrap' }, rungsTable(rungs, metric, runOf)),
      rungsChart(rungs, metric, runOf),
    ),
  );
}

/** A trial's number, linked to its run when it has one. */
function trialLink(trial, runOf) {
  const t = runOf.get(trial);
  return t ? el('a', { href: `/run?id=${t.run_id}`, title: `run ${t.run_id}` }, `trial ${trial}`) : `trial ${trial}`;
}

function rungsTable(rungs, metric, runOf) {
  const show = metricText(metric);
  const rows = rungs.map((rung, k) => {
    const last = k === rungs.length - 1;
    const { reported, best, winner, open } = rungFacts(rung, last);
    let outcome;
    if (rung.ended) {
      outcome = el('span', { class: 'muted' }, 'none (no trial reached it)');
    } else if (last) {
      outcome = winner === null ? el('span', { class: 'muted' }, 'not yet decided') : el('span', { class: 'winner' }, 'winner: ', trialLink(winner, runOf));
    } else if (!rung.decided) {
      outcome = el('span', { class: 'muted' }, 'not yet decided');
    } else {
      outcome = rung.promoted.length
        ? rung.promoted.flatMap((trial, i) => [i ? ', ' : '', trialLink(trial, runOf)])
        : el('span', { class: 'muted' }, 'none');
    }
    return el(
      'tr',
      {
        'data-rung': rung.index,
        'data-decided': open ? '0' : '1',
        'data-promoted': !last && rung.decided ? rung.promoted.join(',') : null,
        'data-winner': winner ?? null,
      },
      el('td', { class: 'num', 'data-col': 'rung' }, String(rung.index)),
      el('td', { class: 'num', 'data-col': 'epochs' }, String(rung.epochs)),
      el('td', { class: 'num', 'data-col': 'trials' }, `${rung.entries.length}/${rung.size}`),
      el('td', { class: 'num', 'data-col': 'reported' }, String(reported.length)),
      el('td', { class: 'num', 'data-col': 'best' }, best ? [show(best.value), el('span', { class: 'muted' }, ' (', trialLink(best.trial, runOf), ')')] : '—'),
      el('td', { 'data-col': 'promoted' }, outcome),
    );
  });
  return el(
    'table',
    { id: 'rungs-table', class: 'data' },
    el(
      'thead',
      null,
      el(
        'tr',
        null,
        el('th', { class: 'num', scope: 'col' }, 'rung'),
        el('th', { class: 'num', scope: 'col' }, 'epochs'),
        el('th', { class: 'num', scope: 'col' }, 'trials'),
        el('th', { class: 'num', scope: 'col' }, 'reported'),
        el('th', { class: 'num', scope: 'col' }, `best ${metric}`),
        el('th', { scope: 'col' }, 'promoted'),
      ),
    ),
    el('tbody', null, rows),
  );
}

/**
 * Each trial's figure at every rung it reached, one line per trial: the trials that went on
 * in the accent colour (the winner thickest), the pruned ones grey, ending where they stopped.
 */
function rungsChart(rungs, metric, runOf) {
  const W = 520;
  const H = 250;
  // The plot's frame, and inside it the rungs' columns (inset so no dot sits on an axis).
  const left = 78;
  const right = W - 16;
  const inLeft = left + 34;
  const inRight = right - 70;
  const top = 14;
  const bottom = H - 42;
  const show = metricText(metric);
  const tickText = (v) => (higherIsBetter(metric) ? `${Number((v * 100).toPrecision(3))}%` : String(Number(v.toPrecision(4))));
  const values = rungs.flatMap((r) => r.entries.map((e) => e.value)).filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  const lo0 = values.length ? Math.min(...values) : 0;
  const hi0 = values.length ? Math.max(...values) : 1;
  const pad = (hi0 - lo0) * 0.06 || Math.abs(hi0) * 0.05 || 0.05;
  const lo = lo0 - pad;
  const hi = hi0 + pad;
  const x = (k) => (rungs.length === 1 ? (inLeft + inRight) / 2 : inLeft + ((inRight - inLeft) * k) / (rungs.length - 1));
  const y = (v) => bottom - ((v - lo) / (hi - lo)) * (bottom - top);
  const lastRung = rungs.at(-1);
  const winner = lastRung ? rungFacts(lastRung, true).winner : null;

  // Per trial: its points, rung by rung, while it is a member and has a figure.
  const trials = new Map();
  rungs.forEach((rung, k) => {
    for (const e of rung.entries) {
      if (!trials.has(e.trial)) trials.set(e.trial, []);
      if (e.value !== null && e.value !== undefined && Number.isFinite(e.value)) trials.get(e.trial).push({ k, value: e.value });
    }
  });
  /** Whether a trial is still in: not pruned by a decided rung, not failed. */
  const alive = (trial) => {
    const t = runOf.get(trial);
    return !(t && t.pruned === 1) && t?.status !== 'failed';
  };
  const order = [...trials.keys()].sort((a, b) => Number(alive(a)) - Number(alive(b)) || (a === winner) - (b === winner) || a - b);

  const ticks = niceTicks(lo, hi, 6).filter((v) => v >= lo && v <= hi);
  const axes = [
    svg('line', { class: 'frame', x1: left, x2: left, y1: top, y2: bottom }),
    svg('line', { class: 'frame', x1: left, x2: right, y1: bottom, y2: bottom }),
    ticks.map((v) => [
      svg('line', { class: 'grid', x1: left + 1, x2: right, y1: y(v), y2: y(v) }),
      svg('text', { x: left - 7, y: y(v) + 4, 'text-anchor': 'end' }, tickText(v)),
    ]),
    rungs.map((rung, k) => [
      svg('line', { class: 'rung', x1: x(k), x2: x(k), y1: top, y2: bottom }),
      svg('text', { x: x(k), y: bottom + 16, 'text-anchor': 'middle', class: 'title' }, `rung ${rung.index}`),
      svg('text', { x: x(k), y: bottom + 30, 'text-anchor': 'middle' }, `${plural(rung.epochs, 'epoch')} · ${rung.entries.length}/${rung.size}`),
    ]),
  ];

  const lines = order.map((trial) => {
    const points = trials.get(trial);
    const on = alive(trial);
    const cls = trial === winner ? 'trial winner' : on ? 'trial on' : 'trial off';
    const t = runOf.get(trial);
    const title = `trial ${trial}${t ? ` (run ${t.run_id})` : ''}: ${points.map((p) => `rung ${rungs[p.k].index} ${show(p.value)}`).join(', ')}${
      t?.pruned === 1 ? `; pruned at rung ${t.rung}` : trial === winner ? '; the winner' : ''
    }`;
    const node = svg(
      'g',
      { class: cls, 'data-trial': trial, 'data-run-id': t?.run_id ?? null },
      svg('title', null, title),
      points.length > 1 ? svg('polyline', { points: points.map((p) => `${x(p.k).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ') }) : null,
      points.map((p) => svg('circle', { cx: x(p.k).toFixed(1), cy: y(p.value).toFixed(1), r: trial === winner ? 4.5 : 3.2 })),
      trial === winner && points.length
        ? svg('text', { x: x(points.at(-1).k) + 9, y: y(points.at(-1).value) + 4, class: 'label' }, `trial ${trial}`)
        : null,
    );
    if (t) node.addEventListener('click', () => location.assign(`/run?id=${t.run_id}`));
    return node;
  });

  return el(
    'figure',
    { class: 'rungs-figure' },
    svg(
      'svg',
      { id: 'rungs-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${metric} of each trial at each rung` },
      axes,
      lines,
      svg('text', { x: 30, y: (top + bottom) / 2, transform: `rotate(-90 30 ${(top + bottom) / 2})`, 'text-anchor': 'middle', class: 'title' }, metric),
    ),
    // A key for each kind of line drawn.
    el(
      'figcaption',
      { class: 'legend-line' },
      winner !== null ? el('span', { class: 'key winner' }, 'winner') : null,
      order.some((trial) => trial !== winner && alive(trial)) ? el('span', { class: 'key on' }, 'not pruned') : null,
      order.some((trial) => !alive(trial)) ? el('span', { class: 'key off' }, 'pruned') : null,
    ),
  );
}
