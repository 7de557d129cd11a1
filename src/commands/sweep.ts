import { StoreError } from '../errors.js';
import type { Store, SweepResultRow } from '../store/store.js';
import { formatLoss, formatPercent } from '../ui/reporter.js';
import { textTable } from '../ui/table.js';
import { parseRunId, withExistingStore } from './open-existing.js';
import type { DbChoice } from './session.js';

export const sweepUsage = `Usage: runner sweep SWEEP_ID [--csv | --json] [--db PATH|URL]

The trials of a sweep, best first (by test accuracy, then by final cross-entropy): each
trial's swept values, run id, status, epochs, final training cross-entropy and test
accuracy (scored when the trial completed). runner compare --sweep SWEEP_ID charts them.

Options:
  --csv        the same table as CSV, a column per swept key
  --json       {sweep: {id, name, trials, swept_keys}, trials: [sweep_results rows, best first]}
  --db PATH|URL the run store: a SQLite file, or a postgresql:// URL
               (default: $RUNNER_DB, else runs/runs.db)
  -h, --help   this text
`;

export async function sweepCommand(args: { sweepId: string; db: DbChoice; json: boolean; csv: boolean }): Promise<number> {
  const sweepId = parseRunId('sweep', args.sweepId, 'sweep id');
  return withExistingStore(args.db, async (store) => {
    const sweep = await store.getSweep(sweepId);
    if (!sweep) throw new StoreError(`no sweep ${sweepId} in ${args.db.label}`);
    const keys = sweep.swept_keys;
    const rows = bestFirst(await store.sweepResults(sweepId));
    if (args.json) {
      const shown = {
        sweep: { id: sweep.id, name: sweep.name, trials: sweep.trials, swept_keys: keys, experiment_path: sweep.experiment_path },
        trials: rows,
      };
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    } else if (args.csv) {
      const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
      const header = ['trial', 'run_id', ...keys, 'status', 'epochs_done', 'last_cross_entropy', 'test_accuracy'];
      const lines = rows.map((r) => {
        const { swept } = r;
        return [r.trial, r.run_id, ...keys.map((k) => swept[k]), r.status, r.epochs_done, r.last_cross_entropy, r.test_accuracy].map(cell).join(',');
      });
      process.stdout.write(`${[header.join(','), ...lines].join('\n')}\n`);
    } else {
      process.stdout.write(`sweep ${sweep.id}: ${sweep.name}, ${rows.length}/${sweep.trials} trials started (${sweep.experiment_path})\n`);
      process.stdout.write(`${(await sweepTable(store, sweepId)).join('\n')}\n`);
    }
    return 0;
  });
}

/** A sweep's trials as text lines, best first; none when no trial has a run yet. */
export async function sweepTable(store: Store, sweepId: number): Promise<string[]> {
  const sweep = (await store.getSweep(sweepId))!;
  const keys = sweep.swept_keys;
  const rows = bestFirst(await store.sweepResults(sweepId));
  if (rows.length === 0) return [];
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return textTable(
    ['trial', 'run', ...keys, 'status', 'epochs', 'cross-entropy', 'test acc.'],
    rows.map((r) => {
      const { swept } = r;
      return [
        r.trial,
        r.run_id,
        ...keys.map((k) => show(swept[k])),
        r.status,
        `${r.epochs_done}/${r.epochs}`,
        r.last_cross_entropy === null ? '-' : formatLoss(r.last_cross_entropy),
        r.test_accuracy === null ? '-' : formatPercent(r.test_accuracy),
      ];
    }),
  ).split('\n');
}

/** Highest test accuracy first, then lowest final cross-entropy; unscored ones last. */
export function bestFirst(rows: SweepResultRow[]): SweepResultRow[] {
  const key = (v: number | null, sign: number) => (v === null ? Infinity : sign * v);
  return [...rows].sort(
    (a, b) =>
      key(a.test_accuracy, -1) - key(b.test_accuracy, -1) ||
      key(a.last_cross_entropy, 1) - key(b.last_cross_entropy, 1) ||
      a.trial - b.trial,
  );
}
