import { el, emptyRow, numberHead, replace, section } from './dom.js';
import { count, dateTime, duration, fixed, MISSING, percent, shortDateTime, signed } from './format.js';
import uPlot from './uplot.js';

/*
 * The run page's training card: the training cross-entropy per epoch in a small uPlot chart
 * (the held-out images' cross-entropy beside it when the run has data.validation, the
 * evaluations' test cross-entropy as dots), the epochs table (with the validation figures
 * when there are any) and the evaluations table. The page calls render() again whenever
 * its epochs or evaluations change.
 */

/** Whether any of these epochs has the held-out images' figures (data.validation). */
export function hasValidation(epochs) {
  return epochs.some((e) => e.val_cross_entropy !== null && e.val_cross_entropy !== undefined);
}

export class TrainingCard {
  /** @param {import('./run.js').RunPage} page the run: its id, epoch rows and evaluations */
  constructor(page) {
    this.page = page;
    this.plot = null;
    this.chart = el('div', { id: 'run-chart', class: 'run-chart' });
    /** The series the chart was made with (uPlot's are fixed): a change makes it again. */
    this.plotSeries = '';
    this.epochsTable = el('table', { id: 'epochs-table', class: 'data' });
    this.evaluationsTable = el('table', { id: 'run-evaluations', class: 'data' });
    this.renderEpochs();
    this.renderEvaluations();
    this.node = section(
      'Training',
      null,
      this.chart,
      el('h3', null, 'Epochs'),
      el('div', { class: 'scroll' }, this.epochsTable),
      el('h3', null, 'Evaluations on the test set'),
      el('div', { class: 'table-wrap' }, this.evaluationsTable),
    );
  }

  /** Everything again, from the page's epochs and evaluations. */
  render() {
    this.renderEpochs();
    this.renderEvaluations();
    this.drawChart();
  }

  renderEpochs() {
    const epochs = this.page.epochRows;
    const validated = hasValidation(epochs);
    const rows = epochs.map((e, k) =>
      el(
        'tr',
        { 'data-epoch': e.epoch },
        el('td', { class: 'num' }, String(e.epoch)),
        el('td', { class: 'num', 'data-col': 'cross_entropy' }, fixed(e.cross_entropy)),
        el('td', { class: 'num muted' }, k === 0 ? MISSING : signed(e.cross_entropy - epochs[k - 1].cross_entropy)),
        validated ? el('td', { class: 'num', 'data-col': 'val_cross_entropy' }, fixed(e.val_cross_entropy)) : null,
        validated ? el('td', { class: 'num', 'data-col': 'val_accuracy' }, percent(e.val_accuracy)) : null,
        el('td', { class: 'num' }, duration(e.seconds)),
        // Beside the validation columns the time is short (15:48), its date in the title.
        el('td', { class: 'num muted', title: validated ? dateTime(e.finished_at) : null }, validated ? shortDateTime(e.finished_at) : dateTime(e.finished_at)),
      ),
    );
    const head = validated ? ['epoch', 'cross-entropy', 'change', 'val CE', 'val acc.', 'time', 'finished'] : ['epoch', 'cross-entropy', 'change', 'time', 'finished'];
    this.epochsTable.toggleAttribute('data-validation', validated);
    replace(this.epochsTable, numberHead(...head), el('tbody', null, rows.length ? rows : emptyRow(head.length, 'No epoch finished yet.')));
  }

  renderEvaluations() {
    const evals = this.page.detail.evaluations;
    const rows = evals.map((e) =>
      el(
        'tr',
        { 'data-epoch': e.epoch },
        el('td', { class: 'num' }, String(e.epoch)),
        el('td', { class: 'num' }, percent(e.test_accuracy)),
        el('td', { class: 'num' }, fixed(e.test_cross_entropy)),
        el('td', { class: 'num' }, `${count(e.test_correct)} / ${count(e.test_images)}`),
        el('td', { class: 'num muted' }, dateTime(e.evaluated_at)),
      ),
    );
    replace(
      this.evaluationsTable,
      numberHead('epoch', 'test accuracy', 'test CE', 'right', 'evaluated'),
      el('tbody', null, rows.length ? rows : emptyRow(5, `Not evaluated yet: runner eval ${this.page.id}`)),
    );
  }

  /** The run's training cross-entropy per epoch, the held-out images' beside it (if any), and its evaluations' test cross-entropy as dots. */
  drawChart() {
    const rows = this.page.epochRows;
    const evaluations = this.page.detail.evaluations;
    if (rows.length === 0) {
      this.plot?.destroy();
      this.plot = null;
      this.plotSeries = '';
      this.chart.removeAttribute('data-series');
      replace(this.chart);
      return;
    }
    const validated = hasValidation(rows);
    const xs = [...new Set([...rows.map((e) => e.epoch), ...evaluations.map((e) => e.epoch)])].sort((a, b) => a - b);
    const train = new Map(rows.map((e) => [e.epoch, e.cross_entropy]));
    const val = new Map(rows.map((e) => [e.epoch, e.val_cross_entropy]));
    const test = new Map(evaluations.map((e) => [e.epoch, e.test_cross_entropy]));
    const data = [
      xs,
      xs.map((x) => train.get(x) ?? null),
      ...(validated ? [xs.map((x) => val.get(x) ?? null)] : []),
      xs.map((x) => test.get(x) ?? null),
    ];
    const names = validated ? 'training,validation,test' : 'training,test';
    this.chart.setAttribute('data-series', names);
    if (this.plot && this.plotSeries === names) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.plot = null;
    this.plotSeries = names;
    const axis = {
      stroke: '#475467',
      font: '11px system-ui, sans-serif',
      labelFont: '600 11px system-ui, sans-serif',
      grid: { stroke: '#edf0f3' },
      ticks: { stroke: '#d0d5dd', size: 4 },
    };
    const opts = {
      width: Math.max(280, this.chart.clientWidth || 520),
      height: 190,
      legend: { show: true, live: true },
      scales: { x: { time: false } },
      series: [
        { label: 'epoch' },
        { label: 'training CE', stroke: '#1f77b4', width: 2, spanGaps: true, value: (u, v) => fixed(v) },
        ...(validated ? [{ label: 'validation CE', stroke: '#2ca02c', width: 2, dash: [6, 4], spanGaps: true, value: (u, v) => fixed(v) }] : []),
        { label: 'test CE', stroke: '#ff7f0e', width: 0, paths: () => null, points: { show: true, size: 8, fill: '#ff7f0e' }, value: (u, v) => fixed(v) },
      ],
      axes: [
        { ...axis, label: 'epoch', labelSize: 20, size: 30, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
        { ...axis, size: 48, values: (u, vals) => vals.map((v) => String(Number(v.toPrecision(3)))) },
      ],
    };
    replace(this.chart);
    this.plot = new uPlot(opts, data, this.chart);
  }
}
