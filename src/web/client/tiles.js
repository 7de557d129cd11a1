import { api, showError, writeParams } from './app.js';
import { el, replace, section } from './dom.js';

/*
 * The run page's first-layer card: every hidden unit's incoming weights as a 28×28 tile at
 * the slider's stored epoch (the 'epoch' parameter), one symmetric diverging scale per
 * epoch, and under them each unit's weight norm across the epochs as a sparkline.
 */

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

export class TilesCard {
  /**
   * @param {import('./run.js').RunPage} page the run: its id, checkpoints and weights
   * @param {number | null} epoch the stored epoch to show first
   */
  constructor(page, epoch) {
    this.page = page;
    this.epoch = epoch;
    this.token = 0;
    this.norms = null;
    this.slider = el('input', {
      id: 'tile-epoch',
      type: 'range',
      min: '0',
      max: String(page.checkpoints.at(-1) ?? 0),
      step: '1',
      value: String(epoch ?? 0),
      'aria-label': 'epoch of the tiles',
    });
    this.label = el('span', { id: 'tile-epoch-label' });
    this.scale = el('span', { class: 'scale' });
    this.tiles = el('div', { id: 'tiles', class: 'unit-grid' });
    this.normsBox = el('div', { id: 'norms', class: 'unit-grid' });
    this.note = el('p', { class: 'note' });
    this.slider.addEventListener('input', () => {
      const next = page.nearestCheckpoint(Number(this.slider.value));
      this.slider.value = String(next);
      if (next === this.epoch) return;
      this.epoch = next;
      writeParams({ epoch: next });
      this.draw();
      this.drawSparks();
    });
    this.node = section(
      'First-layer weights',
      { class: 'tiles-card' },
      el(
        'div',
        { class: 'tile-controls' },
        el('label', { class: 'range' }, 'Epoch', this.slider),
        this.label,
        el('span', { class: 'spacer' }),
        this.scale,
      ),
      this.tiles,
      this.note,
      el('h3', null, '‖W1[u]‖ across the epochs (dot: the slider’s epoch)'),
      this.normsBox,
    );
  }

  start() {
    this.draw();
    this.loadNorms();
  }

  /**
   * The run stored new checkpoints: the slider reaches them, the norms are fetched again, and
   * tiles left at the newest epoch follow the training (a chosen older epoch stays).
   * @param {number | null} lastBefore the newest checkpoint before
   */
  checkpointsGrew(lastBefore) {
    const last = this.page.checkpoints.at(-1) ?? null;
    this.slider.max = String(last ?? 0);
    if (this.epoch === lastBefore) {
      this.epoch = last;
      this.slider.value = String(last);
      this.draw();
    }
    this.loadNorms();
  }

  /** Draws every unit's incoming weights after the slider's epoch; a newer slider move wins. */
  async draw() {
    const epoch = this.epoch;
    if (epoch === null) {
      replace(this.note, 'This run has no stored weights.');
      return;
    }
    replace(this.label, epoch === 0 ? 'epoch 0 (as initialised)' : `after epoch ${epoch}`);
    const token = ++this.token;
    let net;
    try {
      net = await this.page.weightsAt(epoch);
    } catch (e) {
      showError(e);
      return;
    }
    if (token !== this.token) return;
    const w1 = net.tensors.get('w1');
    const [units, inputs] = w1?.shape ?? [0, 0];
    const side = Math.round(Math.sqrt(inputs));
    if (!w1 || w1.shape.length !== 2 || side * side !== inputs) {
      replace(this.note, `No tiles: the first layer takes ${inputs} inputs, not a square image.`);
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
      this.note,
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
    replace(this.scale, `−${max.toFixed(digits)}`, bar, `+${max.toFixed(digits)}`);
  }

  async loadNorms() {
    if (this.page.checkpoints.length === 0) return;
    try {
      this.norms = await api(`/api/runs/${this.page.id}/norms`);
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
    const at = epochs.reduce((best, e, k) => (Math.abs(e - this.epoch) < Math.abs(epochs[best] - this.epoch) ? k : best), 0);
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
}
