import type { IncomingMessage, ServerResponse } from 'node:http';

/*
 * What every response of the dashboard carries, and the checks every request passes
 * before any route sees it: the method, the Host header (against DNS rebinding), the size.
 */

/** A request the dashboard refuses: its status and a one-line reason (sent as {"error": …}). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Longest request target accepted (a compare of 100 runs fits easily). */
export const MAX_URL_LENGTH = 4096;

/** Headers on every response: no framing, no sniffing, nothing loaded from elsewhere, no referrer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * The names a request may be addressed to: loopback, and any given with --allowed-host.
 * An IP address (`192.0.2.7`, `[::1]`) is always allowed besides: DNS rebinding needs a
 * name the attacker's DNS answers for, never a literal address.
 */
export function allowedHostnames(extra: readonly string[]): Set<string> {
  return new Set(['localhost', '127.0.0.1', '[::1]', ...extra.map((h) => h.toLowerCase())]);
}

/** The host name of a Host header, without its port: `[::1]:8080` → `[::1]`, `Localhost:80` → `localhost`. */
export function hostnameOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(header.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

/** `192.0.2.7` or `[2001:db8::1]`: a Host that is an address, not a name. */
export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || /^\[[0-9a-f:.]+\]$/.test(host);
}

/**
 * Refuses what no route may see: methods other than GET and HEAD (405), a Host header
 * that is not one of ours (403: a page on another site reaching us through DNS
 * rebinding), a request with a body or a target too long (413, 414).
 */
export function checkRequest(req: IncomingMessage, hosts: ReadonlySet<string>): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not allowed; the dashboard only reads (GET, HEAD)`);
  const host = hostnameOf(req.headers.host);
  if (req.headersDistinct.host?.length !== 1 || host === undefined || !(hosts.has(host) || isIpLiteral(host))) {
    throw new HttpError(403, `Host ${JSON.stringify(req.headers.host ?? '')} is not allowed (runner ui --allowed-host NAME adds one)`);
  }
  // Only origin-form targets (`/path?query`): an absolute URL would name a host of its own.
  if (!(req.url ?? '').startsWith('/')) throw new HttpError(400, 'the request target must be a path');
  if ((req.url ?? '').length > MAX_URL_LENGTH) throw new HttpError(414, `the request target is longer than ${MAX_URL_LENGTH} characters`);
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > 0 || req.headers['transfer-encoding'] !== undefined) throw new HttpError(413, 'a request body is not accepted');
}

/** Sends a body with the security headers; HEAD gets the headers alone. */
export function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string | Buffer, more: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': String(bytes.length), ...more });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/** A JSON body, never cached: the store changes under it. */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown, more: Record<string, string> = {}): void {
  send(req, res, status, 'application/json; charset=utf-8', JSON.stringify(value), { 'Cache-Control': 'no-store', ...more });
}

/** The one-line JSON error a refused request gets. */
export function sendError(req: IncomingMessage, res: ServerResponse, error: HttpError): void {
  const more: Record<string, string> = error.status === 405 ? { Allow: 'GET, HEAD' } : {};
  sendJson(req, res, error.status, { error: error.message.split('\n')[0] }, more);
}
