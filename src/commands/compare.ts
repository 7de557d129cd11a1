import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import type { RunRow } from '../store/store.js';
import { differingSettings, loadCompared, lossChartTitle, lossSeries, showValue, type Compared } from './compared.js';
import { compareChartLines, type Series } from '../ui/compare-chart.js';
import { wantsColor } from '../ui/color.js';
import { formatLoss, formatPercent } from '../ui/reporter.js';
import { textTable } from '../ui/table.js';
import { openExistingStore, parseRunId, requireRun } from './open-existing.js';
import type { DbChoice } from './session.js';
import { writeAtomically } from './write-file.js';

export const compareUsage = `Usage: runner compare RUN_ID RUN_ID... [--csv | --json] [--svg FILE.svg [--force]] [--db PATH|URL]
       runner compare --sweep SWEEP_ID [RUN_ID...] ...

Compares runs: the settings that differ between them (only those; epochs is the plan,
raised by resume --epochs), the cross-entropy of every epoch side by side, the test
accuracy of each run's latest evaluated epoch (runner eval), and a chart with one curve
per run. Runs that hold images out (data.validation) also get their validation
cross-entropy by epoch, and a second curve each.

Options:
  --csv          only the per-epoch table, as CSV: epoch,run_3,run_5,… (an empty cell
                 where a run has no such epoch), then run_3_val,… with validation
  --json         everything as one JSON object (the README lists its fields)
  --svg FILE     also write the chart as an SVG file, for a browser or a paper
  --force        overwrite the --svg file if it exists
  --sweep ID     compare the trials of that sweep (runner sweep ID lists them)
  --db PATH|URL  the run store: a SQLite file, or a postgresql:// URL
                 (default: $RUNNER_DB, else runs/runs.db)
  -h, --help     this text
`;

export interface CompareArgs {
  runIds: string[];
  /** --sweep: compare that sweep's trials (instead of, or besides, runIds). */
  sweep: string | undefined;
  db: DbChoice;
  json: boolean;
  csv: boolean;
  svg: string | undefined;
  force: boolean;
}


export async function compareCommand(args: CompareArgs): Promise<number> {
  if (args.json && args.csv) throw new UsageError('runner compare: --csv or --json, not both');
  if (args.svg === '') throw new UsageError('runner compare: --svg needs a file name');
  if (args.svg !== undefined && existsSync(args.svg) && !args.force) {
    throw new UsageError(`runner compare: ${args.svg} already exists; --force overwrites it`);
  }
  const ids = args.runIds.map((id) => parseRunId('compare', id));
  const twice = ids.find((id, k) => ids.indexOf(id) !== k);
  if (twice !== undefined) throw new UsageError(`runner compare: run ${twice} is given twice`);
  const sweepId = args.sweep === undefined ? undefined : parseRunId('compare', args.sweep, 'sweep id');
  if (sweepId === undefined && ids.length < 2) {
    throw new UsageError(`runner compare: needs 2 or more arguments (run ids), got ${ids.length} (see runner compare --help)`);
  }

  const store = await openExistingStore(args.db);
  let runs: Compared[];
  try {
    if (sweepId !== undefined) {
      if (!(await store.getSweep(sweepId))) throw new UsageError(`no sweep ${sweepId} in ${args.db.label}`);
      for (const r of await store.sweepResults(sweepId)) if (!ids.includes(r.run_id)) ids.push(r.run_id);
      if (ids.length < 2) throw new UsageError(`runner compare: sweep ${sweepId} has ${ids.length} run${ids.length === 1 ? '' : 's'} so far; nothing to compare`);
    }
    const found: RunRow[] = [];
    for (const id of ids) found.push(await requireRun(store, id, args.db));
    runs = await loadCompared(store, found);
  } finally {
    await store.close();
  }
  const differences = differingSettings(runs);
  const lastEpoch = Math.max(0, ...runs.map((r) => r.epochs.at(-1)?.epoch ?? 0));
  const epochNumbers = Array.from({ length: lastEpoch }, (_, k) => k + 1);
  const lossAt = (r: Compared, epoch: number) => r.epochs.find((e) => e.epoch === epoch)?.cross_entropy ?? null;
  const valAt = (r: Compared, epoch: number) => r.epochs.find((e) => e.epoch === epoch)?.val_cross_entropy ?? null;
  // With held-out images, each run's validation curve is drawn beside its training one.
  const { series, validated } = lossSeries(runs, differences);

  if (args.svg !== undefined) {
    const { lossChartSvg } = await import('../ui/svg-chart.js');
    writeAtomically(args.svg, await lossChartSvg(series, { title: lossChartTitle(validated) }), 'compare');
  }

  if (args.csv) {
    const cell = (v: number | null) => (v === null ? '' : String(v));
    const lines = [
      ['epoch', ...runs.map((r) => `run_${r.run.id}`), ...(validated ? runs.map((r) => `run_${r.run.id}_val`) : [])].join(','),
      ...epochNumbers.map((epoch) =>
        [epoch, ...runs.map((r) => cell(lossAt(r, epoch))), ...(validated ? runs.map((r) => cell(valAt(r, epoch))) : [])].join(','),
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } else if (args.json) {
    const shown = {
      runs: runs.map((r) => ({
        id: r.run.id,
        name: r.run.name,
        status: r.run.status,
        epochs_done: r.epochs.length,
        epochs: r.run.epochs,
        config: JSON.parse(r.run.config_json) as unknown,
        evaluations: r.evaluations.map((e) => ({ epoch: e.epoch, test_accuracy: e.test_accuracy, test_cross_entropy: e.test_cross_entropy })),
      })),
      differences: differences.map((key) => ({ key, values: runs.map((r) => r.settings.get(key) ?? null) })),
      cross_entropy: epochNumbers.map((epoch) => ({ epoch, values: runs.map((r) => lossAt(r, epoch)) })),
      val_cross_entropy: epochNumbers.map((epoch) => ({ epoch, values: runs.map((r) => valAt(r, epoch)) })),
      val_accuracy: epochNumbers.map((epoch) => ({ epoch, values: runs.map((r) => r.epochs.find((e) => e.epoch === epoch)?.val_accuracy ?? null) })),
    };
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    process.stdout.write(`${compareText(runs, differences, epochNumbers, lossAt, validated ? valAt : null, series).join('\n')}\n`);
  }
  if (args.svg !== undefined) (args.json || args.csv ? process.stderr : process.stdout).write(`wrote the chart to ${args.svg}\n`);
  return 0;
}

function compareText(
  runs: Compared[],
  differences: string[],
  epochNumbers: number[],
  lossAt: (r: Compared, epoch: number) => number | null,
  valAt: ((r: Compared, epoch: number) => number | null) | null,
  series: Series[],
): string[] {
  const heads = runs.map((r) => `run ${r.run.id}`);
  const lines = runs.map((r) => `run ${r.run.id}: ${r.run.name} (${r.run.status}, ${r.epochs.length}/${r.run.epochs} epochs)`);
  lines.push('');
  if (differences.length === 0) lines.push('settings: the same');
  else {
    lines.push('settings that differ:');
    lines.push(textTable(['key', ...heads], differences.map((key) => [key, ...runs.map((r) => showValue(r.settings.get(key)))])));
  }
  lines.push('');
  if (epochNumbers.length === 0) lines.push('no run has a finished epoch');
  else {
    const byEpoch = (at: (r: Compared, epoch: number) => number | null) =>
      textTable(
        ['epoch', ...heads],
        epochNumbers.map((epoch) => [epoch, ...runs.map((r) => (at(r, epoch) === null ? '-' : formatLoss(at(r, epoch)!)))]),
      );
    lines.push('cross-entropy (training) by epoch:', byEpoch(lossAt));
    if (valAt) lines.push('', 'cross-entropy (validation: the held-out images) by epoch:', byEpoch(valAt));
  }
  const evaluated = runs.filter((r) => r.evaluations.length > 0);
  if (evaluated.length > 0) {
    lines.push('', 'test accuracy (runner eval):');
    for (const r of runs) {
      const last = r.evaluations.at(-1);
      lines.push(
        last
          ? `  run ${r.run.id}  ${formatPercent(last.test_accuracy)} after epoch ${last.epoch} (test cross-entropy ${formatLoss(last.test_cross_entropy)})`
          : `  run ${r.run.id}  not evaluated (runner eval ${r.run.id})`,
      );
    }
  }
  if (epochNumbers.length > 0) {
    const color = wantsColor(process.stdout);
    const width = Math.min(100, Math.max(40, process.stdout.columns ?? 80));
    lines.push('', ...compareChartLines(series, { width, height: 14 + runs.length, color }));
  }
  return lines;
}

