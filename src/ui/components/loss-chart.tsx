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
  const values = current === null || !Number.isFinite(current) ? [...losses] : [...losses, current];
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
      const isCurrent = current !== null && first + k === values.length - 1 && values.length > losses.length;
      const eighths = Math.round((v / scale) * height * 8) - row * 8;
      const cell = eighths >= 8 ? EIGHTHS[8]! : eighths <= 0 ? ' ' : EIGHTHS[eighths]!;
      line += (isCurrent && cell !== ' ' ? (eighths >= 8 ? '▒' : cell) : cell) + ' ';
    });
    lines.push(line.trimEnd());
  }
  const firstEpoch = first + 1;
  const lastEpoch = first + shown.length;
  const axis = `${' '.repeat(labelWidth - 1)} └${'─'.repeat(shown.length * 2)}`;
  lines.push(axis);
  const caption = `epochs ${firstEpoch}–${lastEpoch}${values.length > losses.length ? ' (last: current epoch, running mean)' : ''}`;
  lines.push(`${' '.repeat(labelWidth + 1)}${caption}`.slice(0, Math.max(width, 20)));
  return lines;
}
