import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/*
 * The dashboard's files: a fixed map from URL path to a file read once at start and served
 * from memory. No path is ever taken from a request. The pages' own code is plain ES
 * modules in src/web/client (no bundler); uPlot comes from its npm package.
 */

export interface Asset {
  type: string;
  body: Buffer;
}

/** The client's folder, from this module in src/web/ (under tsx) or dist/web/ (built): both two levels below the package. */
const CLIENT = fileURLToPath(new URL('../../src/web/client/', import.meta.url));

const TYPES = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml' } as const;

/** The pages: every view is the one document, its state in the query string. */
export const PAGES = ['/', '/compare', '/run', '/sweep'] as const;

const CLIENT_FILES = ['app.js', 'dom.js', 'format.js', 'runs.js', 'runs-columns.js', 'compare.js', 'run.js', 'tiles.js', 'confusion.js', 'draw.js', 'training.js', 'sweep.js', 'halving.js', 'live.js', 'forward.js', 'smooth.js', 'app.css', 'favicon.svg'];

/** Every asset by its URL path, read now: a missing file fails at start, not on a request. */
export function loadAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const uplot = (file: string) => require.resolve(`uplot/dist/${file}`);
  const typeOf = (name: string) => TYPES[name.slice(name.lastIndexOf('.') + 1) as keyof typeof TYPES];
  const assets = new Map<string, Asset>();
  const index = { type: TYPES.html, body: readFileSync(`${CLIENT}index.html`) };
  for (const page of PAGES) assets.set(page, index);
  for (const name of CLIENT_FILES) assets.set(`/assets/${name}`, { type: typeOf(name), body: readFileSync(`${CLIENT}${name}`) });
  assets.set('/assets/uplot.js', { type: TYPES.js, body: readFileSync(uplot('uPlot.esm.js')) });
  assets.set('/assets/uplot.css', { type: TYPES.css, body: readFileSync(uplot('uPlot.min.css')) });
  // Browsers ask for it whatever the page links.
  assets.set('/favicon.ico', assets.get('/assets/favicon.svg')!);
  return assets;
}
