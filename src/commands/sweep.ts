import { StoreError } from '../errors.js';
import type { HalvingMetric, HalvingSpec } from '../config/halving.js';
import type { Store, SweepResultRow, SweepRow } from '../store/store.js';
import { halvingOrder, rungViews, sweepHalving, type RungView } from './halving-plan.js';
import { formatLoss, formatPercent } from '../ui/reporter.js';
import { textTable } from '../ui/table.js';
import { parseRunId, withExistingStore } from './open-existing.js';
import type { DbChoice } from './session.js';

export const sweepUsage = `Usage: runner sweep SWEEP_ID [--csv | --json] [--db PATH|URL]

The trials of a sweep, best first (by test accuracy, then by final cross-entropy): each
trial's swept values, run id, status, epochs, final training cross-entropy, validation
figures (with data.validation) and test accuracy (scored when the trial completed).
A halving sweep also shows its rungs (trials, epochs, who was promoted, the metric at
each rung); its trials rank by the rung they reached, then the metric there, and a
trial stopped at a rung is "pruned" (it did not fail). runner compare --sweep SWEEP_ID
charts them.

Options:
  --csv        the same table as CSV, a column per swept key
  --json       {sweep: {id, name, trials, swept_keys}, trials: [sweep_results rows, best first],
               and for halving: halving: {metric, min_epochs, max_epochs, eta}, rungs: [{index,
               epochs, size, decided, promoted, best, winner, ended, entries: [{trial, value,
               reported}]}]}
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
    const halving = await halvingOf(store, sweep);
    const rows = halving ? halving.order(await store.sweepResults(sweepId)) : bestFirst(await store.sweepResults(sweepId));
    if (args.json) {
      const shown = {
        sweep: { id: sweep.id, name: sweep.name, trials: sweep.trials, swept_keys: keys, experiment_path: sweep.experiment_path },
        trials: rows,
        ...(halving ? { halving: halving.spec, rungs: halving.rungs } : {}),
      };
      process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    } else if (args.csv) {
      const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
      const header = ['trial', 'run_id', ...keys, 'status', 'epochs_done', 'last_cross_entropy', 'test_accuracy', 'last_val_cross_entropy', 'last_val_accuracy', 'rung', 'pruned'];
      const lines = rows.map((r) => {
        const { swept } = r;
        return [r.trial, r.run_id, ...keys.map((k) => swept[k]), r.status, r.epochs_done, r.last_cross_entropy, r.test_accuracy, r.last_val_cross_entropy, r.last_val_accuracy, r.rung, r.pruned]
          .map(cell)
          .join(',');
      });
      process.stdout.write(`${[header.join(','), ...lines].join('\n')}\n`);
    } else {
      process.stdout.write(`sweep ${sweep.id}: ${sweep.name}, ${rows.length}/${sweep.trials} trials started (${sweep.experiment_path})\n`);
      process.stdout.write(`${(await sweepTable(store, sweepId)).join('\n')}\n`);
    }
    return 0;
  });
}

/** A sweep's trials as text lines, best first (a halving sweep's rungs first); none when no trial has a run yet. */
export async function sweepTable(store: Store, sweepId: number): Promise<string[]> {
  const sweep = (await store.getSweep(sweepId))!;
  const keys = sweep.swept_keys;
  const halving = await halvingOf(store, sweep);
  const results = await store.sweepResults(sweepId);
  const rows = halving ? halving.order(results) : bestFirst(results);
  if (rows.length === 0) return [];
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const validated = rows.some((r) => r.last_val_cross_entropy !== null);
  const trialsTable = textTable(
    ['trial', 'run', ...keys, 'status', 'epochs', 'cross-entropy', ...(validated ? ['val c-e', 'val acc.'] : []), 'test acc.'],
    rows.map((r) => {
      const { swept } = r;
      return [
        r.trial,
        r.run_id,
        ...keys.map((k) => show(swept[k])),
        r.pruned === 1 && r.status === 'completed' ? `pruned at rung ${r.rung}` : r.status,
        `${r.epochs_done}/${r.epochs}`,
        r.last_cross_entropy === null ? '-' : formatLoss(r.last_cross_entropy),
        ...(validated
          ? [r.last_val_cross_entropy === null ? '-' : formatLoss(r.last_val_cross_entropy), r.last_val_accuracy === null ? '-' : formatPercent(r.last_val_accuracy)]
          : []),
        r.test_accuracy === null ? '-' : formatPercent(r.test_accuracy),
      ];
    }),
  ).split('\n');
  return halving ? [...rungsTable(halving.spec, halving.rungs), '', ...trialsTable] : trialsTable;
}

/** A halving sweep's rungs, one line each: its trials and epochs, its best, and who went on. */
function rungsTable(spec: HalvingSpec, rungs: readonly RungView[]): string[] {
  const value = (v: number | null) => (v === null ? '-' : spec.metric === 'val_accuracy' ? formatPercent(v) : formatLoss(v));
  const lines = textTable(
    ['rung', 'epochs', 'trials', 'reported', `best ${spec.metric}`, 'promoted'],
    rungs.map((r) => {
      const last = r.index === rungs.length - 1;
      return [
        r.index,
        r.epochs,
        `${r.entries.length}/${r.size}`,
        r.entries.filter((e) => e.reported).length,
        r.best ? `${value(r.best.value)} (trial ${r.best.trial})` : '-',
        r.ended
          ? 'none (no trial reached it)'
          : last
            ? r.winner === null ? '-' : `winner: trial ${r.winner}`
            : r.decided ? r.promoted.join(', ') || 'none' : 'not yet decided',
      ];
    }),
  ).split('\n');
  return [`successive halving by ${spec.metric} (eta ${spec.eta}, ${spec.min_epochs} to ${spec.max_epochs} epochs):`, ...lines];
}

/** A halving sweep's spec, its rungs as stored, and its trials' order: the rung reached, then the metric there. */
async function halvingOf(store: Store, sweep: SweepRow) {
  const spec = sweepHalving(sweep);
  if (!spec) return undefined;
  const runs = new Map((await store.trialRuns(sweep.id)).map((r) => [r.trial!, r]));
  const rungs = rungViews(spec, sweep.trials, runs, await store.sweepEpochs(sweep.id));
  const order = (rows: SweepResultRow[]) => halvingOrder(rows, rungs, spec.metric as HalvingMetric);
  return { spec, rungs, order };
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
