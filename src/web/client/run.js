import { api, idList, pageUrl, setTitle, showError, writeParams } from './app.js';
import { el, replace, section } from './dom.js';
import { count, dateTime, duration, fixed, MISSING, percent, signed } from './format.js';
import { argmax, decodeBytes, forward, loadNetwork } from './forward.js';
import { onReconnect, subscribe } from './live.js';
import uPlot from './uplot.js';

/*
 * One run's page (/run?id=N&epoch=E&cm=E2): what it is (summary, experiment, provenance),
 * how it trained (epochs, evaluations), and what it learned: its first-layer weights as
 * 28×28 tiles at any stored epoch (epoch=), the confusion matrix of a stored epoch (cm=)
 * with the test images of any cell, and a pad to draw a digit on, recognised in the
 * browser with the last epoch's weights.
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
    replace(
      root,
      el(
        'div',
        { class: 'card' },
        el('h1', null, 'Run'),
        el('p', { class: 'note' }, 'No run given: open a run from the ', el('a', { href: '/' }, 'Runs page'), ' (/run?id=N).'),
      ),
    );
    return;
  }
  setTitle(`Run ${id}`, el('span', null, `Run ${id}`));
  const [detail, epochs] = await Promise.all([api(`/api/runs/${id}`), api(`/api/runs/${id}/epochs`)]);
  const page = new RunPage(id, detail, epochs.epochs, params);
  replace(root, page.node);
  page.start();
}

/** The tiles' diverging map: blue below zero, white at zero, red above (RdBu's ends). */
const NEGATIVE = [33, 102, 172];
const POSITIVE = [178, 24, 43];

/**
 * The colour of a weight scaled to [-1, 1].
 * @param {number} t
 * @returns {[number, number, number]}
 */
function diverging(t) {
  const c = t < 0 ? NEGATIVE : POSITIVE;
  const a = Math.min(1, Math.abs(t));
  return [255 + (c[0] - 255) * a, 255 + (c[1] - 255) * a, 255 + (c[2] - 255) * a];
}

/** A canvas sized for the screen's pixel density, its context scaled to CSS pixels. */
function hiDpi(canvas, width, height) {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** Draws 0…255 pixels into a canvas of the image's size; ink dark on white unless `light`. */
function drawDigit(canvas, pixels, side, light = false) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(side, side);
  for (let i = 0; i < side * side; i++) {
    const v = light ? pixels[i] : 255 - pixels[i];
    image.data.set([v, v, v, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}

class RunPage {
  constructor(id, detail, epochRows, params) {
    this.id = id;
    this.detail = detail;
    this.epochRows = epochRows;
    /** Network per epoch, fetched once each (the tiles and the drawing pad share the last). */
    this.weights = new Map();
    this.norms = null;
    const checkpoints = detail.checkpoint_epochs;
    const last = checkpoints.at(-1) ?? null;
    const asked = (name) => (params.get(name) !== null && /^\d+$/.test(params.get(name)) ? Number(params.get(name)) : null);
    this.tileEpoch = this.nearestCheckpoint(asked('epoch') ?? last);
    this.cmEpoch = checkpoints.includes(asked('cm')) ? asked('cm') : last;
    this.tileToken = 0;
    this.cmToken = 0;

    this.head = el('div', { class: 'page-head' });
    this.node = el(
      'div',
      null,
      this.head,
      el('div', { class: 'grid wide-left' }, this.tilesSection(), this.drawSection()),
      el('div', { class: 'grid two' }, this.trainingSection(), this.confusionSection()),
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
    this.drawTiles();
    this.loadNorms();
    this.loadConfusion();
    this.loadPad();
    this.drawTrainingChart();
    subscribe('epochs', ({ run_id: runId, epochs }) => {
      if (runId !== this.id) return;
      const have = new Set(this.epochRows.map((e) => e.epoch));
      const added = epochs.filter((e) => !have.has(e.epoch));
      if (added.length === 0) return;
      this.epochRows = [...this.epochRows, ...added].sort((a, b) => a.epoch - b.epoch);
      this.renderEpochs();
      this.drawTrainingChart();
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
    // Tiles left at the newest epoch follow the training; a chosen older epoch stays.
    const followTiles = grew && this.tileEpoch === (this.checkpoints.at(-1) ?? null);
    this.detail = detail;
    this.epochRows = epochs.epochs;
    this.renderHead();
    this.renderEpochs();
    this.renderEvaluations();
    this.renderProvenance();
    this.drawTrainingChart();
    if (grew) {
      this.updateTileSlider();
      if (followTiles) {
        this.tileEpoch = this.checkpoints.at(-1);
        this.tileSlider.value = String(this.tileEpoch);
        this.drawTiles();
      }
      this.updateCmOptions();
      this.loadNorms();
    }
  }

  // ---------- summary ----------

  renderHead() {
    const run = this.run;
    const lastCe = this.epochRows.at(-1)?.cross_entropy ?? null;
    const evals = this.detail.evaluations;
    const best = evals.reduce((b, e) => (b === null || e.test_accuracy > b ? e.test_accuracy : b), null);
    const fact = (label, value) => el('span', null, `${label} `, el('b', null, value));
    replace(
      this.head,
      el('h1', null, `Run ${run.id} · `, el('span', { class: 'run-name' }, run.name)),
      el('span', { class: `status status-${run.status}` }, run.status),
      el(
        'span',
        { class: 'facts' },
        fact('architecture', run.architecture ?? MISSING),
        fact('optimizer', run.optimizer ?? MISSING),
        fact('epochs', `${this.epochRows.length}/${run.epochs}`),
        fact('last CE', fixed(lastCe)),
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

  // ---------- tiles ----------

  tilesSection() {
    this.tileSlider = el('input', {
      id: 'tile-epoch',
      type: 'range',
      min: '0',
      max: String(this.checkpoints.at(-1) ?? 0),
      step: '1',
      value: String(this.tileEpoch ?? 0),
      'aria-label': 'epoch of the tiles',
    });
    this.tileLabel = el('span', { id: 'tile-epoch-label' });
    this.tileScale = el('span', { class: 'scale' });
    this.tiles = el('div', { id: 'tiles', class: 'unit-grid' });
    this.normsBox = el('div', { id: 'norms', class: 'unit-grid' });
    this.tilesNote = el('p', { class: 'note' });
    this.tileSlider.addEventListener('input', () => {
      const epoch = this.nearestCheckpoint(Number(this.tileSlider.value));
      this.tileSlider.value = String(epoch);
      if (epoch === this.tileEpoch) return;
      this.tileEpoch = epoch;
      writeParams({ epoch });
      this.drawTiles();
      this.drawSparks();
    });
    return section(
      'First-layer weights',
      { class: 'tiles-card' },
      el(
        'div',
        { class: 'tile-controls' },
        el('label', { class: 'range' }, 'Epoch', this.tileSlider),
        this.tileLabel,
        el('span', { class: 'spacer' }),
        this.tileScale,
      ),
      this.tiles,
      this.tilesNote,
      el('h3', null, '‖W1[u]‖ across the epochs (dot: the slider’s epoch)'),
      this.normsBox,
    );
  }

  updateTileSlider() {
    this.tileSlider.max = String(this.checkpoints.at(-1) ?? 0);
  }

  /** Draws every unit's incoming weights after the slider's epoch; a newer slider move wins. */
  async drawTiles() {
    const epoch = this.tileEpoch;
    if (epoch === null) {
      replace(this.tilesNote, 'This run has no stored weights.');
      return;
    }
    replace(this.tileLabel, epoch === 0 ? 'epoch 0 (as initialised)' : `after epoch ${epoch}`);
    const token = ++this.tileToken;
    let net;
    try {
      net = await this.weightsAt(epoch);
    } catch (e) {
      showError(e);
      return;
    }
    if (token !== this.tileToken) return;
    const w1 = net.tensors.get('w1');
    const [units, inputs] = w1?.shape ?? [0, 0];
    const side = Math.round(Math.sqrt(inputs));
    if (!w1 || w1.shape.length !== 2 || side * side !== inputs) {
      replace(this.tilesNote, `No tiles: the first layer takes ${inputs} inputs, not a square image.`);
      return;
    }
    // One symmetric scale for the epoch: tiles compare with each other, white is exactly 0.
    let max = 0;
    for (const v of w1.data) max = Math.max(max, Math.abs(v));
    max ||= 1;
    if (this.tiles.children.length !== units) {
      replace(
        this.tiles,
        Array.from({ length: units }, (_, u) => el('canvas', { class: 'tile', 'data-unit': u, width: side, height: side, title: `unit ${u}` })),
      );
    }
    for (let u = 0; u < units; u++) {
      const canvas = this.tiles.children[u];
      // Read back by whoever checks the tiles; a 28×28 canvas costs nothing on the CPU.
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      const image = ctx.createImageData(side, side);
      for (let i = 0; i < inputs; i++) {
        const [r, g, b] = diverging(w1.data[u * inputs + i] / max);
        image.data[i * 4] = r;
        image.data[i * 4 + 1] = g;
        image.data[i * 4 + 2] = b;
        image.data[i * 4 + 3] = 255;
      }
      ctx.putImageData(image, 0, 0);
    }
    this.drawScale(max);
    replace(
      this.tilesNote,
      `Each tile: one hidden unit’s ${inputs} incoming weights as a ${side}×${side} image; blue negative, white 0, red positive, one scale for all tiles of the epoch.`,
    );
    this.tiles.setAttribute('data-epoch', String(epoch));
  }

  drawScale(max) {
    const bar = el('canvas', { width: 120, height: 1, 'aria-hidden': 'true' });
    const ctx = bar.getContext('2d');
    const image = ctx.createImageData(120, 1);
    for (let x = 0; x < 120; x++) image.data.set([...diverging((x / 119) * 2 - 1), 255], x * 4);
    ctx.putImageData(image, 0, 0);
    const digits = max < 0.1 ? 3 : 2;
    replace(this.tileScale, `−${max.toFixed(digits)}`, bar, `+${max.toFixed(digits)}`);
  }

  async loadNorms() {
    if (this.checkpoints.length === 0) return;
    try {
      this.norms = await api(`/api/runs/${this.id}/norms`);
    } catch (e) {
      showError(e);
      return;
    }
    const units = this.norms.norms.length;
    if (this.normsBox.children.length !== units) {
      replace(
        this.normsBox,
        Array.from({ length: units }, (_, u) => el('canvas', { class: 'spark', 'data-unit': u })),
      );
    }
    this.drawSparks();
  }

  /** Each unit's weight norm across the epochs, on its own scale (the shape matters, the title gives the values). */
  drawSparks() {
    if (!this.norms) return;
    const { epochs, norms } = this.norms;
    const at = epochs.reduce((best, e, k) => (Math.abs(e - this.tileEpoch) < Math.abs(epochs[best] - this.tileEpoch) ? k : best), 0);
    const W = 60;
    const H = 22;
    norms.forEach((series, u) => {
      const canvas = this.normsBox.children[u];
      if (!canvas) return;
      const ctx = hiDpi(canvas, W, H);
      ctx.clearRect(0, 0, W, H);
      const lo = Math.min(...series);
      const hi = Math.max(...series);
      const x = (k) => 2 + (series.length === 1 ? (W - 4) / 2 : (k / (series.length - 1)) * (W - 4));
      const y = (v) => (hi === lo ? H / 2 : H - 3 - ((v - lo) / (hi - lo)) * (H - 6));
      ctx.strokeStyle = '#98a2b3';
      ctx.lineWidth = 1.2;
      ctx.beginPath();
      series.forEach((v, k) => (k === 0 ? ctx.moveTo(x(k), y(v)) : ctx.lineTo(x(k), y(v))));
      ctx.stroke();
      ctx.fillStyle = '#2563eb';
      ctx.beginPath();
      ctx.arc(x(at), y(series[at]), 2.4, 0, Math.PI * 2);
      ctx.fill();
      canvas.title = `unit ${u}: ‖W1‖ ${series[0].toFixed(3)} at epoch ${epochs[0]} → ${series.at(-1).toFixed(3)} at epoch ${epochs.at(-1)}; ${series[at].toFixed(3)} at epoch ${epochs[at]}`;
    });
  }

  // ---------- drawing pad ----------

  drawSection() {
    this.pad = el('canvas', { id: 'draw', width: 28, height: 28, 'aria-label': 'draw a digit here' });
    this.padCtx = this.pad.getContext('2d', { willReadFrequently: true });
    this.clearPad();
    this.predicted = el('span', { id: 'draw-predicted' });
    this.probabilities = el(
      'ul',
      { id: 'draw-probabilities' },
      Array.from({ length: 10 }, (_, c) =>
        el(
          'li',
          { 'data-class': c },
          el('span', { class: 'digit' }, String(c)),
          '  ',
          el('span', { class: 'p' }, MISSING),
          el('span', { class: 'bar' }, el('span')),
        ),
      ),
    );
    this.padNote = el('p', { class: 'note' }, 'Loading the weights…');
    const clear = el('button', { id: 'draw-clear', type: 'button', class: 'button small' }, 'Clear');
    clear.addEventListener('click', () => {
      this.clearPad();
      this.showPrediction(null);
    });
    this.wirePad();
    return section(
      'Draw a digit',
      { class: 'draw-card' },
      el(
        'div',
        { class: 'draw-layout' },
        el(
          'div',
          null,
          this.pad,
          el('div', { class: 'toolbar', id: 'draw-tools' }, clear, el('span', { class: 'muted small' }, 'paint with the mouse or a finger')),
        ),
        el('div', { class: 'draw-side' }, el('div', { class: 'predicted' }, el('span', { class: 'muted' }, 'Predicted'), this.predicted), this.probabilities),
      ),
      this.padNote,
    );
  }

  clearPad() {
    this.padCtx.fillStyle = '#000';
    this.padCtx.fillRect(0, 0, 28, 28);
  }

  /** Pointer strokes paint a soft round brush; an `input` event (a script painting with putImageData) only predicts. */
  wirePad() {
    const pad = this.pad;
    let last = null;
    const position = (event) => {
      const box = pad.getBoundingClientRect();
      return [((event.clientX - box.left) / box.width) * pad.width, ((event.clientY - box.top) / box.height) * pad.height];
    };
    pad.addEventListener('pointerdown', (event) => {
      pad.setPointerCapture(event.pointerId);
      last = position(event);
      this.paint([last]);
      this.predict();
    });
    pad.addEventListener('pointermove', (event) => {
      if (!last) return;
      const next = position(event);
      // Stamps every third of a pixel along the move, so a fast stroke stays continuous.
      const steps = Math.max(1, Math.ceil(Math.hypot(next[0] - last[0], next[1] - last[1]) * 3));
      const points = Array.from({ length: steps }, (_, k) => [
        last[0] + ((next[0] - last[0]) * (k + 1)) / steps,
        last[1] + ((next[1] - last[1]) * (k + 1)) / steps,
      ]);
      last = next;
      this.paint(points);
      this.predict();
    });
    const end = () => {
      if (!last) return;
      last = null;
      this.predict();
    };
    pad.addEventListener('pointerup', end);
    pad.addEventListener('pointercancel', end);
    pad.addEventListener('input', () => this.predict());
  }

  /** A soft round brush: each pixel keeps the brighter of itself and the brush (a Gaussian, σ ≈ 1 px, its core saturated). */
  paint(points) {
    const { width, height } = this.pad;
    const image = this.padCtx.getImageData(0, 0, width, height);
    const d = image.data;
    for (const [px, py] of points) {
      for (let y = Math.max(0, Math.floor(py - 3)); y <= Math.min(height - 1, Math.ceil(py + 3)); y++) {
        for (let x = Math.max(0, Math.floor(px - 3)); x <= Math.min(width - 1, Math.ceil(px + 3)); x++) {
          const r2 = (x + 0.5 - px) ** 2 + (y + 0.5 - py) ** 2;
          const v = Math.round(255 * Math.min(1, 1.5 * Math.exp(-r2 / 2)));
          const i = (y * width + x) * 4;
          if (v > d[i]) d.set([v, v, v, 255], i);
        }
      }
    }
    this.padCtx.putImageData(image, 0, 0);
  }

  async loadPad() {
    const last = this.checkpoints.at(-1);
    if (last === undefined) {
      replace(this.padNote, 'This run has no stored weights to recognise with.');
      return;
    }
    try {
      this.padNet = await this.weightsAt(last);
    } catch (e) {
      replace(this.padNote, 'The weights could not be loaded.');
      showError(e);
      return;
    }
    if (this.padNet.inputs !== this.pad.width * this.pad.height) {
      replace(this.padNote, `The network takes ${this.padNet.inputs} inputs, not a 28×28 image: nothing to draw on.`);
      return;
    }
    this.pad.setAttribute('data-ready', '1');
    replace(this.padNote, `Recognised in the browser with the weights after epoch ${this.padNet.epoch} (the same forward pass as runner predict).`);
    if (this.predictWaiting) this.predict();
  }

  /** The forward pass on the pad's pixels (its red channel, 0…255). */
  predict() {
    if (!this.padNet || this.pad.getAttribute('data-ready') !== '1') {
      this.predictWaiting = true;
      return;
    }
    this.predictWaiting = false;
    const { data } = this.padCtx.getImageData(0, 0, this.pad.width, this.pad.height);
    const pixels = new Uint8Array(this.pad.width * this.pad.height);
    for (let i = 0; i < pixels.length; i++) pixels[i] = data[i * 4];
    this.showPrediction(forward(this.padNet, pixels));
  }

  showPrediction(p) {
    const best = p ? argmax(p) : -1;
    replace(this.predicted, p ? String(best) : '');
    for (const li of this.probabilities.children) {
      const c = Number(li.getAttribute('data-class'));
      li.classList.toggle('top', c === best);
      li.querySelector('.p').textContent = p ? p[c].toFixed(4) : MISSING;
      li.querySelector('.bar span').style.width = p ? `${(p[c] * 100).toFixed(1)}%` : '0';
      if (p) li.setAttribute('data-probability', String(p[c]));
      else li.removeAttribute('data-probability');
    }
  }

  // ---------- confusion ----------

  confusionSection() {
    this.cmSelect = el('select', { id: 'cm-epoch', 'aria-label': 'epoch of the confusion matrix' });
    this.updateCmOptions();
    this.cmSelect.addEventListener('change', () => {
      this.cmEpoch = Number(this.cmSelect.value);
      writeParams({ cm: this.cmEpoch });
      this.loadConfusion();
    });
    this.cmSummary = el('span', { class: 'muted small' });
    this.confusion = el('table', { id: 'confusion' });
    this.examplesCaption = el('p', { class: 'note', id: 'examples-caption' }, 'Click a cell to see its test images.');
    this.examples = el('div', { id: 'examples' });
    this.confusion.addEventListener('click', (event) => {
      const cell = event.target.closest('td.cm-cell');
      if (cell) this.loadExamples(cell);
    });
    return el(
      'section',
      { class: 'card' },
      el(
        'div',
        { class: 'card-head' },
        el('h2', null, 'Confusion matrix'),
        el('label', { class: 'range' }, 'after epoch', this.cmSelect),
        el('span', { class: 'spacer' }),
        this.cmSummary,
      ),
      el('div', { class: 'table-wrap' }, this.confusion),
      this.examplesCaption,
      this.examples,
    );
  }

  updateCmOptions() {
    replace(
      this.cmSelect,
      [...this.checkpoints].reverse().map((e) => el('option', { value: e, selected: e === this.cmEpoch }, String(e))),
    );
    if (this.cmEpoch !== null) this.cmSelect.value = String(this.cmEpoch);
  }

  async loadConfusion() {
    const epoch = this.cmEpoch;
    if (epoch === null) {
      replace(this.cmSummary, 'no stored weights');
      return;
    }
    const token = ++this.cmToken;
    replace(this.cmSummary, 'computing on the test set…');
    this.confusion.classList.add('stale');
    let cm;
    try {
      cm = await api(`/api/runs/${this.id}/confusion?epoch=${epoch}`);
    } catch (e) {
      if (token === this.cmToken) replace(this.cmSummary, '');
      showError(e);
      return;
    }
    if (token !== this.cmToken) return;
    this.confusion.classList.remove('stale');
    const k = cm.classes;
    const head = el(
      'tr',
      null,
      el('th', { class: 'axis', title: 'rows: the true label; columns: the predicted class' }, 'true \\ predicted'),
      Array.from({ length: k }, (_, p) => el('th', { scope: 'col' }, String(p))),
    );
    const rows = cm.matrix.map((row, label) => {
      const total = row.reduce((a, b) => a + b, 0) || 1;
      return el(
        'tr',
        null,
        el('th', { scope: 'row' }, String(label)),
        row.map((n, predicted) => {
          const td = el(
            'td',
            {
              class: 'cm-cell',
              'data-label': label,
              'data-predicted': predicted,
              title: `label ${label} predicted ${predicted}: ${n} (${percent(n / total, 1)} of the ${label}s)`,
            },
            String(n),
          );
          const share = n / total;
          // Right answers in green by their share of the row; mistakes in red, stretched (they are a few percent).
          if (label === predicted) td.style.background = `rgba(21, 128, 61, ${(0.12 + 0.78 * share).toFixed(3)})`;
          else if (n > 0) td.style.background = `rgba(200, 40, 30, ${Math.min(0.85, 0.06 + share * 8).toFixed(3)})`;
          if ((label === predicted && share > 0.5) || (label !== predicted && share > 0.07)) td.style.color = '#fff';
          return td;
        }),
      );
    });
    replace(this.confusion, el('thead', null, head), el('tbody', null, rows));
    replace(this.cmSummary, `${count(cm.test_correct)} / ${count(cm.test_images)} test images right (${percent(cm.test_accuracy)})`);
    this.confusion.setAttribute('data-epoch', String(cm.epoch));
    this.confusion.setAttribute('data-correct', String(cm.test_correct));
  }

  async loadExamples(cell) {
    const label = Number(cell.getAttribute('data-label'));
    const predicted = Number(cell.getAttribute('data-predicted'));
    const epoch = Number(this.confusion.getAttribute('data-epoch'));
    for (const active of this.confusion.querySelectorAll('td.active')) active.classList.remove('active');
    cell.classList.add('active');
    const token = (this.exampleToken = (this.exampleToken ?? 0) + 1);
    replace(this.examplesCaption, `Loading the test images of label ${label} predicted ${predicted}…`);
    let body;
    try {
      body = await api(`/api/runs/${this.id}/confusion?epoch=${epoch}&label=${label}&predicted=${predicted}`);
    } catch (e) {
      showError(e);
      return;
    }
    if (token !== this.exampleToken) return;
    const total = Number(cell.textContent);
    const shown = body.examples.length;
    replace(
      this.examplesCaption,
      total === 0
        ? `No test image of label ${label} was predicted ${predicted}.`
        : `${count(total)} test image${total === 1 ? '' : 's'} of label ${label} predicted ${predicted}${shown < total ? ` (the first ${shown})` : ''}: index, then the three most probable classes.`,
    );
    const side = Math.round(Math.sqrt(body.examples[0] ? decodeBytes(body.examples[0].pixels).length : 784));
    replace(
      this.examples,
      body.examples.map((ex) => {
        const canvas = el('canvas', { width: side, height: side });
        drawDigit(canvas, decodeBytes(ex.pixels), side);
        return el('div', { class: 'example', 'data-index': ex.index }, canvas, `#${ex.index}: ${ex.top.map(([c, p]) => `${c} ${p.toFixed(2)}`).join(', ')}`);
      }),
    );
  }

  // ---------- training ----------

  trainingSection() {
    this.trainingChart = el('div', { class: 'run-chart' });
    this.epochsTable = el('table', { id: 'epochs-table', class: 'data' });
    this.evaluationsTable = el('table', { id: 'run-evaluations', class: 'data' });
    this.renderEpochs();
    this.renderEvaluations();
    return section(
      'Training',
      null,
      this.trainingChart,
      el('h3', null, 'Epochs'),
      el('div', { class: 'scroll' }, this.epochsTable),
      el('h3', null, 'Evaluations on the test set'),
      el('div', { class: 'table-wrap' }, this.evaluationsTable),
    );
  }

  renderEpochs() {
    const rows = this.epochRows.map((e, k) =>
      el(
        'tr',
        { 'data-epoch': e.epoch },
        el('td', { class: 'num' }, String(e.epoch)),
        el('td', { class: 'num' }, fixed(e.cross_entropy)),
        el('td', { class: 'num muted' }, k === 0 ? MISSING : signed(e.cross_entropy - this.epochRows[k - 1].cross_entropy)),
        el('td', { class: 'num' }, duration(e.seconds)),
        el('td', { class: 'num muted' }, dateTime(e.finished_at)),
      ),
    );
    replace(
      this.epochsTable,
      el(
        'thead',
        null,
        el(
          'tr',
          null,
          el('th', { class: 'num' }, 'epoch'),
          el('th', { class: 'num' }, 'cross-entropy'),
          el('th', { class: 'num' }, 'change'),
          el('th', { class: 'num' }, 'time'),
          el('th', { class: 'num' }, 'finished'),
        ),
      ),
      el('tbody', null, rows.length ? rows : el('tr', { class: 'empty' }, el('td', { colspan: 5 }, 'No epoch finished yet.'))),
    );
  }

  renderEvaluations() {
    const evals = this.detail.evaluations;
    replace(
      this.evaluationsTable,
      el(
        'thead',
        null,
        el(
          'tr',
          null,
          el('th', { class: 'num' }, 'epoch'),
          el('th', { class: 'num' }, 'test accuracy'),
          el('th', { class: 'num' }, 'test CE'),
          el('th', { class: 'num' }, 'right'),
          el('th', { class: 'num' }, 'evaluated'),
        ),
      ),
      el(
        'tbody',
        null,
        evals.length
          ? evals.map((e) =>
              el(
                'tr',
                { 'data-epoch': e.epoch },
                el('td', { class: 'num' }, String(e.epoch)),
                el('td', { class: 'num' }, percent(e.test_accuracy)),
                el('td', { class: 'num' }, fixed(e.test_cross_entropy)),
                el('td', { class: 'num' }, `${count(e.test_correct)} / ${count(e.test_images)}`),
                el('td', { class: 'num muted' }, dateTime(e.evaluated_at)),
              ),
            )
          : el('tr', { class: 'empty' }, el('td', { colspan: 5 }, `Not evaluated yet: runner eval ${this.id}`)),
      ),
    );
  }

  /** The run's training cross-entropy per epoch, and its evaluations' test cross-entropy as dots. */
  drawTrainingChart() {
    const rows = this.epochRows;
    if (rows.length === 0) {
      this.trainingPlot?.destroy();
      this.trainingPlot = null;
      replace(this.trainingChart);
      return;
    }
    const xs = [...new Set([...rows.map((e) => e.epoch), ...this.detail.evaluations.map((e) => e.epoch)])].sort((a, b) => a - b);
    const train = new Map(rows.map((e) => [e.epoch, e.cross_entropy]));
    const test = new Map(this.detail.evaluations.map((e) => [e.epoch, e.test_cross_entropy]));
    const data = [xs, xs.map((x) => train.get(x) ?? null), xs.map((x) => test.get(x) ?? null)];
    const axis = {
      stroke: '#475467',
      font: '11px system-ui, sans-serif',
      labelFont: '600 11px system-ui, sans-serif',
      grid: { stroke: '#edf0f3' },
      ticks: { stroke: '#d0d5dd', size: 4 },
    };
    const width = Math.max(280, this.trainingChart.clientWidth || 520);
    const opts = {
      width,
      height: 190,
      legend: { show: true, live: true },
      scales: { x: { time: false } },
      series: [
        { label: 'epoch' },
        { label: 'training CE', stroke: '#1f77b4', width: 2, spanGaps: true, value: (u, v) => fixed(v) },
        { label: 'test CE', stroke: '#ff7f0e', width: 0, paths: () => null, points: { show: true, size: 8, fill: '#ff7f0e' }, value: (u, v) => fixed(v) },
      ],
      axes: [
        { ...axis, label: 'epoch', labelSize: 20, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
        { ...axis, size: 48, values: (u, vals) => vals.map((v) => String(Number(v.toPrecision(3)))) },
      ],
    };
    if (this.trainingPlot && this.trainingPlot.series.length === 3) {
      this.trainingPlot.setData(data);
      return;
    }
    replace(this.trainingChart);
    this.trainingPlot = new uPlot(opts, data, this.trainingChart);
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
        run.swept
          ? ` · ${Object.entries(run.swept)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`
          : '',
      );
    }
    fact('data source', run.data_source);
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
