/*
 * How the pages write numbers, percentages, durations and times. A missing value
 * (null: not evaluated yet, not finished) is shown as an em dash everywhere.
 */

export const MISSING = '—';

const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

/**
 * A number with a fixed count of decimals (cross-entropies: 4).
 * @param {number | null | undefined} v
 * @param {number} [digits]
 * @returns {string}
 */
export function fixed(v, digits = 4) {
  return isNumber(v) ? v.toFixed(digits) : MISSING;
}

/**
 * A fraction as a percentage: 0.9153 → "91.53%".
 * @param {number | null | undefined} v
 * @param {number} [digits]
 * @returns {string}
 */
export function percent(v, digits = 2) {
  return isNumber(v) ? `${(v * 100).toFixed(digits)}%` : MISSING;
}

/**
 * A signed difference, with a true minus sign: +0.0123, −0.0123.
 * @param {number | null | undefined} v
 * @param {number} [digits]
 * @param {string} [unit] appended (e.g. " pp")
 * @returns {string}
 */
export function signed(v, digits = 4, unit = '') {
  if (!isNumber(v)) return MISSING;
  const text = Math.abs(v).toFixed(digits);
  // -0.0000 reads as a change; a difference that rounds to zero has no sign.
  const sign = Number(text) === 0 ? '±' : v > 0 ? '+' : '−';
  return `${sign}${text}${unit}`;
}

/**
 * A duration in seconds, at a precision that suits its size: 0.56 s, 12.3 s, 4 m 05 s, 2 h 03 m.
 * @param {number | null | undefined} seconds
 * @returns {string}
 */
export function duration(seconds) {
  if (!isNumber(seconds)) return MISSING;
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} m`;
}

const pad = (n) => String(n).padStart(2, '0');

/**
 * An ISO timestamp in the reader's local time: "2026-12-03 15:48:03".
 * @param {string | null | undefined} iso
 * @returns {string}
 */
export function dateTime(iso) {
  if (!iso) return MISSING;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A short local timestamp for narrow columns: "15:48" today, "Dec 3 15:48" this year, else "2025-12-03".
 * @param {string | null | undefined} iso
 * @param {Date} [now]
 * @returns {string}
 */
export function shortDateTime(iso, now = new Date()) {
  if (!iso) return MISSING;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  if (d.getFullYear() !== now.getFullYear()) return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === now.toDateString()) return time;
  return `${MONTHS[d.getMonth()]} ${d.getDate()} ${time}`;
}

/**
 * How long ago a timestamp was: "12 s ago", "5 min ago", "3 h ago", "2 days ago".
 * @param {string | null | undefined} iso
 * @param {number} [now] ms since the epoch
 * @returns {string}
 */
export function ago(iso, now = Date.now()) {
  if (!iso) return MISSING;
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (s < 60) return `${Math.round(s)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

/**
 * A setting's value as the YAML would read it: numbers as written (0.003, 1e-8), booleans,
 * strings; an unset value as an em dash.
 * @param {unknown} v
 * @returns {string}
 */
export function settingValue(v) {
  if (v === null || v === undefined) return MISSING;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * A count with thin thousands separators: 10000 → "10 000".
 * @param {number | null | undefined} n
 * @returns {string}
 */
export function count(n) {
  return isNumber(n)
    ? Math.round(n)
        .toString()
        .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')
    : MISSING;
}
