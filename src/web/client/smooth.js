/*
 * Curve smoothing as TensorBoard does it: an exponential moving average of the raw points,
 * debiased so that the first points are not pulled towards zero (the average starts at 0,
 * so after n points it carries only 1 − wⁿ of the data's weight; dividing by that undoes it).
 */

/**
 * The debiased EMA of a series: last = last·w + (1 − w)·v, shown as last / (1 − wⁿ) after n
 * finite points. A gap (null, NaN) stays a gap and does not count.
 * @param {ReadonlyArray<number | null | undefined>} values
 * @param {number} weight w in [0, 1); 0 returns the values unchanged
 * @returns {(number | null)[]}
 */
export function smooth(values, weight) {
  const w = Math.min(Math.max(Number(weight) || 0, 0), 0.999);
  if (w === 0) return values.map((v) => (v === undefined ? null : v));
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || v === undefined || !Number.isFinite(v)) return null;
    last = last * w + (1 - w) * v;
    n++;
    return last / (1 - w ** n);
  });
}
