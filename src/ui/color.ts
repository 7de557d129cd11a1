/**
 * Whether text for `stream` may carry colour: only a terminal, and not when NO_COLOR
 * (https://no-color.org) or CI is set, the same rule the training UI follows.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR && !env.CI;
}
