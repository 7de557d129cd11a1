import { byId, el, replace } from './dom.js';
import * as live from './live.js';

/*
 * The dashboard's entry: picks the view by location.pathname (every page is this one
 * document), and holds what every view shares: fetching the API, showing an error in
 * #error, and the view's state in the query string (readable, restored on load, updated
 * with replaceState so the back button is not filled with slider positions).
 */

/**
 * Each view's module, loaded only on its page; each exports render(root, params, first).
 * `modules` are the files it imports that this one does not (fetched at once, not one
 * import after the other; index.html does so for the runs page). `data` starts the view's
 * first request while its module loads; the view takes that promise (`first`) for its
 * first load (null: it asks itself).
 */
const VIEWS = {
  '/': { load: () => import('./runs.js'), modules: [], data: () => api('/api/runs') },
  '/compare': {
    load: () => import('./compare.js'),
    modules: ['compare.js', 'smooth.js', 'uplot.js'],
    data: (params) => (idList(params, 'runs').length ? api(pageUrl('/api/compare', { runs: idList(params, 'runs') })) : null),
  },
  '/run': {
    load: () => import('./run.js'),
    modules: ['run.js', 'tiles.js', 'confusion.js', 'draw.js', 'training.js', 'forward.js', 'uplot.js'],
  },
  '/sweep': { load: () => import('./sweep.js'), modules: ['sweep.js', 'halving.js'] },
};

/** An API answer that is not 2xx: its one-line reason. */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {number} status
   */
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/**
 * GETs a JSON route; a non-2xx answer throws its {"error"} line as an ApiError.
 * @param {string} path e.g. /api/runs
 * @returns {Promise<any>}
 */
export async function api(path) {
  let res;
  try {
    res = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new ApiError(`the dashboard's server did not answer (${path}); is runner ui still running?`, 0);
  }
  if (!res.ok) {
    let line = `${res.status} ${res.statusText} (${path})`;
    try {
      const body = await res.json();
      if (typeof body?.error === 'string') line = body.error;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(line, res.status);
  }
  return res.json();
}

/**
 * Shows an error's first line in #error (as text), or hides #error when given null.
 * @param {unknown} error
 */
export function showError(error) {
  const box = byId('error');
  if (error === null || error === undefined) {
    box.hidden = true;
    replace(box);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  replace(box, message.split('\n')[0]);
  box.hidden = false;
  if (!(error instanceof ApiError)) console.error(error);
}

/**
 * The current query parameters.
 * @returns {URLSearchParams}
 */
export function readParams() {
  return new URLSearchParams(location.search);
}

/**
 * A comma-separated list of ids from a parameter: "3,7" → [3, 7] (anything else dropped).
 * @param {URLSearchParams} params
 * @param {string} name
 * @returns {number[]}
 */
export function idList(params, name) {
  const text = params.get(name) ?? '';
  const ids = text
    .split(',')
    .filter((t) => /^\d+$/.test(t))
    .map(Number);
  return [...new Set(ids)];
}

/**
 * Sets (or, given null, '' or an empty list, removes) query parameters, keeping the others,
 * with history.replaceState. Lists are joined with commas, left unescaped to stay readable.
 * @param {Record<string, string | number | boolean | number[] | null | undefined>} values
 */
export function writeParams(values) {
  const params = readParams();
  for (const [key, value] of Object.entries(values)) {
    const text = Array.isArray(value) ? value.join(',') : value === null || value === undefined ? '' : String(value);
    if (text === '') params.delete(key);
    else params.set(key, text);
  }
  history.replaceState(history.state, '', pageUrl(location.pathname, params));
}

/**
 * A page's address with these parameters, commas kept readable: /compare?runs=1,2.
 * @param {string} path
 * @param {URLSearchParams | Record<string, string | number | number[]>} params
 * @returns {string}
 */
export function pageUrl(path, params) {
  const search =
    params instanceof URLSearchParams ? params : new URLSearchParams(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
  const query = search.toString().replace(/%2C/gi, ',');
  return query ? `${path}?${query}` : path;
}

/**
 * The document title and the breadcrumb after "Runs" in the top bar.
 * @param {string} title
 * @param {...unknown} crumbs nodes or text after "Runs ›"
 */
export function setTitle(title, ...crumbs) {
  document.title = `${title} · runner`;
  const box = byId('crumbs');
  replace(box, crumbs.length ? [el('span', { class: 'sep', 'aria-hidden': 'true' }, '›'), ...crumbs] : []);
}

/** Shows the store's name in the top bar (from /api/runs). */
export function setStoreLabel(label) {
  const box = document.getElementById('store-label');
  if (box) replace(box, label ? `store: ${label}` : '');
}

async function main() {
  live.start();
  const path = location.pathname.replace(/\/+$/, '') || '/';
  for (const link of document.querySelectorAll('[data-nav]')) link.classList.toggle('active', link.getAttribute('data-nav') === path);
  const root = byId('view');
  const entry = VIEWS[path];
  if (!entry) {
    replace(root);
    showError(`no such page: ${path}`);
    return;
  }
  try {
    for (const name of entry.modules) document.head.appendChild(el('link', { rel: 'modulepreload', href: `/assets/${name}` }));
    const params = readParams();
    const first = entry.data?.(params) ?? null;
    // Its failure is the view's to show, when it awaits it.
    first?.catch(() => {});
    const view = await entry.load();
    await view.render(root, params, first);
  } catch (e) {
    // The view could not load its data: #error says why; drop the "Loading…" placeholder.
    root.querySelector('.loading')?.remove();
    showError(e);
  }
}

main();
