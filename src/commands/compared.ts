import type { Experiment } from '../config/experiment.generated.js';
import { featureLayersOf, hiddenLayersOf, optimizerOf } from '../config/network.js';
import type { Evaluation, EpochRow, RunRow, Store } from '../store/store.js';
import type { Series } from '../ui/compare-chart.js';

/*
 * Runs side by side, as runner compare and the dashboard (runner ui) show them: each run's
 * settings flattened to dotted keys, and the keys whose values differ.
 */

/** One run as compared: its row, its settings flattened to dotted keys, its epochs and evaluations. */
export interface Compared {
  run: RunRow;
  settings: Map<string, unknown>;
  epochs: EpochRow[];
  evaluations: Evaluation[];
}

/** The runs, with their settings, epochs and evaluations, ready to compare. */
export async function loadCompared(store: Store, runs: readonly RunRow[]): Promise<Compared[]> {
  const layered = runs.some((run) => (JSON.parse(run.config_json) as Experiment).layers !== undefined);
  const compared: Compared[] = [];
  for (const run of runs) {
    const settings = comparedSettings(run, layered);
    // The plan, which resume --epochs raises, rather than the experiment's first figure.
    settings.set('epochs', run.epochs);
    compared.push({ run, settings, epochs: await store.epochRows(run.id), evaluations: await store.evaluations(run.id) });
  }
  return compared;
}

/** The dotted keys whose values are not the same in every run, sorted. */
export function differingSettings(runs: Compared[]): string[] {
  const keys = new Set(runs.flatMap((r) => [...r.settings.keys()]));
  return [...keys].filter((key) => new Set(runs.map((r) => JSON.stringify(r.settings.get(key) ?? null))).size > 1).sort();
}

/** A run's legend label: its id and name, and the first differing settings other than the name. */
export function seriesLabel(r: Compared, differences: string[]): string {
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
export function comparedSettings(run: Pick<RunRow, 'config_json' | 'architecture'>, layered: boolean): Map<string, unknown> {
  const experiment = JSON.parse(run.config_json) as Experiment;
  const { layers: _layers, units, activation, optimizer: _optimizer, learning_rate: _rate, ...rest } = experiment;
  const settings = flatten(rest as Record<string, unknown>);
  if (layered) {
    settings.set('architecture', run.architecture);
    const hidden = hiddenLayersOf(experiment);
    const features = featureLayersOf(experiment);
    // layers[K] as the file numbers them: the feature layers first, then the dense ones.
    features.forEach((f, k) => {
      if (f.kind === 'pool') {
        settings.set(`layers[${k}].pool.size`, f.size);
        settings.set(`layers[${k}].pool.stride`, f.stride);
        return;
      }
      for (const key of ['filters', 'size', 'stride', 'padding'] as const) settings.set(`layers[${k}].conv.${key}`, f[key]);
      settings.set(`layers[${k}].activation`, f.activation);
      settings.set(`layers[${k}].batch_norm`, f.batchNorm ? f.batchNorm.epsilon : false);
    });
    hidden.forEach((h, j) => {
      const k = features.length + j;
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

export function showValue(v: unknown): string {
  return v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * The loss chart's curves for `runs`: each run's training cross-entropy and, where it holds
 * images out (data.validation), its validation cross-entropy beside it (then labelled
 * "… train" and "… val"). `runner compare` and the dashboard's SVG export draw these.
 */
export function lossSeries(runs: readonly Compared[], differences: string[]): { series: Series[]; validated: boolean } {
  const validated = runs.some((r) => r.epochs.some((e) => e.val_cross_entropy !== null));
  const series = runs.flatMap((r) => {
    const label = seriesLabel(r, differences);
    const training = { label: validated ? `${label} train` : label, points: r.epochs.map((e) => ({ epoch: e.epoch, crossEntropy: e.cross_entropy })) };
    const held = r.epochs.filter((e) => e.val_cross_entropy !== null).map((e) => ({ epoch: e.epoch, crossEntropy: e.val_cross_entropy! }));
    return held.length > 0 ? [training, { label: `${label} val`, points: held }] : [training];
  });
  return { series, validated };
}

/** The chart's title, with or without validation curves. */
export function lossChartTitle(validated: boolean): string {
  return validated ? 'Cross-entropy per epoch: training and validation' : 'Training cross-entropy per epoch';
}
