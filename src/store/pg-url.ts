import { StoreError } from '../errors.js';

/*
 * PostgreSQL URLs as the runner takes them (`--db postgresql://user:pass@host:port/db`),
 * read by our own small parser rather than WHATWG's URL, so a bad one gets a reason
 * ("bad port", "no database name") instead of "Invalid URL", and the password never
 * reaches a message: everything shown goes through redactUrl.
 */

/** A URL taken apart: what node-postgres is given, and nothing else. */
export interface PostgresUrl {
  /** A host name, an IP address (IPv6 without brackets), or a Unix socket directory. */
  host: string;
  port: number;
  database: string;
  /** Undefined when the URL names none (node-postgres then takes $PGUSER, else $USER). */
  user: string | undefined;
  /** Undefined when the URL has none ($PGPASSWORD or ~/.pgpass may still give one). */
  password: string | undefined;
  /** From `?sslmode=`: none (disable, allow, prefer), encrypted only (require), or verified (verify-ca, verify-full). */
  ssl: 'off' | 'require' | 'verify-ca' | 'verify-full';
}

const DEFAULT_PORT = 5432;
const SCHEME = /^postgres(?:ql)?:\/\//i;
// scheme://[user[:password]@]host[:port][/database][?query]; the host may be [IPv6] or empty.
// The user part runs to the last @, so an unencoded @ in a password is still taken as libpq does.
const SHAPE = /^postgres(?:ql)?:\/\/(?:([^/?#]*)@)?(\[[^\]/?#@]*\]|[^:/?#@]*)(?::([^/?#]*))?(?:\/([^?#]*))?(?:\?([^#]*))?$/i;
const SSL_MODES: Record<string, PostgresUrl['ssl']> = {
  disable: 'off',
  allow: 'off',
  prefer: 'off',
  require: 'require',
  'verify-ca': 'verify-ca',
  'verify-full': 'verify-full',
};

/** Whether `text` is meant as a PostgreSQL URL (`postgresql://` or `postgres://`), valid or not. */
export function isPostgresUrl(text: string): boolean {
  return SCHEME.test(text);
}

/** Parses a PostgreSQL URL; a malformed one is a StoreError naming the reason, without the password. */
export function parsePostgresUrl(url: string): PostgresUrl {
  const parsed = tryParse(url);
  if (typeof parsed === 'string') throw new StoreError(`${redactUrl(url)}: not a PostgreSQL URL (${parsed})`);
  return parsed;
}

/**
 * The URL as shown anywhere: `postgresql://user@host:port/db`, the default port written
 * out, never the password or the query (which may hold one too). A URL too broken to
 * parse keeps its text with everything between `://` and the last `@` but the user cut.
 */
export function redactUrl(url: string): string {
  const parsed = tryParse(url);
  if (typeof parsed !== 'string') return labelOf(parsed);
  const rest = url.replace(SCHEME, '').replace(/[?#].*$/s, '');
  const at = rest.lastIndexOf('@');
  const user = at < 0 ? '' : `${rest.slice(0, at).split(':')[0]}@`;
  return `postgresql://${user}${at < 0 ? rest : rest.slice(at + 1)}`;
}

/** The label of a parsed URL: `postgresql://user@host:port/db`. */
export function labelOf(u: PostgresUrl): string {
  const user = u.user === undefined ? '' : `${encodeURIComponent(u.user)}@`;
  const host = u.host.startsWith('/') ? encodeURIComponent(u.host) : u.host.includes(':') ? `[${u.host}]` : u.host;
  return `postgresql://${user}${host}:${u.port}/${encodeURIComponent(u.database)}`;
}

/** The parsed URL, or why it is not one. */
function tryParse(url: string): PostgresUrl | string {
  if (!isPostgresUrl(url)) return 'it must start with postgresql://';
  const m = SHAPE.exec(url);
  if (!m) return 'unparsable';
  const [, userinfo, rawHost = '', rawPort, rawDatabase, query] = m;
  let user: string | undefined;
  let password: string | undefined;
  let host: string;
  let database: string;
  try {
    if (userinfo !== undefined) {
      const colon = userinfo.indexOf(':');
      user = decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon)) || undefined;
      password = colon < 0 ? undefined : decodeURIComponent(userinfo.slice(colon + 1));
    }
    host = decodeURIComponent(rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost);
    database = decodeURIComponent(rawDatabase ?? '');
  } catch {
    return 'bad %-encoding';
  }
  let ssl: PostgresUrl['ssl'] = 'off';
  for (const pair of (query ?? '').split('&').filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return 'bad %-encoding';
    }
    if (key === 'sslmode') {
      const mode = SSL_MODES[value];
      if (mode === undefined) return `unknown sslmode "${value}"`;
      ssl = mode;
    } else if (key === 'host' && value.startsWith('/')) {
      host = value; // a Unix socket directory, as libpq takes it
    } else {
      return `unsupported parameter "${key}"; the runner takes sslmode and host (a socket directory)`;
    }
  }
  if (host === '') return 'no host';
  if (host.includes(',')) return 'several hosts';
  let port = DEFAULT_PORT;
  if (rawPort !== undefined) {
    // Only digits are echoed: a password with an unencoded "/" or "?" can land here.
    if (!/^\d+$/.test(rawPort)) return 'the port must be a number from 1 to 65535';
    if (Number(rawPort) < 1 || Number(rawPort) > 65535) return `bad port ${rawPort}`;
    port = Number(rawPort);
  }
  if (database === '') return 'no database name';
  if (database.includes('/')) return 'a database name has no "/"';
  return { host, port, database, user, password, ssl };
}
