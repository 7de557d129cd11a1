/**
 * The chart of `runner compare --svg`: a vega-lite spec compiled to vega and rendered
 * headless to SVG text. vega and vega-lite (about 0.2 s to load) are imported only when a
 * chart is drawn, so importing this module costs nothing.
 */
import type { TopLevelSpec } from 'vega-lite';
import { drawablePoints, seriesNote, type Series } from './compare-chart.js';

const Y_TITLE = 'cross-entropy (training, mean of mini-batch losses)';

/**
 * An SVG document (640 px wide) with one line per series, a point per epoch, x = epoch with
 * integer ticks, y = cross-entropy not starting at zero, and a legend of the labels below
 * the plot. A series with no epochs appears in the legend only, marked "(no epochs)".
 * Labels and title are escaped by vega's SVG renderer.
 */
export async function lossChartSvg(series: Series[], opts: { title?: string } = {}): Promise<string> {
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const view = new vega.View(vega.parse(compile(lossChartSpec(series, opts)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The vega-lite spec, with the data inline: no loading from files or the network. */
export function lossChartSpec(series: Series[], opts: { title?: string } = {}): TopLevelSpec {
  // The legend keys on the label, so two runs with the same label must not merge.
  const seen = new Map<string, number>();
  const labels = series.map((s) => {
    const text = `${s.label}${seriesNote(s)}`;
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    return n === 1 ? text : `${text} [${n}]`;
  });
  const values = series.flatMap((s, k) => drawablePoints(s).map((p) => ({ run: labels[k]!, epoch: p.epoch, crossEntropy: p.crossEntropy })));
  const epochs = values.map((v) => v.epoch);
  const [first, last] = epochs.length > 0 ? [Math.min(...epochs), Math.max(...epochs)] : [1, 1];
  const losses = values.map((v) => v.crossEntropy);
  // All values equal: a band of ±10% around them, which vega would otherwise collapse; no
  // values: 0.45 to 0.55 rather than vega's empty domain (Infinity to -Infinity).
  const flat = losses.length === 0 || Math.min(...losses) === Math.max(...losses);
  const middle = losses[0] ?? 0.5;
  const spread = flat ? Math.abs(middle) * 0.1 || 0.5 : 0;
  const longest = Math.max(0, ...series.map((s) => s.points.length));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(opts.title === undefined ? {} : { title: { text: opts.title, anchor: 'start', fontSize: 14, offset: 10 } }),
    width: 560,
    height: 280,
    padding: 12,
    background: 'white',
    data: { values },
    mark: { type: 'line', strokeWidth: 2, point: { filled: true, size: longest > 40 ? 12 : 36 } },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        // A single epoch still gets a scale that shows it in the middle.
        scale: { domain: first === last ? [first - 0.5, first + 0.5] : [first, last], nice: false, zero: false },
        axis: { title: 'epoch', format: 'd', tickMinStep: 1, grid: false },
      },
      y: {
        field: 'crossEntropy',
        type: 'quantitative',
        scale: flat ? { domain: [middle - spread, middle + spread], zero: false } : { zero: false },
        // Above the axis, level: vega measures text without a canvas by an estimate too long
        // for a rotated title this long, and pads the whole chart for it.
        axis: { title: Y_TITLE, titleAngle: 0, titleAnchor: 'end', titleAlign: 'left', titleBaseline: 'bottom', titleX: -36, titleY: -10 },
      },
      color: {
        field: 'run',
        type: 'nominal',
        // Every series in the legend, in the order given, even those with no point.
        scale: { domain: labels },
        legend: { title: null, orient: 'bottom', offset: 14, direction: 'vertical', labelLimit: 600, labelFontSize: 12, symbolType: 'stroke' },
      },
    },
  };
}
