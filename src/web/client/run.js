import { api, idList, pageUrl, setTitle, showError } from './app.js';
import { el, emptyCard, replace, section } from './dom.js';
import { ConfusionCard } from './confusion.js';
import { DrawPad } from './draw.js';
import { dateTime, duration, fixed, MISSING, percent } from './format.js';
import { loadNetwork } from './forward.js';
import { onReconnect, subscribe } from './live.js';
import { TilesCard } from './tiles.js';
import { TrainingCard } from './training.js';

/*
 * One run's page (/run?id=N&epoch=E&cm=E2): what it is (summary, experiment, provenance),
 * how it trained (training.js: the chart, epochs, evaluations), and what it learned: its
 * first-layer weights as tiles at any stored epoch (tiles.js, epoch=: a dense network's
 * units as 28×28 images, a conv network's first filters), the confusion matrix of a stored
 * epoch with the test images of any cell (confusion.js, cm=), and a pad to draw a digit
 * on, recognised in the browser with the last epoch's weights (draw.js; not for CIFAR-10's
 * colour images).
 * This module composes them and keeps what they share: the run, its epochs, the weights
 * fetched per epoch, and the live updates.
 */

/**
 * Renders the run page into root.
 * @param {HTMLElement} root
 * @param {URLSearchParams} params
 */
export async function render(root, params) {
  const id = idList(params, 'id')[0];
  if (id === undefined) {
    setTitle('Run');
    replace(root, emptyCard('Run', 'No run given: open a run from the ', el('a', { href: '/' }, 'Runs page'), ' (/run?id=N).'));
    return;
  }
  setTitle(`Run ${id}`, el('span', null, `Run ${id}`));
  const [detail, epochs] = await Promise.all([api(`/api/runs/${id}`), api(`/api/runs/${id}/epochs`)]);
  const page = new RunPage(id, detail, epochs.epochs, params);
  replace(root, page.node);
  page.start();
}

/**
 * From a run's stored config: whether it has conv layers, and whether its images are
 * CIFAR-10's (3×32×32 colour; no digit to draw).
 * @param {string} configJson
 * @returns {{ conv: boolean, cifar: boolean }}
 */
export function declaredOf(configJson) {
  let config = {};
  try {
    config = JSON.parse(configJson) ?? {};
  } catch {
    // A config that does not parse draws as a dense MNIST run; the weights decide the tiles anyway.
  }
  return {
    conv: Array.isArray(config.layers) && config.layers.some((l) => l !== null && typeof l === 'object' && 'conv' in l),
    cifar: config.data?.format === 'cifar10',
  };
}

export class RunPage {
  constructor(id, detail, epochRows, params) {
    this.id = id;
    this.detail = detail;
    this.epochRows = epochRows;
    /** What the run's experiment declares that the cards show differently (before any weights load). */
    this.declared = declaredOf(detail.run.config_json);
    /** Network per epoch, fetched once each (the tiles and the drawing pad share the last). */
    this.weights = new Map();
    const last = this.checkpoints.at(-1) ?? null;
    const asked = (name) => (params.get(name) !== null && /^\d+$/.test(params.get(name)) ? Number(params.get(name)) : null);
    this.tiles = new TilesCard(this, this.nearestCheckpoint(asked('epoch') ?? last));
    this.pad = new DrawPad(this);
    this.training = new TrainingCard(this);
    this.confusion = new ConfusionCard(this, this.checkpoints.includes(asked('cm')) ? asked('cm') : last);

    this.head = el('div', { class: 'page-head' });
    this.node = el(
      'div',
      null,
      this.head,
      el('div', { class: 'grid wide-left' }, this.tiles.node, this.pad.node),
      el('div', { class: 'grid two' }, this.training.node, this.confusion.node),
      el('div', { class: 'grid two' }, this.experimentSection(), this.provenanceSection()),
    );
    this.renderHead();
  }

  get run() {
    return this.detail.run;
  }

  get checkpoints() {
    return this.detail.checkpoint_epochs;
  }

  nearestCheckpoint(epoch) {
    if (epoch === null || this.checkpoints.length === 0) return null;
    return this.checkpoints.reduce((best, e) => (Math.abs(e - epoch) < Math.abs(best - epoch) ? e : best), this.checkpoints[0]);
  }

  weightsAt(epoch) {
    if (!this.weights.has(epoch)) {
      const loading = api(`/api/runs/${this.id}/weights?epoch=${epoch}`).then(loadNetwork);
      // A failure is not kept: the next look asks again.
      loading.catch(() => this.weights.delete(epoch));
      this.weights.set(epoch, loading);
    }
    return this.weights.get(epoch);
  }

  /** Everything that loads after the page is on screen. */
  start() {
    this.tiles.start();
    this.confusion.load();
    this.pad.load();
    this.training.drawChart();
    subscribe('epochs', ({ run_id: runId, epochs }) => {
      if (runId !== this.id) return;
      const have = new Set(this.epochRows.map((e) => e.epoch));
      const added = epochs.filter((e) => !have.has(e.epoch));
      if (added.length === 0) return;
      this.epochRows = [...this.epochRows, ...added].sort((a, b) => a.epoch - b.epoch);
      this.training.renderEpochs();
      this.training.drawChart();
      this.refetchSoon();
    });
    subscribe('run', (row) => {
      if (row.id !== this.id) return;
      this.refetchSoon();
    });
    onReconnect(() => this.refetchSoon());
  }

  /** Reloads the run (status, checkpoints, evaluations) after a live change, at most every 400 ms. */
  refetchSoon() {
    clearTimeout(this.refetchTimer);
    this.refetchTimer = setTimeout(() => this.refetch().catch(showError), 400);
  }

  async refetch() {
    const [detail, epochs] = await Promise.all([api(`/api/runs/${this.id}`), api(`/api/runs/${this.id}/epochs`)]);
    const grew = detail.checkpoint_epochs.length !== this.checkpoints.length;
    const lastBefore = this.checkpoints.at(-1) ?? null;
    this.detail = detail;
    this.epochRows = epochs.epochs;
    this.renderHead();
    this.training.render();
    this.renderProvenance();
    if (grew) {
      this.tiles.checkpointsGrew(lastBefore);
      this.confusion.updateOptions();
    }
  }

  // ---------- summary ----------

  renderHead() {
    const run = this.run;
    const lastCe = this.epochRows.at(-1)?.cross_entropy ?? null;
    const evals = this.detail.evaluations;
    const best = evals.reduce((b, e) => (b === null || e.test_accuracy > b ? e.test_accuracy : b), null);
    const fact = (label, value, id) => el('span', { id }, `${label} `, el('b', null, value));
    // The held-out images' figures (data.validation), from the epochs the page has.
    const val = this.detail.validation;
    const lastVal = this.epochRows.findLast((e) => e.val_cross_entropy !== null && e.val_cross_entropy !== undefined) ?? null;
    const bestValAccuracy = this.epochRows.reduce((b, e) => (e.val_accuracy !== null && e.val_accuracy !== undefined && (b === null || e.val_accuracy > b) ? e.val_accuracy : b), null);
    replace(
      this.head,
      el('h1', null, `Run ${run.id} · `, el('span', { class: 'run-name' }, run.name)),
      el('span', { class: `status status-${run.status}` }, run.status),
      run.pruned === 1
        ? el('span', { id: 'run-pruned', class: 'status status-pruned', 'data-pruned-rung': run.rung, title: 'successive halving stopped this trial at its rung (it did not fail)' }, `pruned at rung ${run.rung}`)
        : null,
      el(
        'span',
        { class: 'facts' },
        fact('architecture', run.architecture ?? MISSING),
        fact('optimizer', run.optimizer ?? MISSING),
        fact('epochs', `${this.epochRows.length}/${run.epochs}`),
        fact('last CE', fixed(lastCe)),
        val || lastVal ? fact('val CE', fixed(lastVal?.val_cross_entropy), 'run-val-ce') : null,
        val || lastVal ? fact('val acc.', percent(lastVal?.val_accuracy), 'run-val-accuracy') : null,
        val || lastVal ? fact('best val acc.', percent(bestValAccuracy), 'run-best-val-accuracy') : null,
        fact('best test acc.', percent(best)),
        fact('train time', duration(this.epochRows.reduce((s, e) => s + e.seconds, 0) || null)),
      ),
      el(
        'span',
        { class: 'links' },
        el('a', { href: pageUrl('/compare', { runs: [run.id] }) }, 'compare'),
        this.detail.sweep ? el('a', { href: `/sweep?id=${this.detail.sweep.id}` }, `sweep ${this.detail.sweep.id}`) : null,
      ),
    );
    setTitle(`Run ${run.id} ${run.name}`, el('span', null, `Run ${run.id}`));
  }

  // ---------- experiment and provenance ----------

  experimentSection() {
    const run = this.run;
    return section(
      'Experiment',
      null,
      el('h3', null, 'Overrides'),
      el(
        'ul',
        { id: 'overrides' },
        run.overrides.length ? run.overrides.map((o) => el('li', null, el('code', null, o))) : el('li', { class: 'muted' }, 'none: the file as written'),
      ),
      el('h3', null, run.experiment_path ? `YAML (${run.experiment_path})` : 'YAML'),
      el('pre', { id: 'config-yaml' }, run.config_yaml),
    );
  }

  provenanceSection() {
    this.errorBox = el('div', { class: 'run-error', hidden: true });
    this.provenance = el('dl', { id: 'provenance', class: 'facts-grid' });
    this.renderProvenance();
    return section('Provenance', null, this.errorBox, this.provenance);
  }

  renderProvenance() {
    const run = this.run;
    this.errorBox.hidden = !run.error;
    replace(this.errorBox, run.error ?? '');
    const items = [];
    const fact = (label, ...value) => items.push(el('dt', null, label), el('dd', null, ...value));
    const hash = (v) => el('span', { class: 'hash' }, v ?? MISSING);
    fact('code version', el('code', null, run.code_version));
    fact('host', `${run.host ?? MISSING}${run.pid !== null ? ` (pid ${run.pid})` : ''}`);
    fact('created', dateTime(run.created_at));
    fact(
      'finished',
      run.finished_at
        ? dateTime(run.finished_at)
        : run.status === 'running'
          ? `running; heartbeat ${run.heartbeat_age_seconds === null ? MISSING : `${Math.round(run.heartbeat_age_seconds)} s ago`}`
          : MISSING,
    );
    if (run.longest_epoch_seconds !== null) fact('longest epoch', duration(run.longest_epoch_seconds));
    if (this.detail.sweep) {
      const s = this.detail.sweep;
      fact(
        'sweep',
        el('a', { href: `/sweep?id=${s.id}` }, `sweep ${s.id} (${s.name})`),
        `, trial ${run.trial}`,
        run.rung !== null && run.rung !== undefined ? `, rung ${run.rung}${run.pruned === 1 ? ' (pruned there)' : ''}` : '',
        run.swept
          ? ` · ${Object.entries(run.swept)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`
          : '',
      );
    }
    fact('data source', run.data_source);
    if (this.detail.validation) fact('validation', `the last ${this.detail.validation.images} training images held out (data.validation), scored after every epoch`);
    fact('train images', hash(run.train_images_sha256));
    fact('train labels', hash(run.train_labels_sha256));
    fact('test images', hash(run.test_images_sha256));
    fact('test labels', hash(run.test_labels_sha256));
    fact('config hash', hash(run.config_hash));
    if (run.imported_from) fact('imported from', run.imported_from, ' ', hash(run.imported_sha256));
    if (run.takeovers > 0) fact('takeovers', `${run.takeovers} (claim generation ${run.claim_generation})`);
    const resumes = this.detail.resumes;
    fact(
      'resumes',
      resumes.length === 0
        ? 'none'
        : el(
            'ul',
            { class: 'plain' },
            resumes.map((r) =>
              el(
                'li',
                null,
                `${dateTime(r.resumed_at)}: from epoch ${r.from_epoch} to ${r.epochs}, on ${r.host} (pid ${r.pid}), code ${r.code_version}${r.data_changed ? `; data changed: ${r.data_changed}` : ''}`,
              ),
            ),
          ),
    );
    replace(this.provenance, items);
  }
}
