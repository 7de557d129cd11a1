/**
 * Key paths as a user spells them, in --set and in a sweep block: `learning_rate`,
 * `data.normalize`, `layers[0].units`, `optimizer.beta1`. A bracket index addresses a list item.
 */

/** `layers[0].units` as ['layers', 0, 'units']; null when it is not such a path. */
export function parseKeyPath(key: string): (string | number)[] | null {
  const path: (string | number)[] = [];
  for (const part of key.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return null;
    path.push(m[1]!);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

/** A path as messages say it: ['layers', '0', 'units'] (or with 0 a number) as `layers[0].units`. */
export function displayPath(path: readonly (string | number)[]): string {
  let out = '';
  path.forEach((p, i) => {
    if (i > 0 && (typeof p === 'number' || /^\d+$/.test(p))) out += `[${p}]`;
    else out += i === 0 ? String(p) : `.${String(p)}`;
  });
  return out;
}

/** Whether `prefix` is `path` or an ancestor of it. */
export function isPathPrefix(prefix: readonly (string | number)[], path: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}

/** Why a list item cannot be addressed: the list is missing (length null) or too short. */
export function noSuchItem(list: readonly (string | number)[], index: number, length: number | null): string {
  const item = displayPath([...list, index]);
  const name = displayPath(list);
  if (length === null) return `there is no ${item}: the experiment has no ${name} list`;
  const items = length === 0 ? 'no items' : length === 1 ? `1 item (${name}[0])` : `${length} items (${name}[0] … ${name}[${length - 1}])`;
  return `there is no ${item}: ${name} has ${items}`;
}
