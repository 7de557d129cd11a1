import { existsSync } from 'node:fs';
import type { Experiment } from '../config/experiment.generated.js';
import { hiddenLayersOf, optimizerOf } from '../config/network.js';
import { UsageError } from '../errors.js';
import type { Evaluation, RunRow, EpochRow } from '../store/store.js';
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
per run.

Options:
  --csv          only the per-epoch table, as CSV: epoch,run_3,run_5,… (an empty cell
                 where a run has no such epoch)
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

/** One run as compared: its row, its settings flattened to dotted keys, its epochs and evaluations. */
interface Compared {
  run: RunRow;
  settings: Map<string, unknown>;
  epochs: EpochRow[];
  evaluations: Evaluation[];
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
    const layered = found.some((run) => (JSON.parse(run.config_json) as Experiment).layers !== undefined);
    runs = [];
    for (const run of found) {
      const id = run.id;
      const settings = comparedSettings(run, layered);
      // The plan, which resume --epochs raises, rather than the experiment's first figure.
      settings.set('epochs', run.epochs);
      runs.push({
        run,
        settings,
        epochs: await store.epochRows(id),
        evaluations: await store.evaluations(id),
      });
    }
  } finally {
    await store.close();
  }
  const differences = differingSettings(runs);
  const lastEpoch = Math.max(0, ...runs.map((r) => r.epochs.at(-1)?.epoch ?? 0));
  const epochNumbers = Array.from({ length: lastEpoch }, (_, k) => k + 1);
  const lossAt = (r: Compared, epoch: number) => r.epochs.find((e) => e.epoch === epoch)?.cross_entropy ?? null;
  const series: Series[] = runs.map((r) => ({
    label: seriesLabel(r, differences),
    points: r.epochs.map((e) => ({ epoch: e.epoch, crossEntropy: e.cross_entropy })),
  }));

  if (args.svg !== undefined) {
    const { lossChartSvg } = await import('../ui/svg-chart.js');
    writeAtomically(args.svg, await lossChartSvg(series, { title: 'Training cross-entropy per epoch' }), 'compare');
  }

  if (args.csv) {
    const cell = (v: number | null) => (v === null ? '' : String(v));
    const lines = [
      ['epoch', ...runs.map((r) => `run_${r.run.id}`)].join(','),
      ...epochNumbers.map((epoch) => [epoch, ...runs.map((r) => cell(lossAt(r, epoch)))].join(',')),
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
    };
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    process.stdout.write(`${compareText(runs, differences, epochNumbers, lossAt, series).join('\n')}\n`);
  }
  if (args.svg !== undefined) (args.json || args.csv ? process.stderr : process.stdout).write(`wrote the chart to ${args.svg}\n`);
  return 0;
}

function compareText(
  runs: Compared[],
  differences: string[],
  epochNumbers: number[],
  lossAt: (r: Compared, epoch: number) => number | null,
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
    lines.push('cross-entropy (training) by epoch:');
    lines.push(
      textTable(
        ['epoch', ...heads],
        epochNumbers.map((epoch) => [epoch, ...runs.map((r) => (lossAt(r, epoch) === null ? '-' : formatLoss(lossAt(r, epoch)!)))]),
      ),
    );
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

/** The dotted keys whose values are not the same in every run, sorted. */
function differingSettings(runs: Compared[]): string[] {
  const keys = new Set(runs.flatMap((r) => [...r.settings.keys()]));
  return [...keys].filter((key) => new Set(runs.map((r) => JSON.stringify(r.settings.get(key) ?? null))).size > 1).sort();
}

/** A run's legend label: its id and name, and the first differing settings other than the name. */
function seriesLabel(r: Compared, differences: string[]): string {
  const shown = differences.filter((k) => k !== 'name').slice(0, 2);
  const detail = shown.map((k) => `${k} ${showValue(r.settings.get(k))}`).join(', ');
  return `run ${r.run.id}: ${r.run.name}${detail ? ` (${detail})` : ''}`;
}

/**
 * A run's settings as compare lists them: its experiment flattened to dotted keys, with the
 * network and the optimizer resolved (defaults filled in), so that `optimizer: adam` and
 * `optimizer: {name: adam, beta1: 0.9}` are the same settings. The network is `units` and
 * `activation` while every run compared uses that shorthand; once one declares `layers`,
 * each run's layers are listed as layers[K].units, .activation, .batch_norm (its ε, or
 * false) and .dropout, with the architecture.
 */
function comparedSettings(run: RunRow, layered: boolean): Map<string, unknown> {
  const experiment = JSON.parse(run.config_json) as Experiment;
  const { layers: _layers, units, activation, optimizer: _optimizer, learning_rate: _rate, ...rest } = experiment;
  const settings = flatten(rest as Record<string, unknown>);
  if (layered) {
    settings.set('architecture', run.architecture);
    hiddenLayersOf(experiment).forEach((h, k) => {
      settings.set(`layers[${k}].units`, h.units);
      settings.set(`layers[${k}].activation`, h.activation);
      settings.set(`layers[${k}].batch_norm`, h.batchNorm ? h.batchNorm.epsilon : false);
      settings.set(`layers[${k}].dropout`, h.dropout);
    });
  } else {
    settings.set('units', units);
    settings.set('activation', activation);
  }
  const { name, ...hyper } = optimizerOf(experiment);
  settings.set('optimizer', name);
  for (const [key, value] of Object.entries(hyper)) {
    if (key === 'learningRate') settings.set('learning_rate', value);
    else settings.set(`optimizer.${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`, value);
  }
  return settings;
}

/** {a: 1, data: {normalize: true}} → a = 1, data.normalize = true. */
function flatten(value: Record<string, unknown>, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, v] of Object.entries(value)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, `${prefix}${key}.`, into);
    else into.set(`${prefix}${key}`, v);
  }
  return into;
}

function showValue(v: unknown): string {
  return v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v);
}
