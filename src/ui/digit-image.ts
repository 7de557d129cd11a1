/**
 * A grey-scale image as text: each cell shows two pixels, one above the other, as
 * ' ', '▀', '▄' or '█' (a pixel is ink when its value is at least `threshold`). A 28 × 28
 * MNIST digit becomes 14 lines of 28 cells, inside a frame.
 */
export function digitLines(pixels: ArrayLike<number>, rows: number, cols: number, threshold = 128): string[] {
  const ink = (r: number, c: number) => r < rows && pixels[r * cols + c]! >= threshold;
  const lines = [`┌${'─'.repeat(cols)}┐`];
  for (let r = 0; r < rows; r += 2) {
    let line = '│';
    for (let c = 0; c < cols; c++) {
      const top = ink(r, c);
      const bottom = ink(r + 1, c);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(`${line}│`);
  }
  lines.push(`└${'─'.repeat(cols)}┘`);
  return lines;
}

/** Two blocks of lines side by side, `gap` spaces apart; the left one padded to its widest line. */
export function sideBySide(left: readonly string[], right: readonly string[], gap = 3): string[] {
  const width = Math.max(0, ...left.map((l) => [...l].length));
  const lines: string[] = [];
  for (let k = 0; k < Math.max(left.length, right.length); k++) {
    const l = left[k] ?? '';
    const r = right[k] ?? '';
    lines.push(r ? `${l}${' '.repeat(width - [...l].length + gap)}${r}` : l);
  }
  return lines;
}
