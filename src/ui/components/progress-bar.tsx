import { Text } from 'ink';

/** `████████░░░░░░░░  50%`: a bar `width` cells wide, with eighth-cell precision. */
export function ProgressBar({ done, total, width }: { done: number; total: number; width: number }) {
  return <Text>{progressBarText(done, total, width)}</Text>;
}

const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export function progressBarText(done: number, total: number, width: number): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const eighths = Math.round(fraction * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = PARTIAL[eighths % 8]!;
  const bar = '█'.repeat(full) + partial + '░'.repeat(width - full - (partial ? 1 : 0));
  return `${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}
