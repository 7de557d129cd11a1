import { Box, Text } from 'ink';
import { formatLoss } from '../reporter.js';

/**
 * The cross-entropy of every finished epoch as columns of block characters, plus the
 * running mean of the current epoch as a lighter last column. The newest epochs are kept
 * when there are more than fit in `width`.
 */
export function LossChart(props: { losses: readonly number[]; current: number | null; width: number; height: number }) {
  const lines = lossChartLines(props.losses, props.current, props.width, props.height);
  return (
    <Box flexDirection="column">
      {lines.map((line, k) => (
        <Text key={k}>{line}</Text>
      ))}
    </Box>
  );
}

const EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** The chart as text lines: a labelled y axis, one column (2 cells) per epoch, an x axis. */
export function lossChartLines(losses: readonly number[], current: number | null, width: number, height: number): string[] {
  const hasCurrent = current !== null && Number.isFinite(current);
  const values = hasCurrent ? [...losses, current] : [...losses];
  if (values.length === 0) return ['(the chart starts after the first batches)'];
  const labelWidth = 9;
  const fit = Math.max(1, Math.floor((width - labelWidth - 2) / 2));
  const first = Math.max(0, values.length - fit);
  const shown = values.slice(first);
  const top = Math.max(...shown);
  const scale = top > 0 ? top : 1;
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    const label = row === height - 1 ? formatLoss(top).slice(0, 8) : row === 0 ? '0' : '';
    let line = `${label.padStart(labelWidth - 1)} │`;
    shown.forEach((v, k) => {
      const eighths = Math.round((v / scale) * height * 8) - row * 8;
      const cell = eighths >= 8 ? EIGHTHS[8]! : eighths <= 0 ? ' ' : EIGHTHS[eighths]!;
      // The current epoch's full cells are shaded, to tell its running mean from finished epochs.
      const isCurrent = hasCurrent && k === shown.length - 1;
      line += (isCurrent && eighths >= 8 ? '▒' : cell) + ' ';
    });
    lines.push(line.trimEnd());
  }
  lines.push(`${' '.repeat(labelWidth - 1)} └${'─'.repeat(shown.length * 2)}`);
  const caption = `epochs ${first + 1}–${first + shown.length}${hasCurrent ? ' (last: current epoch, running mean)' : ''}`;
  lines.push(`${' '.repeat(labelWidth + 1)}${caption}`.slice(0, Math.max(width, 20)));
  return lines;
}
