import { api, showError, writeParams } from './app.js';
import { el, replace, section } from './dom.js';

/*
 * The run page's first-layer card at the slider's stored epoch (the 'epoch' parameter), one
 * symmetric scale per epoch, and under the tiles each one's weight norm across the epochs
 * as a sparkline. A dense network's tiles are its hidden units' incoming weights as images
 * (28×28 for MNIST; CIFAR-10's 3×32×32 in colour); a conv network's are its first conv
 * layer's filters (conv1_w, size × size each; in colour over CIFAR-10's R, G, B).
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

/**
 * A 3-channel weight (R, G, B) as a colour: each channel on its own, scaled by the tiles'
 * largest |w| (max) to 128 + 127·w/max, so 0 is mid-grey, +max full on and −max off in
 * that channel; a weight the same in all three channels is grey, light for positive, dark
 * for negative.
 * @param {number} r @param {number} g @param {number} b weights divided by max
 * @returns {[number, number, number]}
 */
function rgbWeight(r, g, b) {
  const level = (t) => Math.round(128 + 127 * Math.max(-1, Math.min(1, t)));
  return [level(r), level(g), level(b)];
}

/**
 * What the card draws from one epoch's network: per tile, `channels` planes of height ×
 * width weights (1: the diverging map; 3: R, G, B), from `tensor` at row `tile`.
 * @param {import('./forward.js').Network} net
 * @returns {{ kind: 'filters' | 'units', tensor: string, data: Float32Array, count: number, channels: number, height: number, width: number } | { problem: string }}
 */
export function tilesOf(net) {
  const conv = net.features.find((f) => f.kind === 'conv');
  if (conv) {
    const w = net.tensors.get(`${conv.name}_w`);
    const [count, channels, height, width] = w.shape;
    if (channels !== 1 && channels !== 3) return { problem: `No tiles: the first conv layer's filters have ${channels} channels (1 or 3 are drawn).` };
    return { kind: 'filters', tensor: `${conv.name}_w`, data: w.data, count, channels, height, width };
  }
  const w1 = net.tensors.get('w1');
  if (!w1 || w1.shape.length !== 2) return { problem: 'No tiles: the weights have no w1 matrix.' };
  const [count, inputs] = w1.shape;
  // The inputs' shape: after pool layers (no conv) the last feature maps, else the images', else a square.
  const last = net.features.at(-1)?.output;
  const shape = last ? [last.channels, last.height, last.width] : net.imageShape;
  let [channels, height, width] = shape ?? [1, Math.round(Math.sqrt(inputs)), Math.round(Math.sqrt(inputs))];
  if (channels * height * width !== inputs || (channels !== 1 && channels !== 3)) {
    return { problem: `No tiles: the first layer takes ${inputs} inputs, not a square image.` };
  }
  return { kind: 'units', tensor: 'w1', data: w1.data, count, channels, height, width };
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
    this.normsHeading = el('h3', null, page.declared.conv ? '‖filter f‖ across the epochs (dot: the slider’s epoch)' : '‖W1[u]‖ across the epochs (dot: the slider’s epoch)');
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
      page.declared.conv ? 'First conv layer’s filters' : 'First-layer weights',
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
      this.normsHeading,
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
    const tiles = tilesOf(net);
    if ('problem' in tiles) {
      replace(this.tiles);
      replace(this.scale);
      replace(this.note, tiles.problem);
      return;
    }
    const { kind, data, count, channels, height, width } = tiles;
    const filters = kind === 'filters';
    const plane = height * width;
    const size = channels * plane;
    // One symmetric scale for the epoch: tiles compare with each other, white (grey in colour) is exactly 0.
    let max = 0;
    for (const v of data) max = Math.max(max, Math.abs(v));
    max ||= 1;
    if (this.tiles.children.length !== count || this.tiles.getAttribute('data-kind') !== kind) {
      const name = filters ? 'filter' : 'unit';
      replace(
        this.tiles,
        Array.from({ length: count }, (_, u) => {
          const canvas = el('canvas', { class: 'tile', [`data-${name}`]: u, width, height, title: `${name} ${u}` });
          // Scaled up like the unit tiles: 60 px wide, as high as the image's aspect says.
          if (height !== width) canvas.style.height = `${Math.round((60 * height) / width)}px`;
          return canvas;
        }),
      );
      this.tiles.setAttribute('data-kind', kind);
    }
    for (let u = 0; u < count; u++) {
      const canvas = this.tiles.children[u];
      // Read back by whoever checks the tiles; a 28×28 canvas costs nothing on the CPU.
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      const image = ctx.createImageData(width, height);
      const at = u * size;
      for (let i = 0; i < plane; i++) {
        const [r, g, b] =
          channels === 3
            ? rgbWeight(data[at + i] / max, data[at + plane + i] / max, data[at + 2 * plane + i] / max)
            : diverging(data[at + i] / max);
        image.data[i * 4] = r;
        image.data[i * 4 + 1] = g;
        image.data[i * 4 + 2] = b;
        image.data[i * 4 + 3] = 255;
      }
      ctx.putImageData(image, 0, 0);
    }
    this.drawScale(max, channels === 3);
    const colour =
      channels === 3
        ? 'in colour: each of R, G, B at 128 + 127·w/max (mid-grey 0), max the largest |w| of all tiles of the epoch'
        : 'blue negative, white 0, red positive, one scale for all tiles of the epoch';
    replace(
      this.note,
      filters
        ? `Each tile: one filter of the first conv layer (${count} filters of ${channels}×${height}×${width}, ${tiles.tensor}), ${colour}.`
        : `Each tile: one hidden unit’s ${data.length / count} incoming weights as a ${channels === 3 ? `${channels}×` : ''}${height}×${width} image; ${colour}.`,
    );
    replace(this.normsHeading, filters ? '‖filter f‖ across the epochs (dot: the slider’s epoch)' : '‖W1[u]‖ across the epochs (dot: the slider’s epoch)');
    this.tiles.setAttribute('data-epoch', String(epoch));
  }

  /** The scale's bar: the diverging map, or for colour tiles a weight equal in R, G and B, from −max to +max. */
  drawScale(max, colour = false) {
    const bar = el('canvas', { width: 120, height: 1, 'aria-hidden': 'true' });
    const ctx = bar.getContext('2d');
    const image = ctx.createImageData(120, 1);
    for (let x = 0; x < 120; x++) {
      const t = (x / 119) * 2 - 1;
      image.data.set([...(colour ? rgbWeight(t, t, t) : diverging(t)), 255], x * 4);
    }
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
    const rows = this.norms.norms.length;
    // conv1_w: one sparkline per filter (data-filter), as the tiles; w1: per unit (data-unit).
    const name = this.norms.tensor === 'conv1_w' ? 'filter' : 'unit';
    if (this.normsBox.children.length !== rows || this.normsBox.getAttribute('data-kind') !== `${name}s`) {
      replace(
        this.normsBox,
        Array.from({ length: rows }, (_, u) => el('canvas', { class: 'spark', [`data-${name}`]: u })),
      );
      this.normsBox.setAttribute('data-kind', `${name}s`);
    }
    this.drawSparks();
  }

  /** Each unit's (or filter's) weight norm across the epochs, on its own scale (the shape matters, the title gives the values). */
  drawSparks() {
    if (!this.norms) return;
    const { epochs, norms } = this.norms;
    const filters = this.norms.tensor === 'conv1_w';
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
      canvas.title = `${filters ? `filter ${u}: ‖conv1_w[${u}]‖` : `unit ${u}: ‖W1‖`} ${series[0].toFixed(3)} at epoch ${epochs[0]} → ${series.at(-1).toFixed(3)} at epoch ${epochs.at(-1)}; ${series[at].toFixed(3)} at epoch ${epochs[at]}`;
    });
  }
}
