/**
 * The terminal chart of `runner compare`: the per-epoch cross-entropy of several runs as
 * one curve each, with a legend. Plain strings, no Ink: the compare command prints them.
 */

/** One run's curve: its legend label and its finished epochs (1-based). */
export interface Series {
  /** e.g. "run 3: baseline (lr 0.1)" */
  label: string;
  points: { epoch: number; crossEntropy: number }[];
}

export interface CompareChartOptions {
  /** Columns; no line is longer. */
  width: number;
  /** Lines, legend included. The plot keeps at least 3 rows, so many series can exceed it. */
  height: number;
  /**
   * true: one ANSI colour per series, curves in braille dots (2×4 per cell). false (NO_COLOR,
   * not a TTY): one marker character per series, one per cell, and `#` where curves overlap.
   */
  color: boolean;
}

/** Foreground colours, most legible first; they repeat after twelve series. */
const COLORS = [36, 35, 33, 32, 31, 34, 96, 95, 93, 92, 91, 94];
/** Markers without colour; after these, letters. `#` is kept for overlaps. */
const MARKERS = ['•', '+', 'x', 'o', '*', '%', '@', '='];
const OVERLAP = '#';
const MIN_PLOT_ROWS = 3;
// Braille: bit of the dot at (column dx, row dy) of a cell, dx 0..1, dy 0..3.
const BRAILLE_BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

const paint = (code: number, text: string) => `\x1b[${code}m${text}\x1b[39m`;

function markerOf(k: number): string {
  return MARKERS[k] ?? String.fromCharCode(0x61 + ((k - MARKERS.length) % 26));
}

/** A y-axis value with 5 significant digits, never in exponent notation. */
function axisValue(value: number): string {
  const text = value.toPrecision(5);
  return text.includes('e') ? value.toFixed(Math.abs(value) >= 1 ? 0 : 10).replace(/0+$/, '') : text;
}

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b > 0; b >>= 1) n += b & 1;
  return n;
}

function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** The points a chart draws: those with a finite epoch and cross-entropy, by epoch. */
export function drawablePoints(series: Series): Series['points'] {
  return series.points.filter((p) => Number.isFinite(p.epoch) && Number.isFinite(p.crossEntropy)).sort((a, b) => a.epoch - b.epoch);
}

/**
 * What a legend adds to a series' label when not all of it is drawn: " (no epochs)", or
 * the count of points left out because their cross-entropy is not finite; else "".
 */
export function seriesNote(series: Series): string {
  const { length } = series.points;
  const missing = length - drawablePoints(series).length;
  if (length === 0) return ' (no epochs)';
  if (missing === length) return ' (no finite cross-entropy)';
  return missing > 0 ? ` (${missing} non-finite not drawn)` : '';
}

/**
 * The cross-entropy of several runs against the epoch, as lines of text at most
 * `opts.width` columns wide: a y axis labelled with the highest and lowest value, an x
 * axis labelled with the first and last epoch, then one legend line per series. A series
 * with no epochs draws nothing and is marked "(no epochs)" in the legend; points that are
 * not finite (a diverged run) are left out and counted there.
 */
export function compareChartLines(series: Series[], opts: CompareChartOptions): string[] {
  const drawable = series.map(drawablePoints);
  const all = drawable.flat();
  const overlapsPossible = !opts.color && drawable.filter((d) => d.length > 0).length > 1;

  const legend = (overlapped: boolean): string[] => {
    const lines = series.map((s, k) => {
      const text = ` ${s.label}${seriesNote(s)}`;
      if (opts.color) return `  ${paint(COLORS[k % COLORS.length]!, '━━')}${fit(text, opts.width - 4)}`;
      return `  ${markerOf(k)}${fit(text, opts.width - 3)}`;
    });
    if (overlapped) lines.push(fit(`  ${OVERLAP} two or more runs in the same place`, opts.width));
    return lines;
  };
  if (all.length === 0) return [fit('(no finished epochs to chart)', opts.width), ...legend(false)];

  const epochs = all.map((p) => p.epoch);
  const values = all.map((p) => p.crossEntropy);
  const [firstEpoch, lastEpoch] = [Math.min(...epochs), Math.max(...epochs)];
  const [lo, hi] = [Math.min(...values), Math.max(...values)];

  // Lines around the plot: the y-axis title, the x axis and its labels, the legend.
  const rows = Math.max(MIN_PLOT_ROWS, opts.height - 3 - series.length - (overlapsPossible ? 1 : 0));
  const labels = lo === hi ? [axisValue(hi)] : [axisValue(hi), axisValue(lo)];
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const cols = Math.max(2, opts.width - labelWidth - 2);

  // The curves are drawn on a grid of dots: 2×4 per cell in braille, 1 per cell with markers.
  const [perX, perY] = opts.color ? [2, 4] : [1, 1];
  const [dotsX, dotsY] = [cols * perX, rows * perY];
  // One dot of padding above the highest and below the lowest point, where there is room.
  const pad = perY > 1 ? 1 : 0;
  const xOf = (epoch: number) =>
    lastEpoch === firstEpoch ? Math.floor((dotsX - 1) / 2) : Math.round(((epoch - firstEpoch) / (lastEpoch - firstEpoch)) * (dotsX - 1));
  const yOf = (value: number) =>
    hi === lo ? Math.floor((dotsY - 1) / 2) : pad + Math.round(((hi - value) / (hi - lo)) * (dotsY - 1 - 2 * pad));

  const bits = new Uint8Array(cols * rows);
  // Per cell: -1 empty, else the series drawn there, or -2 for an overlap (markers only). In
  // braille a cell shared by several series takes the colour of the one with most dots there.
  const owner = new Int16Array(cols * rows).fill(-1);
  const ownerDots = new Uint8Array(cols * rows);
  const latest = new Int16Array(cols * rows).fill(-1);
  const latestBits = new Uint8Array(cols * rows);
  let overlapped = false;
  const plot = (k: number, x: number, y: number) => {
    if (x < 0 || y < 0 || x >= dotsX || y >= dotsY) return;
    const cell = Math.floor(y / perY) * cols + Math.floor(x / perX);
    if (opts.color) {
      const bit = BRAILLE_BITS[y % 4]![x % 2]!;
      bits[cell] |= bit;
      // Series are drawn one after another, so each cell counts the dots of the latest one.
      if (latest[cell] !== k) [latest[cell], latestBits[cell]] = [k, 0];
      latestBits[cell] |= bit;
      const dots = popcount(latestBits[cell]!);
      if (owner[cell] === -1 || owner[cell] === k || dots >= ownerDots[cell]!) [owner[cell], ownerDots[cell]] = [k, dots];
    } else if (owner[cell] === -1 || owner[cell] === k) {
      owner[cell] = k;
    } else {
      owner[cell] = -2;
      overlapped = true;
    }
  };
  // Bresenham between two dots, both ends included.
  const segment = (k: number, x0: number, y0: number, x1: number, y1: number) => {
    const [dx, dy] = [Math.abs(x1 - x0), -Math.abs(y1 - y0)];
    const [sx, sy] = [x0 < x1 ? 1 : -1, y0 < y1 ? 1 : -1];
    let err = dx + dy;
    for (;;) {
      plot(k, x0, y0);
      if (x0 === x1 && y0 === y1) return;
      const e2 = 2 * err;
      if (e2 >= dy) [err, x0] = [err + dy, x0 + sx];
      if (e2 <= dx) [err, y0] = [err + dx, y0 + sy];
    }
  };
  drawable.forEach((points, k) => {
    if (points.length === 1 && opts.color) {
      // A lone braille dot is hard to see: a 2×2 block instead, within the dot's cell.
      const [x, y] = [xOf(points[0]!.epoch), yOf(points[0]!.crossEntropy)];
      const [x0, y0] = [x - (x % 2), y % 4 === 3 ? y - 1 : y];
      for (const [ox, oy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) plot(k, x0 + ox, y0 + oy);
      return;
    }
    points.forEach((p, i) => {
      const prev = points[i - 1] ?? p;
      segment(k, xOf(prev.epoch), yOf(prev.crossEntropy), xOf(p.epoch), yOf(p.crossEntropy));
    });
  });

  /** One plot row's cells, a colour escape per run of cells of the same series. */
  const rowText = (row: number): string => {
    let used = cols;
    while (used > 0 && owner[row * cols + used - 1] === -1) used--;
    let text = '';
    for (let c = 0; c < used; ) {
      const k = owner[row * cols + c]!;
      let end = c + 1;
      while (end < used && owner[row * cols + end] === k) end++;
      const cells = Array.from({ length: end - c }, (_, j) => row * cols + c + j);
      if (k === -1) text += ' '.repeat(end - c);
      else if (k === -2) text += OVERLAP.repeat(end - c);
      else if (opts.color) text += paint(COLORS[k % COLORS.length]!, String.fromCharCode(...cells.map((cell) => 0x2800 + bits[cell]!)));
      else text += markerOf(k).repeat(end - c);
      c = end;
    }
    return text;
  };
  const rowLabel = new Map<number, string>(
    lo === hi ? [[Math.floor(yOf(hi) / perY), labels[0]!]] : [[0, labels[0]!], [rows - 1, labels[1]!]],
  );
  const lines = ['cross-entropy'];
  for (let row = 0; row < rows; row++) {
    const label = rowLabel.get(row);
    lines.push(`${(label ?? '').padStart(labelWidth)} ${label === undefined ? '│' : '┤'}${rowText(row)}`);
  }
  lines.push(`${' '.repeat(labelWidth)} └${'─'.repeat(cols)}`);
  lines.push(`${' '.repeat(labelWidth + 2)}${epochAxisLabels(firstEpoch, lastEpoch, cols)}`.trimEnd());
  return [...lines, ...legend(overlapped)];
}

/** The first epoch under the first column, the last under the last, "epoch" between. */
function epochAxisLabels(first: number, last: number, cols: number): string {
  if (first === last) {
    const text = `epoch ${first}`;
    return fit(' '.repeat(Math.max(0, Math.floor((cols - 1) / 2) - 6)) + text, cols);
  }
  const [left, right] = [String(first), String(last)];
  const gap = cols - left.length - right.length;
  if (gap < 7) return fit(`${left}–${right} epoch`, cols);
  const before = Math.floor((gap - 5) / 2);
  return `${left}${' '.repeat(before)}epoch${' '.repeat(gap - 5 - before)}${right}`;
}
