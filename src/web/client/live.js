import { replace } from './dom.js';

/*
 * The page's one connection to /api/events. Views subscribe to event names (`run`,
 * `epochs`) and to reconnects: EventSource reconnects by itself, but events sent while it
 * was away are lost, so after a reconnect each view fetches what it shows again.
 * #live-status tells the reader whether the page is live; the server's heartbeat (every
 * 10 s) tells a quiet store from a server that went away without closing the stream.
 */

/** No event for this long means the stream is dead even if the socket looks open. */
const SILENCE_MS = 25_000;

/** @type {EventSource | null} */
let source = null;
/** @type {Map<string, Set<(data: any) => void>>} */
const listeners = new Map();
/** @type {Set<() => void>} */
const reconnectListeners = new Set();
let lostOnce = false;
let silence;
/**
 * Events that came before anyone listened to their name, kept for a while after the page
 * starts: a view may fetch its data before its module has loaded and subscribed, so a
 * change between that fetch and the subscription still reaches it.
 * @type {Map<string, any[]> | null}
 */
let early = new Map();
const EARLY_MS = 10_000;
const EARLY_MAX = 1000;

function setStatus(state) {
  const status = document.getElementById('live-status');
  if (!status) return;
  status.dataset.state = state;
  const text = { connecting: 'connecting…', live: 'live', lost: 'lost', paused: 'paused' }[state];
  status.title = {
    connecting: 'connecting to the live updates',
    live: 'live: new runs and epochs appear as they are committed',
    lost: 'lost the server: retrying; the page shows what it had',
    paused: 'paused while the tab is hidden; it catches up when shown',
  }[state];
  replace(status, text);
}

function heard() {
  clearTimeout(silence);
  silence = setTimeout(() => {
    // Reopen: the stream is silent past its heartbeat, so it is not delivering anything.
    setStatus('lost');
    lostOnce = true;
    source?.close();
    source = null;
    setTimeout(connect, 1000);
  }, SILENCE_MS);
}

function connect() {
  // A hidden tab holds no stream: a browser allows only 6 connections to one server, and
  // each tab of the dashboard would keep one open for good. It reconnects when shown.
  if (source) return;
  if (document.visibilityState === 'hidden') {
    setStatus('paused');
    return;
  }
  setStatus(lostOnce ? 'lost' : 'connecting');
  source = new EventSource('/api/events');
  source.addEventListener('open', () => {
    setStatus('live');
    heard();
    if (lostOnce) {
      lostOnce = false;
      for (const fn of reconnectListeners) fn();
    }
  });
  source.addEventListener('error', () => {
    // EventSource retries by itself (the server asks for 1 s) unless it gave up (CLOSED).
    setStatus('lost');
    lostOnce = true;
    if (source?.readyState === EventSource.CLOSED) {
      source = null;
      setTimeout(connect, 2000);
    }
  });
  for (const name of ['hello', 'heartbeat', 'run', 'epochs']) {
    source.addEventListener(name, (event) => {
      heard();
      const fns = listeners.get(name);
      if ((!fns || fns.size === 0) && !early) return;
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!fns || fns.size === 0) {
        if (!early.has(name)) early.set(name, []);
        const kept = early.get(name);
        if (kept.length < EARLY_MAX) kept.push(data);
        return;
      }
      for (const fn of fns) fn(data);
    });
  }
}

/**
 * Calls fn with the data of every event of this name (`run`, `epochs`, `heartbeat`).
 * The connection opens on the first subscription.
 * @param {string} name
 * @param {(data: any) => void} fn
 * @returns {() => void} unsubscribes
 */
export function subscribe(name, fn) {
  if (!listeners.has(name)) listeners.set(name, new Set());
  listeners.get(name).add(fn);
  const kept = early?.get(name);
  if (kept) {
    early.delete(name);
    for (const data of kept) fn(data);
  }
  connect();
  return () => listeners.get(name)?.delete(fn);
}

/**
 * Calls fn after the connection came back from a loss: the view refetches its data.
 * @param {() => void} fn
 * @returns {() => void} unsubscribes
 */
export function onReconnect(fn) {
  reconnectListeners.add(fn);
  connect();
  return () => reconnectListeners.delete(fn);
}

/** Closes the stream while the tab is hidden; on showing it again, reconnects and has the views refetch. */
function onVisibility() {
  if (document.visibilityState === 'hidden') {
    if (!source) return;
    clearTimeout(silence);
    source.close();
    source = null;
    lostOnce = true;
    setStatus('paused');
  } else connect();
}

/** Opens the connection (and shows #live-status) even on a view that subscribes to nothing. */
export function start() {
  document.addEventListener('visibilitychange', onVisibility);
  connect();
  setTimeout(() => (early = null), EARLY_MS);
}
