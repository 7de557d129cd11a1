import type { Experiment } from '../config/experiment.generated.js';
import { describeOptimizer, optimizerOf } from '../config/network.js';
import { formatLoss, formatPercent } from '../ui/reporter.js';
import { textTable } from '../ui/table.js';
import { recordedDataSha256, type EpochRow } from '../store/store.js';
import { parseRunId, requireRun, withExistingStore } from './open-existing.js';
import type { DbChoice } from './session.js';

export const showUsage = `Usage: runner show RUN_ID [--db PATH|URL] [--json]

Shows one run: its experiment as written (plus the --set overrides), its provenance
(config hash, data files' SHA-256, code version, resumes, the .npz it was imported
from), the per-epoch table, and the test evaluations runner eval stored.

Options:
  --db PATH|URL the run store: a SQLite file, or a postgresql:// URL
              (default: $RUNNER_DB, else runs/runs.db)
  --json      the same as one JSON object
  -h, --help  this text
`;

export async function showCommand(args: { runId: string; db: DbChoice; json: boolean }): Promise<number> {
  const runId = parseRunId('show', args.runId);
  const { run, epochs, resumes, evaluations } = await withExistingStore(args.db, async (store) => {
    const run = await requireRun(store, runId, args.db);
    return { run, epochs: await store.epochRows(run.id), resumes: await store.resumes(run.id), evaluations: await store.evaluations(run.id) };
  });

  const { overrides } = run;
  if (args.json) {
    // As stored, whatever the backend: the store's clock-derived figures are not columns.
    const { config_json, overrides: _o, swept, heartbeat_age_seconds: _h, longest_epoch_seconds: _l, ...rest } = run;
    const shown = { ...rest, swept_json: swept === null ? null : JSON.stringify(swept), config: JSON.parse(config_json) as unknown, overrides, epochs_table: epochs, resumes, evaluations };
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `run ${run.id}: ${run.name} (${run.status}${run.error ? `: ${run.error}` : ''})`,
    `created ${run.created_at}${run.finished_at ? `, finished ${run.finished_at}` : ''}`,
    `network ${run.architecture ?? '?'} (${run.activations ?? '?'}), ${describeOptimizer(optimizerOf(JSON.parse(run.config_json) as Experiment))}`,
    '',
    ...(run.imported_from ? [`imported from ${run.imported_from} (sha256 ${run.imported_sha256})`] : []),
    `experiment ${run.experiment_path || "(none: the report's settings)"}${overrides.length ? `, with ${overrides.map((o) => `--set ${o}`).join(' ')}` : ''}:`,
    ...run.config_yaml.trimEnd().split('\n').map((l) => (l ? `  ${l}` : '')),
    '',
    'provenance:',
    `  config_hash  ${run.config_hash}`,
    `  code         ${run.code_version}`,
    `  data         ${run.data_source}`,
    ...Object.entries(recordedDataSha256(run)).map(([role, sha]) => `  ${role.padEnd(12)} sha256 ${sha}`),
    ...resumes.map(
      (r) => `  resumed      ${r.resumed_at} from epoch ${r.from_epoch}${r.data_changed ? ` (data changed: ${r.data_changed})` : ''}`,
    ),
    '',
    epochs.length === 0
      ? 'no finished epoch'
      : epochsTable(epochs),
    ...(evaluations.length === 0
      ? []
      : [
          '',
          textTable(
            ['evaluated epoch', 'test accuracy', 'test cross-entropy', 'images'],
            evaluations.map((e) => [e.epoch, formatPercent(e.test_accuracy), formatLoss(e.test_cross_entropy), e.test_images]),
          ),
        ]),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** The run's epochs; with the held-out images' columns when it has them (data.validation). */
function epochsTable(epochs: readonly EpochRow[]): string {
  const validated = epochs.some((e) => e.val_cross_entropy !== null);
  const val = (e: EpochRow) => [
    e.val_cross_entropy === null ? '-' : formatLoss(e.val_cross_entropy),
    e.val_accuracy === null ? '-' : formatPercent(e.val_accuracy),
  ];
  return textTable(
    ['epoch', 'cross-entropy', ...(validated ? ['val cross-entropy', 'val accuracy'] : []), 'seconds'],
    epochs.map((e) => [e.epoch, formatLoss(e.cross_entropy), ...(validated ? val(e) : []), e.seconds.toFixed(2)]),
  );
}
