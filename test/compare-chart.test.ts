import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { compareChartLines, type Series } from '../src/ui/compare-chart.js';
import { lossChartSvg } from '../src/ui/svg-chart.js';

const curve = (...losses: number[]) => losses.map((crossEntropy, k) => ({ epoch: k + 1, crossEntropy }));
const baseline: Series = { label: 'run 3: baseline (lr 0.1)', points: curve(1.24, 0.72, 0.56, 0.48, 0.43, 0.41, 0.38, 0.36, 0.35, 0.34) };
const wide: Series = { label: 'run 4: wide (units 300)', points: curve(0.92, 0.45, 0.36, 0.31, 0.28, 0.26, 0.25, 0.24, 0.235, 0.23, 0.226, 0.222) };
const queued: Series = { label: 'run 6: queued', points: [] };
const ESCAPE = /\x1b\[/;
const columns = (line: string) => [...stripVTControlCharacters(line)].length;

/** The plot rows (between the y-axis title and the x axis), each cut to its cells. */
function plotRows(lines: string[]): string[] {
  const axis = lines.findIndex((l) => l.includes('└'));
  const start = lines[axis]!.indexOf('└') + 1;
  return lines.slice(1, axis).map((l) => [...stripVTControlCharacters(l)].slice(start).join(''));
}

/** The row of the first and of the last cell that `drawn` accepts in the plot's first and last columns. */
function rowsAtEnds(rows: string[], drawn: (cell: string) => boolean): [number, number] {
  const width = Math.max(...rows.map((r) => [...r].length));
  const rowAt = (col: number) => rows.findIndex((r) => drawn([...r][col] ?? ' '));
  return [rowAt(0), rowAt(width - 1)];
}

test('the text chart keeps to its width, in both colour modes and at several sizes', () => {
  const long: Series = { label: `run 9: ${'a very long label '.repeat(8)}`, points: curve(2, 1) };
  for (const color of [false, true]) {
    for (const [width, height] of [[72, 16], [40, 10], [24, 8], [120, 30]] as const) {
      const lines = compareChartLines([baseline, wide, queued, long], { width, height, color });
      for (const line of lines) assert.ok(columns(line) <= width, `${columns(line)} > ${width}: ${JSON.stringify(line)}`);
      assert.ok(lines.some((l) => columns(l) === width), 'the plot uses the whole width');
    }
  }
  assert.equal(compareChartLines([baseline, wide, queued], { width: 72, height: 16, color: true }).length, 16);
});

test('the legend names every series, the empty one marked "(no epochs)"', () => {
  for (const color of [false, true]) {
    const lines = compareChartLines([baseline, wide, queued], { width: 72, height: 16, color }).map((l) => stripVTControlCharacters(l));
    const legend = lines.slice(lines.findIndex((l) => l.includes('└')) + 2);
    assert.match(legend[0]!, /^  \S+ run 3: baseline \(lr 0\.1\)$/);
    assert.match(legend[1]!, /^  \S+ run 4: wide \(units 300\)$/);
    assert.match(legend[2]!, /^  \S+ run 6: queued \(no epochs\)$/);
  }
});

test('without colour: no escape codes, one marker per series, # where they meet', () => {
  const lines = compareChartLines([baseline, wide, queued], { width: 72, height: 16, color: false });
  for (const line of lines) assert.doesNotMatch(line, ESCAPE);
  const plot = plotRows(lines).join('');
  const markers = lines.slice(-3).map((l) => l.trim()[0]!);
  assert.equal(new Set(markers).size, 3, `distinct markers: ${markers.join(' ')}`);
  assert.ok(plot.includes(markers[0]!) && plot.includes(markers[1]!));
  assert.ok(!plot.includes(markers[2]!), 'the empty series draws nothing');
  assert.ok(!plot.includes('#'), 'these curves do not meet');
  assert.equal(lines[0], 'cross-entropy');
  assert.match(lines.at(-4)!, /^ +1 +epoch +12$/);

  // Curves that meet at an epoch share a cell: it is marked, and the legend says why.
  const crossing = compareChartLines(
    [
      { label: 'up', points: curve(0.5, 0.75, 1) },
      { label: 'down', points: curve(1, 0.75, 0.5) },
    ],
    { width: 41, height: 12, color: false },
  );
  assert.ok(plotRows(crossing).join('').includes('#'), crossing.join('\n'));
  assert.equal(crossing.at(-1), '  # two or more runs in the same place');
});

test('with colour: a distinct colour per series, in the plot and on its legend line', () => {
  const lines = compareChartLines([baseline, wide, queued], { width: 72, height: 16, color: true });
  const codes = lines.slice(-3).map((l) => l.match(/\x1b\[(\d+)m/)?.[1]);
  assert.ok(codes.every((c) => c !== undefined && c !== '39'), JSON.stringify(codes));
  assert.equal(new Set(codes).size, 3);
  const plot = lines.slice(1, -5).join('\n');
  for (const code of codes.slice(0, 2)) assert.ok(plot.includes(`\x1b[${code}m`), `colour ${code} drawn`);
  assert.ok(!plot.includes(`\x1b[${codes[2]}m`), 'the empty series draws nothing');
  // Braille only in the plot, and no overlap marker: colours tell the curves apart.
  assert.match(stripVTControlCharacters(plot), /[\u2801-\u28ff]/);
  assert.ok(!stripVTControlCharacters(plot).includes('#'));
});

test('a decreasing series starts in an upper row and ends in a lower one', () => {
  const plain = plotRows(compareChartLines([baseline], { width: 60, height: 12, color: false }));
  const [first, last] = rowsAtEnds(plain, (c) => c === '•');
  assert.equal(first, 0);
  assert.equal(last, plain.length - 1);
  const braille = plotRows(compareChartLines([baseline], { width: 60, height: 12, color: true }));
  const [top, bottom] = rowsAtEnds(braille, (c) => c > '\u2800' && c <= '\u28ff');
  assert.equal(top, 0);
  assert.equal(bottom, braille.length - 1);
  // The axis is labelled with the highest and lowest value, at those rows.
  const lines = compareChartLines([baseline], { width: 60, height: 12, color: false });
  assert.match(lines[1]!, /^ *1\.2400 ┤/);
  assert.match(lines[plain.length]!, /^ *0\.34000 ┤/);
});

test('a single point, and equal values, are drawn on one labelled row', () => {
  for (const color of [false, true]) {
    const one = compareChartLines([{ label: 'run 1', points: curve(0.83) }], { width: 50, height: 9, color });
    const rows = plotRows(one);
    const drawn = rows.map((r, k) => (r.trim() === '' ? -1 : k)).filter((k) => k >= 0);
    assert.equal(drawn.length, 1, one.join('\n'));
    assert.match(stripVTControlCharacters(one[1 + drawn[0]!]!), /^0\.83000 ┤ +\S+$/);
    assert.match(one.at(-2)!, /^ +epoch 1$/);

    const flat = compareChartLines([{ label: 'run 2', points: curve(0.5, 0.5, 0.5) }], { width: 50, height: 9, color });
    const flatRows = plotRows(flat).filter((r) => r.trim() !== '');
    assert.equal(flatRows.length, 1, flat.join('\n'));
    assert.ok(flat.some((l) => stripVTControlCharacters(l).startsWith('0.50000 ┤')));
    assert.ok(!flat.join('\n').includes('NaN'));
  }
});

test('nothing to draw: a note and the legend; not-finite losses are left out and counted', () => {
  assert.deepEqual(compareChartLines([queued], { width: 72, height: 16, color: false }), [
    '(no finished epochs to chart)',
    '  • run 6: queued (no epochs)',
  ]);
  const diverged: Series = { label: 'run 8: lr 5', points: [...curve(2.3, 1.9), { epoch: 3, crossEntropy: NaN }] };
  const lines = compareChartLines([diverged], { width: 72, height: 12, color: false });
  assert.ok(!lines.join('\n').includes('NaN'));
  assert.equal(lines.at(-1), '  • run 8: lr 5 (1 non-finite not drawn)');
  assert.match(lines.at(-2)!, /^ +1 +epoch +2$/);
});

test('the SVG chart: one line per drawn series, axis titles, labels in the legend', async () => {
  const svg = await lossChartSvg([baseline, wide, queued], { title: 'Training cross-entropy per epoch' });
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 80));
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  assert.match(svg, /^<svg[^>]* width="(\d+)" height="(\d+)"/);
  const [, width, height] = svg.match(/^<svg[^>]* width="(\d+)" height="(\d+)"/)!;
  assert.ok(Number(width) >= 560 && Number(width) <= 700 && Number(height) >= 320 && Number(height) <= 520, `${width}×${height}`);
  assert.match(svg, /<rect width="\d+" height="\d+" fill="white"\/>/);
  // vega draws each series' line as one path in its own mark-line group; the empty one has none.
  const lines = svg.match(/<g class="mark-line role-mark[^"]*"[^>]*><path [^>]*aria-roledescription="line mark"/g) ?? [];
  assert.equal(lines.length, 2);
  assert.equal((svg.match(/aria-roledescription="point"/g) ?? []).length, 22);
  for (const text of [
    'run 3: baseline (lr 0.1)',
    'run 4: wide (units 300)',
    'run 6: queued (no epochs)',
    'epoch',
    'cross-entropy (training, mean of mini-batch losses)',
    'Training cross-entropy per epoch',
  ]) {
    assert.ok(svg.includes(`>${text}</text>`), `a text element with ${text}`);
  }
  assert.ok(!svg.includes('NaN'));
  assert.ok(!/https?:\/\/(?!www\.w3\.org)/.test(svg), 'nothing loaded from the network');
});

test('the SVG chart escapes labels and title', async () => {
  const label = 'run 5: a <b> & "c"';
  const svg = await lossChartSvg([{ label, points: curve(1, 0.5) }], { title: 'x < y & z' });
  assert.ok(svg.includes('>run 5: a &lt;b&gt; &amp; "c"</text>'));
  assert.ok(svg.includes('run 5: a &lt;b&gt; &amp; &quot;c&quot;'), 'escaped in attributes too');
  assert.ok(svg.includes('>x &lt; y &amp; z</text>'));
  assert.ok(!svg.includes('<b>') && !svg.includes('& "') && !svg.includes('x < y'));
});

test('the SVG chart with one point, equal values, or nothing at all', async () => {
  for (const series of [[{ label: 'one', points: curve(0.83) }], [{ label: 'flat', points: curve(0.5, 0.5, 0.5) }], [queued]]) {
    const svg = await lossChartSvg(series);
    assert.ok(svg.startsWith('<svg') && svg.trimEnd().endsWith('</svg>'));
    assert.ok(!svg.includes('NaN') && !svg.includes('Infinity'), series[0]!.label);
    assert.ok(svg.includes(`>${series[0]!.label}${series[0]!.points.length === 0 ? ' (no epochs)' : ''}</text>`));
  }
});
