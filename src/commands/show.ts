import { UsageError } from '../errors.js';
import { formatLoss } from '../ui/reporter.js';
import { textTable } from '../ui/table.js';
import { openExistingStore } from './open-existing.js';
import type { DbChoice } from './session.js';

export const showUsage = `Usage: runner show RUN_ID [--db PATH] [--json]

Shows one run: its experiment as written (plus the --set overrides), its provenance
(config hash, data files' SHA-256, code version, resumes), and the per-epoch table.

Options:
  --db PATH   the run database (default: $RUNNER_DB, else runs/runs.db)
  --json      the same as one JSON object
  -h, --help  this text
`;

export function showCommand(args: { runId: string; db: DbChoice; json: boolean }): number {
  if (!/^\d+$/.test(args.runId)) throw new UsageError(`runner show: "${args.runId}" is not a run id`);
  const store = openExistingStore(args.db);
  const run = store.getRun(Number(args.runId));
  if (!run) {
    store.db.close();
    throw new UsageError(`no run ${args.runId} in ${args.db.path}`);
  }
  const epochs = store.epochRows(run.id);
  const resumes = store.db.prepare('SELECT * FROM resumes WHERE run_id = ? ORDER BY rowid').all(run.id) as Record<string, unknown>[];
  store.db.close();

  const overrides = JSON.parse(run.overrides_json) as string[];
  const data = {
    source: run.data_source,
    train_images_sha256: run.train_images_sha256,
    train_labels_sha256: run.train_labels_sha256,
    test_images_sha256: run.test_images_sha256,
    test_labels_sha256: run.test_labels_sha256,
  };
  if (args.json) {
    const { config_json, overrides_json, ...rest } = run;
    const shown = { ...rest, config: JSON.parse(config_json) as unknown, overrides, epochs_table: epochs, resumes };
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `run ${run.id}: ${run.name} (${run.status}${run.error ? `: ${run.error}` : ''})`,
    `created ${run.created_at}${run.finished_at ? `, finished ${run.finished_at}` : ''}`,
    '',
    `experiment ${run.experiment_path}${overrides.length ? `, with ${overrides.map((o) => `--set ${o}`).join(' ')}` : ''}:`,
    ...run.config_yaml.trimEnd().split('\n').map((l) => (l ? `  ${l}` : '')),
    '',
    'provenance:',
    `  config_hash  ${run.config_hash}`,
    `  code         ${run.code_version}`,
    `  data         ${data.source}`,
    ...(['train_images', 'train_labels', 'test_images', 'test_labels'] as const).map(
      (role) => `  ${role.padEnd(12)} sha256 ${run[`${role}_sha256`]}`,
    ),
    ...resumes.map((r) => `  resumed      ${String(r.resumed_at)} from epoch ${String(r.from_epoch)}${r.data_changed ? ` (data changed: ${String(r.data_changed)})` : ''}`),
    '',
    epochs.length === 0
      ? 'no finished epoch'
      : textTable(
          ['epoch', 'cross-entropy', 'seconds'],
          epochs.map((e) => [e.epoch, formatLoss(e.cross_entropy), e.seconds.toFixed(2)]),
        ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
