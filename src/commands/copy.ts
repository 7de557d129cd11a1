import { UsageError } from '../errors.js';
import { dbChoice, withStore } from '../store/open.js';
import { parseRunId, withExistingStore } from './open-existing.js';

export const copyUsage = `Usage: runner copy --from DB --to DB [RUN_ID... | --sweep ID] [--force] [--json]

Copies runs from one store to another, bit for bit: their epochs, weights, checkpoints,
optimizer state, evaluations and resumes, and the sweeps they belong to. DB is a SQLite
file or a postgresql:// URL, so this pulls a sweep from a shared server into a local
runs.db to query it offline, or pushes local runs to the server. Without RUN_ID or
--sweep, every run is copied. Runs keep their ids: one whose id is taken at the
destination is refused (nothing is written) unless --force, which replaces it there.
The destination is created if it is a new SQLite file.

Options:
  --from DB    the store to copy from (must exist)
  --to DB      the store to copy into
  --sweep ID   the sweep and all of its trials' runs
  --force      replace runs (and sweeps) whose ids exist at the destination
  --json       {runs: [ids], sweeps: [ids]} of what was copied
  -h, --help   this text
`;

export interface CopyArgs {
  from: string | undefined;
  to: string | undefined;
  runIds: string[];
  sweep: string | undefined;
  force: boolean;
  json: boolean;
}

export async function copyCommand(args: CopyArgs): Promise<number> {
  if (!args.from || !args.to) throw new UsageError('runner copy: say both stores: --from DB --to DB (see runner copy --help)');
  const from = dbChoice(args.from, true);
  const to = dbChoice(args.to, true);
  if (from.location === to.location) throw new UsageError(`runner copy: --from and --to are the same store (${from.label})`);
  if (args.sweep !== undefined && args.runIds.length > 0) throw new UsageError('runner copy: RUN_ID... or --sweep ID, not both');
  const ids = args.runIds.map((id) => parseRunId('copy', id));
  const sweepId = args.sweep === undefined ? undefined : parseRunId('copy', args.sweep, 'sweep id');

  const dump = await withExistingStore(from, async (source) => {
    if (sweepId !== undefined) {
      if (!(await source.getSweep(sweepId))) throw new UsageError(`no sweep ${sweepId} in ${from.label}`);
      return source.dump({ sweepId });
    }
    for (const id of ids) if (!(await source.getRun(id))) throw new UsageError(`no run ${id} in ${from.label}`);
    const runIds = ids.length > 0 ? ids : (await source.summaries()).map((r) => r.id).reverse();
    return source.dump({ runIds });
  });
  const runIds = dump.runs.map((r) => Number(r.id));
  const sweepIds = dump.sweeps.map((s) => Number(s.id));
  if (runIds.length === 0 && sweepIds.length === 0) {
    process.stdout.write(args.json ? `${JSON.stringify({ runs: [], sweeps: [] })}\n` : `nothing to copy in ${from.label}\n`);
    return 0;
  }
  const loaded = await withStore(to, { mustExist: false }, (target) => target.load(dump, args.force));
  if (loaded.kind === 'exists') {
    const taken = [
      ...(loaded.runIds.length ? [`run${loaded.runIds.length > 1 ? 's' : ''} ${loaded.runIds.join(', ')}`] : []),
      ...(loaded.sweepIds.length ? [`sweep${loaded.sweepIds.length > 1 ? 's' : ''} ${loaded.sweepIds.join(', ')}`] : []),
    ].join(' and ');
    throw new UsageError(`runner copy: ${taken} already exist${loaded.runIds.length + loaded.sweepIds.length > 1 ? '' : 's'} in ${to.label}; nothing copied (--force replaces them)`);
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ runs: runIds, sweeps: sweepIds })}\n`);
  } else {
    const sweeps = sweepIds.length ? ` and sweep${sweepIds.length > 1 ? 's' : ''} ${sweepIds.join(', ')}` : '';
    process.stdout.write(`copied run${runIds.length === 1 ? '' : 's'} ${runIds.join(', ') || '(none)'}${sweeps} from ${from.label} to ${to.label}\n`);
  }
  return 0;
}

