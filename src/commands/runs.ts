import { formatLoss, formatPercent } from '../ui/reporter.js';
import { textTable } from '../ui/table.js';
import { withExistingStore } from './open-existing.js';
import type { DbChoice } from './session.js';

export const runsUsage = `Usage: runner runs [--db PATH|URL] [--json]

Lists every run, newest first: id, name, status, the network (e.g. 784-32-10, or
784-256bn-128d0.4-10 with batch norm and dropout marked) and optimizer, epochs
done/planned, the last epoch's cross-entropy, the best test accuracy runner eval
measured, when it was created, and its training time.

Options:
  --db PATH|URL the run store: a SQLite file, or a postgresql:// URL
              (default: $RUNNER_DB, else runs/runs.db)
  --json      a JSON array of the run_summary view's rows (see the README)
  -h, --help  this text
`;

export async function runsCommand(args: { db: DbChoice; json: boolean }): Promise<number> {
  const runs = await withExistingStore(args.db, (store) => store.summaries());
  if (args.json) {
    process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
    return 0;
  }
  if (runs.length === 0) {
    process.stdout.write(`no runs in ${args.db.label}\n`);
    return 0;
  }
  process.stdout.write(
    `${textTable(
      ['id', 'name', 'status', 'network', 'optimizer', 'epochs', 'cross-entropy', 'test acc.', 'created (UTC)', 'train time'],
      runs.map((r) => [
        r.id,
        r.name,
        r.status,
        r.architecture ?? '-',
        r.optimizer ?? '-',
        `${r.epochs_done}/${r.epochs}`,
        r.last_cross_entropy === null ? '-' : formatLoss(r.last_cross_entropy),
        r.best_test_accuracy === null ? '-' : formatPercent(r.best_test_accuracy),
        r.created_at.slice(0, 19).replace('T', ' '),
        r.train_seconds === null ? '-' : `${r.train_seconds.toFixed(1)}s`,
      ]),
    )}\n`,
  );
  return 0;
}
