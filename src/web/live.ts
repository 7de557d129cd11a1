import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EpochRow, RunListRow, Store } from '../store/store.js';
import { anyLayered, listedRun, type SettingsCache } from './api.js';
import { HttpError, SECURITY_HEADERS } from './http.js';

/*
 * Live updates: one watcher per server asks the store whether anything was committed
 * (Store.changeToken: SQLite's data_version, a cheap summary on PostgreSQL), and only then
 * lists the runs that can have changed (new, running, or just evaluated; never every run),
 * and sends what changed to every page as server-sent events:
 *   event: run      data: a run as /api/runs lists it (a new run, or one whose row changed)
 *   event: epochs   data: {run_id, epochs: [epoch rows not sent before]}
 *   event: heartbeat data: {at}  every 10 s, so a page can tell a quiet store from a lost server
 * Every event has an id (a counter); a page that reconnects reloads what it shows.
 */

/** How often the store is asked for a change: at first, and after one. */
const POLL_FIRST_MS = 200;
/** The longest wait between two asks while nothing changes (backoff), well inside the 2 s a new epoch must take to show. */
const POLL_MAX_MS = 800;
/** Every 10 s, or every $RUNNER_UI_HEARTBEAT_SECONDS. */
const heartbeatMs = () => Math.max(0.1, Number(process.env.RUNNER_UI_HEARTBEAT_SECONDS) || 10) * 1000;
/** Most pages listening at once. */
export const MAX_LISTENERS = 32;

/** What the watcher knows of a run, to tell what changed. */
interface Known {
  /** The row as last listed, as JSON, without its heartbeat: a change in any other column is sent. */
  row: string;
  running: boolean;
  epochsSent: number;
}

export class LiveFeed {
  private readonly listeners = new Set<ServerResponse>();
  private readonly known = new Map<number, Known>();
  private lastId = 0;
  private maxRunId = 0;
  private evaluatedAfter = '';
  private token: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private delay = POLL_FIRST_MS;
  private stopped = false;
  private started: Promise<void> | undefined;
  /** Whether any run declares layers: settings are then listed per layer, as /api/runs lists them. */
  private layered = false;

  constructor(
    private readonly store: Store,
    private readonly onError: (message: string) => void,
    private readonly settings: SettingsCache,
  ) {}

  /** Serves /api/events: the stream stays open until the page leaves or the server stops. */
  async listen(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.listeners.size >= MAX_LISTENERS) throw new HttpError(503, `already ${MAX_LISTENERS} pages listening`);
    // A start that failed (the store locked or away) is tried again by the next page, not kept.
    this.started ??= this.start().catch((e: unknown) => {
      this.started = undefined;
      throw new HttpError(503, `live updates are not available now: ${(e as Error).message.split('\n')[0]}`);
    });
    await this.started;
    if (this.listeners.size >= MAX_LISTENERS) throw new HttpError(503, `already ${MAX_LISTENERS} pages listening`);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    this.listeners.add(res);
    res.write(`retry: 1000\n`);
    res.write(this.frame('hello', { runs: this.known.size }));
    req.on('close', () => this.listeners.delete(res));
  }

  /** Ends every stream and stops watching. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    for (const res of this.listeners) res.end();
    this.listeners.clear();
  }

  /** The first listing, once: what every later change is told apart from. */
  private async start(): Promise<void> {
    this.token = await this.store.changeToken();
    const rows = await this.store.runList();
    for (const row of rows) this.remember(row);
    this.layered = anyLayered(rows);
    this.heartbeat = setInterval(() => this.broadcast('heartbeat', { at: new Date().toISOString() }), heartbeatMs());
    this.heartbeat.unref();
    this.schedule();
  }

  private remember(row: RunListRow): Known {
    const known = { row: rowText(row), running: row.status === 'running', epochsSent: row.epochs_done };
    this.known.set(row.id, known);
    this.maxRunId = Math.max(this.maxRunId, row.id);
    if (row.last_evaluated_at !== null && row.last_evaluated_at > this.evaluatedAfter) this.evaluatedAfter = row.last_evaluated_at;
    return known;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.poll().then(
        (changed) => {
          this.delay = changed ? POLL_FIRST_MS : Math.min(POLL_MAX_MS, this.delay * 2);
          this.schedule();
        },
        (e: unknown) => {
          // The store is away (a PostgreSQL restart, a locked file): keep the pages, ask again later.
          this.onError(`runner ui: live updates paused: ${(e as Error).message.split('\n')[0]!.replace(/^runner: /, '')}`);
          this.delay = POLL_MAX_MS;
          this.schedule();
        },
      );
    }, this.delay);
    this.timer.unref();
  }

  /** Asks the store for a change; on one, sends the runs that changed. Resolves to whether there was one. */
  private async poll(): Promise<boolean> {
    const token = await this.store.changeToken();
    if (token === this.token) return false;
    this.token = token;
    // Running runs, and runs that came in under an id not seen before (runner copy keeps ids).
    const ids = [...this.known].filter(([, k]) => k.running).map(([id]) => id);
    for (const id of await this.store.runIds()) if (!this.known.has(id)) ids.push(id);
    const rows = await this.store.runList({ afterId: this.maxRunId, ids, evaluatedAfter: this.evaluatedAfter });
    if (rows.length === 0) return true;
    this.layered ||= anyLayered(rows);
    for (const row of rows.reverse()) {
      const before = this.known.get(row.id);
      const sentEpochs = before?.epochsSent ?? 0;
      if (before?.row === rowText(row)) continue;
      const known = this.remember(row);
      this.broadcast('run', listedRun(row, this.layered, this.settings));
      if (row.epochs_done > sentEpochs) {
        const epochs: EpochRow[] = (await this.store.epochRows(row.id)).filter((e) => e.epoch > sentEpochs);
        this.broadcast('epochs', { run_id: row.id, epochs });
      }
      known.epochsSent = row.epochs_done;
    }
    return true;
  }

  private broadcast(event: string, data: unknown): void {
    const frame = this.frame(event, data);
    for (const res of this.listeners) res.write(frame);
  }

  /** One event, under the next id. */
  private frame(event: string, data: unknown): string {
    this.lastId++;
    return `id: ${this.lastId}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  }
}

/** A listed row as compared between two listings: a heartbeat alone (every few seconds while a run trains) is no change to send. */
function rowText(row: RunListRow): string {
  return JSON.stringify({ ...row, heartbeat_at: null });
}
