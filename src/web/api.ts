import type { Experiment } from '../config/experiment.generated.js';
import { REPORT_CROSS_ENTROPY } from '../config/report.js';
import { comparedSettings, differingSettings, loadCompared, lossChartTitle, lossSeries, seriesLabel, showValue, type Compared } from '../commands/compared.js';
import { halvingOrder, rungViews, sweepHalving } from '../commands/halving-plan.js';
import { runWeights } from '../commands/run-weights.js';
import { bestFirst } from '../commands/sweep.js';
import type { HalvingMetric, HalvingSpec } from '../config/halving.js';
import { RunnerError, StoreUnavailableError } from '../errors.js';
import { CIFAR_CHANNELS, CIFAR_COLS, CIFAR_ROWS } from '../data/cifar10.js';
import { pixelScale } from '../train/loop.js';
import type { EpochRow, RunListRow, RunRow, Store, SweepResultRow, SweepRow } from '../store/store.js';
import { ConfusionCache } from './confusion.js';
import { HttpError } from './http.js';

/*
 * The JSON API the pages use (and scripts may): one function per route, each reading the
 * store and answering with its rows under the database's own field names. The README
 * documents every route.
 */

/** Most runs one compare (or export) may ask for. */
export const MAX_COMPARE_RUNS = 100;
/** Most epoch rows one response may carry. */
export const MAX_POINTS = 200_000;
/** Most epochs a norms response covers (evenly spaced, the first and last kept). */
const MAX_NORM_EPOCHS = 200;

/** A route's answer: JSON (a value, or already serialised), or a file to download (CSV, SVG). */
export type Answer = { json: unknown } | { jsonText: string } | { file: string | Buffer; type: string; filename: string };

export interface Api {
  answer(path: string, query: URLSearchParams): Promise<Answer>;
}

/** A run as /api/runs and the live events list it: the run_summary view's columns, and its settings flattened (compare's keys). */
export type ListedRun = Omit<RunListRow, 'config_json'> & { settings: Record<string, unknown> };

export function listedRun(row: RunListRow, layered: boolean, cache?: SettingsCache): ListedRun {
  const { config_json: _config, ...rest } = row;
  return { ...rest, settings: cache ? cache.of(row, layered) : settingsOf(row, layered) };
}

function settingsOf(row: RunListRow, layered: boolean): Record<string, unknown> {
  const settings = comparedSettings(row, layered);
  settings.set('epochs', row.epochs);
  return Object.fromEntries(settings);
}

/** Each run's flattened settings, kept while its config (by hash) and its plan stay the same: parsing 1,000 configs is most of a listing. */
export class SettingsCache {
  private readonly kept = new Map<number, { key: string; settings: Record<string, unknown> }>();

  of(row: RunListRow, layered: boolean): Record<string, unknown> {
    const key = `${row.config_hash} ${row.epochs} ${layered}`;
    const found = this.kept.get(row.id);
    if (found?.key === key) return found.settings;
    const settings = settingsOf(row, layered);
    this.kept.set(row.id, { key, settings });
    return settings;
  }
}

/** Whether any run declares `layers`: then every run's settings list its layers (as compare does). */
export function anyLayered(rows: readonly Pick<RunListRow, 'config_json'>[]): boolean {
  return rows.some((r) => (JSON.parse(r.config_json) as Experiment).layers !== undefined);
}

/** A whole number ≥ 1 from a path or query, else 400. */
function idOf(text: string | null, what: string): number {
  if (text === null || !/^\d{1,15}$/.test(text) || Number(text) < 1) throw new HttpError(400, `"${text ?? ''}" is not a ${what}`);
  return Number(text);
}

export function createApi(store: Store, settings = new SettingsCache()): Api {
  const confusion = new ConfusionCache();
  /** /api/runs' body as last sent, and the store's change token then: the same until another process commits. */
  let listing: { token: string; text: string } | undefined;

  async function requireRun(id: number): Promise<RunRow> {
    const run = await store.getRun(id);
    if (!run) throw new HttpError(404, `no run ${id}`);
    return run;
  }

  /** The checkpoint epoch asked for (?epoch=N), default the last; 404 when the run has no weights for it. */
  async function epochOf(run: RunRow, query: URLSearchParams): Promise<number> {
    const epochs = await store.checkpointEpochs(run.id);
    if (epochs.length === 0) throw new HttpError(404, `run ${run.id} has no stored weights`);
    const text = query.get('epoch');
    if (text === null) return epochs.at(-1)!;
    if (!/^\d{1,15}$/.test(text)) throw new HttpError(400, `epoch must be a whole number >= 0 (got "${text}")`);
    const epoch = Number(text);
    if (!epochs.includes(epoch)) throw new HttpError(404, `run ${run.id} has weights for epochs 0–${epochs.at(-1)}, not ${epoch}`);
    return epoch;
  }

  /** The weights of a run's epoch, checked against its experiment; a store or data fault is 422 with its line. */
  async function weightsOf(run: RunRow, epoch: number) {
    try {
      return await runWeights(store, run, String(epoch), 'ui');
    } catch (e) {
      if (e instanceof RunnerError && !(e instanceof StoreUnavailableError)) throw new HttpError(422, e.lines[0] ?? e.message);
      throw e;
    }
  }

  async function runs(): Promise<Answer> {
    const token = await store.changeToken();
    if (listing?.token !== token) {
      const rows = await store.runList();
      const layered = anyLayered(rows);
      const text = JSON.stringify({ store: store.label, kind: store.kind, runs: rows.map((r) => listedRun(r, layered, settings)) });
      listing = { token, text };
    }
    return { jsonText: listing.text };
  }

  async function run(id: number): Promise<Answer> {
    const row = await requireRun(id);
    const sweep = row.sweep_id === null ? null : ((await store.getSweep(row.sweep_id)) ?? null);
    return {
      json: {
        run: row,
        resumes: await store.resumes(id),
        evaluations: await store.evaluations(id),
        checkpoint_epochs: await store.checkpointEpochs(id),
        sweep: sweep && { id: sweep.id, name: sweep.name, swept_keys: sweep.swept_keys },
        validation: validationOf(row, await store.epochRows(id)),
      },
    };
  }

  async function weights(id: number, query: URLSearchParams): Promise<Answer> {
    const row = await requireRun(id);
    const epoch = await epochOf(row, query);
    const { experiment, params } = await weightsOf(row, epoch);
    const image = params.spec.image;
    return {
      json: {
        run_id: id,
        epoch,
        // The spec: inputs, classes, hidden; for a conv network also image and features (its conv and pool layers, strides and paddings resolved).
        network: params.spec,
        // [channels, height, width] of the images: the network's, else CIFAR-10's for a dense run over it; null when the store does not say (a dense run over IDX files).
        image_shape: image ? [image.channels, image.height, image.width] : experiment.data.format === 'cifar10' ? [CIFAR_CHANNELS, CIFAR_ROWS, CIFAR_COLS] : null,
        // What each pixel (0…255) is multiplied by before the first layer (data.normalize).
        pixel_scale: pixelScale(experiment.data.normalize),
        tensors: params.tensors().map((t) => ({
          name: t.name,
          shape: t.shape,
          dtype: 'float32le',
          data: Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('base64'),
        })),
      },
    };
  }

  /**
   * The norms under the tiles, after each epoch: each first-layer unit's ‖W1[u, :]‖, or for a
   * conv network each of the first conv layer's filters, ‖conv1_w[f, :, :, :]‖ (`tensor` says which).
   */
  async function norms(id: number): Promise<Answer> {
    const row = await requireRun(id);
    const all = await store.checkpointEpochs(id);
    const step = Math.max(1, Math.ceil(all.length / MAX_NORM_EPOCHS));
    const epochs = all.filter((_, k) => k % step === 0 || k === all.length - 1);
    const perEpoch: number[][] = [];
    let tensor: 'w1' | 'conv1_w' = 'w1';
    for (const epoch of epochs) {
      const tensors = await store.weights(row.id, epoch);
      const conv = tensors.find((t) => t.name === 'conv1_w');
      const w = conv ?? tensors.find((t) => t.name === 'w1');
      if (!w || (conv ? w.shape.length !== 4 : w.shape.length !== 2)) throw new HttpError(422, `run ${id}, epoch ${epoch}: no ${conv ? 'conv1_w filters' : 'w1 matrix'}`);
      tensor = conv ? 'conv1_w' : 'w1';
      const rows = w.shape[0]!;
      const inputs = w.data.length / rows;
      perEpoch.push(
        Array.from({ length: rows }, (_, u) => {
          let sum = 0;
          for (let i = 0; i < inputs; i++) sum += w.data[u * inputs + i]! ** 2;
          return Math.sqrt(sum);
        }),
      );
    }
    const rows = perEpoch[0]?.length ?? 0;
    return { json: { run_id: id, tensor, epochs, norms: Array.from({ length: rows }, (_, u) => perEpoch.map((n) => n[u]!)) } };
  }

  async function confusionOf(id: number, query: URLSearchParams): Promise<Answer> {
    const row = await requireRun(id);
    const epoch = await epochOf(row, query);
    const label = query.get('label');
    const predicted = query.get('predicted');
    const result = await confusion.get(row, epoch, () => weightsOf(row, epoch));
    const digit = (text: string | null, what: string) => {
      if (text === null || !/^\d{1,3}$/.test(text) || Number(text) >= result.classes) {
        throw new HttpError(400, `${what} must be a class number from 0 to ${result.classes - 1} (got "${text ?? ''}")`);
      }
      return Number(text);
    };
    const summary = {
      run_id: id,
      epoch,
      classes: result.classes,
      matrix: result.matrix,
      test_images: result.images,
      test_correct: result.correct,
      test_accuracy: result.correct / result.images,
      test_images_sha256: result.testImagesSha256,
      // The examples' pixels: channels × height × width bytes, planes (CIFAR-10's R, G, B) one after another, rows within them.
      image_shape: result.imageShape,
    };
    if (label === null && predicted === null) return { json: summary };
    return { json: { ...summary, label: digit(label, 'label'), predicted: digit(predicted, 'predicted'), examples: result.examples(digit(label, 'label'), digit(predicted, 'predicted')) } };
  }

  /** A sweep's halving block (or none), parsed once per sweep and config. */
  const halvingSpecs = new Map<number, { hash: string; spec: HalvingSpec | undefined }>();
  function halvingSpecOf(sweep: SweepRow): HalvingSpec | undefined {
    const kept = halvingSpecs.get(sweep.id);
    if (kept?.hash === sweep.config_hash) return kept.spec;
    let spec: HalvingSpec | undefined;
    // Most sweeps have no halving block: their YAML need not be parsed at all.
    if (/halving/.test(sweep.config_yaml) || sweep.overrides.some((o) => o.includes('halving'))) {
      try {
        spec = sweepHalving(sweep);
      } catch (e) {
        if (e instanceof RunnerError) throw new HttpError(422, `sweep ${sweep.id}: ${e.lines[0] ?? e.message}`);
        throw e;
      }
    }
    halvingSpecs.set(sweep.id, { hash: sweep.config_hash, spec });
    return spec;
  }

  async function sweep(id: number): Promise<Answer> {
    const found = await store.getSweep(id);
    if (!found) throw new HttpError(404, `no sweep ${id}`);
    const results = await store.sweepResults(id);
    const spec = halvingSpecOf(found);
    if (!spec) return { json: { sweep: found, trials: bestFirst(results), halving: null, rungs: null } };
    const runs = new Map((await store.trialRuns(id)).map((r) => [r.trial!, r]));
    const rungs = rungViews(spec, found.trials, runs, await store.sweepEpochs(id));
    return { json: { sweep: found, trials: halvingOrder(results, rungs, spec.metric as HalvingMetric), halving: spec, rungs } };
  }

  async function compared(query: URLSearchParams): Promise<Compared[]> {
    const text = query.get('runs') ?? '';
    const ids = text === '' ? [] : text.split(',').map((t) => idOf(t, 'run id'));
    if (ids.length === 0) throw new HttpError(400, 'runs=ID,ID,… names no run');
    if (ids.length > MAX_COMPARE_RUNS) throw new HttpError(413, `at most ${MAX_COMPARE_RUNS} runs at once (asked for ${ids.length})`);
    const unique = [...new Set(ids)];
    const rows: RunRow[] = [];
    for (const id of unique) rows.push(await requireRun(id));
    const runs = await loadCompared(store, rows);
    const points = runs.reduce((n, r) => n + r.epochs.length, 0);
    if (points > MAX_POINTS) throw new HttpError(413, `those runs have ${points} epochs in all; at most ${MAX_POINTS} per response`);
    return runs;
  }

  async function compare(query: URLSearchParams): Promise<Answer> {
    const runs = await compared(query);
    const differences = differingSettings(runs);
    const format = query.get('format') ?? 'view';
    if (format === 'csv') return { file: epochsCsv(runs), type: 'text/csv; charset=utf-8', filename: 'runs-epochs.csv' };
    if (format === 'json') {
      const rows = runs.flatMap((r) => r.epochs.map((e) => ({ run_id: r.run.id, name: r.run.name, ...e })));
      return { file: `${JSON.stringify(rows, null, 1)}\n`, type: 'application/json; charset=utf-8', filename: 'runs-epochs.json' };
    }
    if (format === 'svg') {
      const { lossChartSvg } = await import('../ui/svg-chart.js');
      const hidden = new Set((query.get('hide') ?? '').split(',').filter(Boolean));
      const { series, validated } = lossSeries(runs.filter((r) => !hidden.has(String(r.run.id))), differences);
      const svg = await lossChartSvg(series, { title: lossChartTitle(validated) });
      return { file: svg, type: 'image/svg+xml; charset=utf-8', filename: 'compare.svg' };
    }
    if (format !== 'view') throw new HttpError(400, `format must be csv, json or svg (got "${format}")`);
    return {
      json: {
        runs: runs.map((r) => ({
          id: r.run.id,
          name: r.run.name,
          status: r.run.status,
          epochs_done: r.epochs.length,
          epochs: r.run.epochs,
          label: seriesLabel(r, differences),
          sweep_id: r.run.sweep_id,
          epoch_rows: r.epochs,
          evaluations: r.evaluations,
        })),
        differences: differences.map((key) => ({ key, values: runs.map((r) => showValue(r.settings.get(key))) })),
        reference: { label: "the report's table (784-32-10 sigmoid, SGD η 0.01, batch 100)", cross_entropy: REPORT_CROSS_ENTROPY },
      },
    };
  }

  const routes: [RegExp, (m: RegExpExecArray, q: URLSearchParams) => Promise<Answer>][] = [
    [/^\/api\/runs$/, () => runs()],
    [/^\/api\/runs\/([^/]+)$/, (m) => run(idOf(m[1]!, 'run id'))],
    [/^\/api\/runs\/([^/]+)\/epochs$/, async (m) => {
      const row = await requireRun(idOf(m[1]!, 'run id'));
      return { json: { run_id: row.id, epochs: await store.epochRows(row.id) } };
    }],
    [/^\/api\/runs\/([^/]+)\/weights$/, (m, q) => weights(idOf(m[1]!, 'run id'), q)],
    [/^\/api\/runs\/([^/]+)\/norms$/, (m) => norms(idOf(m[1]!, 'run id'))],
    [/^\/api\/runs\/([^/]+)\/confusion$/, (m, q) => confusionOf(idOf(m[1]!, 'run id'), q)],
    [/^\/api\/sweeps\/([^/]+)$/, (m) => sweep(idOf(m[1]!, 'sweep id'))],
    [/^\/api\/compare$/, (_, q) => compare(q)],
  ];

  return {
    async answer(path, query) {
      for (const [pattern, handle] of routes) {
        const m = pattern.exec(path);
        if (m) return handle(m, query);
      }
      throw new HttpError(404, `no such API route: ${path}`);
    },
  };
}


/** A run's held-out images (data.validation) and their figures, under run_summary's names; null for a run without them. */
export function validationOf(run: RunRow, epochs: readonly EpochRow[]) {
  const images = (JSON.parse(run.config_json) as Experiment).data?.validation ?? 0;
  const scored = epochs.filter((e) => e.val_cross_entropy !== null);
  if (images === 0 && scored.length === 0) return null;
  const last = scored.at(-1);
  return {
    images,
    epochs_scored: scored.length,
    last_val_cross_entropy: last?.val_cross_entropy ?? null,
    last_val_accuracy: last?.val_accuracy ?? null,
    best_val_cross_entropy: scored.reduce<number | null>((b, e) => (b === null || e.val_cross_entropy! < b ? e.val_cross_entropy : b), null),
    best_val_accuracy: scored.reduce<number | null>((b, e) => (b === null || e.val_accuracy! > b ? e.val_accuracy : b), null),
  };
}

/** The runs' epochs in one CSV table, one row per (run, epoch), with the validation figures when any run has them; a name that a spreadsheet would run as a formula is quoted with a leading '. */
function epochsCsv(runs: readonly Compared[]): string {
  const cell = (v: string | number) => {
    const text = String(v);
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\n\r']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  // The held-out images' columns only when some run has them (data.validation).
  const validated = runs.some((r) => r.epochs.some((e) => e.val_cross_entropy !== null));
  const lines = [`run_id,name,epoch,cross_entropy,seconds,finished_at${validated ? ',val_cross_entropy,val_accuracy' : ''}`];
  for (const r of runs) {
    for (const e of r.epochs) {
      const row = [r.run.id, cell(r.run.name), e.epoch, e.cross_entropy, e.seconds, e.finished_at];
      if (validated) row.push(e.val_cross_entropy ?? '', e.val_accuracy ?? '');
      lines.push(row.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
