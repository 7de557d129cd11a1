import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RunnerError, StoreUnavailableError } from '../errors.js';
import type { Store } from '../store/store.js';
import { createApi, SettingsCache } from './api.js';
import { loadAssets } from './assets.js';
import { allowedHostnames, checkRequest, HttpError, send, sendError, sendJson } from './http.js';
import { LiveFeed } from './live.js';

/*
 * The dashboard's HTTP server (runner ui): the fixed asset map, the JSON API and the live
 * events, over a store opened read-only. Every request passes checkRequest first.
 */

export interface DashboardOptions {
  store: Store;
  host: string;
  /** 0: any free port. */
  port: number;
  /** Host names besides localhost, 127.0.0.1 and [::1] that requests may be addressed to. */
  allowedHosts: readonly string[];
  /** Where a fault the pages cannot show goes (stderr). */
  log: (line: string) => void;
}

export interface Dashboard {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { store, log } = options;
  const assets = loadAssets();
  const settings = new SettingsCache();
  const api = createApi(store, settings);
  const live = new LiveFeed(store, log, settings);
  const hosts = allowedHostnames(options.allowedHosts);
  // The first listing parses every run's config; done now, the first page load is served from it.
  await api.answer('/api/runs', new URLSearchParams()).catch(() => {});

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkRequest(req, hosts);
    // Parsed against a fixed base: the path is only ever matched, never joined to a folder.
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const path = url.pathname;
    const asset = assets.get(path);
    if (asset) {
      send(req, res, 200, asset.type, asset.body, { 'Cache-Control': 'no-cache' });
      return;
    }
    if (path === '/api/events') return live.listen(req, res);
    if (!path.startsWith('/api/')) throw new HttpError(404, `no such page: ${path}`);
    const answer = await api.answer(path, url.searchParams);
    if ('json' in answer) sendJson(req, res, 200, answer.json);
    else if ('jsonText' in answer) send(req, res, 200, 'application/json; charset=utf-8', answer.jsonText, { 'Cache-Control': 'no-store' });
    else {
      send(req, res, 200, answer.type, answer.file, { 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${answer.filename}"` });
    }
  }

  const server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(req, res, httpErrorOf(e, log));
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // A wildcard address is shown as this machine's loopback, which it also serves.
  const shownHost = options.host === '0.0.0.0' ? '127.0.0.1' : options.host === '::' ? '[::1]' : options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        live.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * What a failed request is answered with: its HttpError; 503 while the store is away
 * (locked past the busy timeout, a PostgreSQL restart); 422 for a run the store cannot
 * serve (its weights or data do not fit); 500, logged, for anything else (a bug).
 */
function httpErrorOf(e: unknown, log: (line: string) => void): HttpError {
  if (e instanceof HttpError) return e;
  const line = ((e instanceof RunnerError ? e.lines[0] : undefined) ?? (e as Error).message ?? String(e)).split('\n')[0]!.replace(/^runner: /, '');
  if (e instanceof StoreUnavailableError) return new HttpError(503, line);
  if (e instanceof RunnerError) return new HttpError(422, line);
  log(`runner ui: ${line}`);
  return new HttpError(500, `the server failed: ${line}`);
}
