import { UsageError } from '../errors.js';
import { openStore, type DbChoice } from '../store/open.js';
import { startDashboard } from '../web/server.js';

export const uiUsage = `Usage: runner ui [--db PATH|URL] [--port N] [--host ADDRESS] [--allowed-host NAME]...

Serves a dashboard of the run store in the browser: the runs (sort, filter, select),
their loss curves compared, each run's config, epochs, first-layer weights as images,
confusion matrix and a digit to draw, each sweep's trials, all live while runs train.
It only reads the store: nothing is written, migrated or switched on the file. Every
view's state is in its address, so a view can be linked. Ctrl-C stops it.

Options:
  --db PATH|URL        the run store: a SQLite file, or a postgresql:// URL
                       (default: $RUNNER_DB, else runs/runs.db)
  --port N             the port (default 8765; 0: any free port)
  --host ADDRESS       the address to listen on (default 127.0.0.1, this machine only;
                       0.0.0.0 lets anyone on the network read the runs)
  --allowed-host NAME  a host name the browser may use besides localhost, 127.0.0.1
                       and [::1] (repeatable); others get 403, against DNS rebinding
  -h, --help           this text
`;

export interface UiArgs {
  db: DbChoice;
  port: string | undefined;
  host: string | undefined;
  allowedHosts: string[];
}

export const DEFAULT_PORT = 8765;

export async function uiCommand(args: UiArgs): Promise<number> {
  const port = args.port === undefined ? DEFAULT_PORT : Number(args.port);
  if (args.port !== undefined && (!/^\d{1,5}$/.test(args.port) || port > 65535)) {
    throw new UsageError(`runner ui: --port must be a port number from 0 to 65535 (got "${args.port}")`);
  }
  const host = args.host ?? '127.0.0.1';
  if (host === '') throw new UsageError('runner ui: --host needs an address');
  for (const name of args.allowedHosts) {
    if (!/^[a-z0-9.-]+$/i.test(name)) throw new UsageError(`runner ui: --allowed-host "${name}" is not a host name`);
  }
  const store = await openStore(args.db, { mustExist: true, readOnly: true });
  let dashboard;
  try {
    dashboard = await startDashboard({ store, host, port, allowedHosts: args.allowedHosts, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (e) {
    await store.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`runner ui: port ${port} is in use; give another --port (0: any free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new UsageError(`runner ui: cannot listen on ${host} (${code})`);
    if (code === 'EACCES') throw new UsageError(`runner ui: not allowed to listen on port ${port}; give one above 1023`);
    throw e;
  }
  if (!isLoopback(host)) {
    process.stderr.write(`runner ui: warning: listening on ${host}: anyone who can reach this machine on port ${dashboard.port} can read the runs\n`);
  }
  process.stdout.write(`runner ui: ${dashboard.url}  (${args.db.label}, read-only; Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await dashboard.close();
  await store.close();
  return 0;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
