import { showError } from './app.js';
import { el, replace, section } from './dom.js';
import { MISSING } from './format.js';
import { argmax, forward } from './forward.js';

/*
 * The run page's drawing pad: a canvas of the run's image size (28×28 for MNIST; a conv
 * network's images as its spec gives them, height × width) painted white on black with a
 * soft round brush, recognised in the browser (forward.js, the same pass as runner
 * predict, dense or conv) with the weights of the run's last stored epoch, fetched once.
 * The page reads the pad's red channel as the pixel value; an `input` event on the canvas
 * (a script that painted it) predicts too. A run over colour images (CIFAR-10) gets a note
 * instead: there is no digit to draw.
 */

/** The pad's longest side on screen, in CSS pixels. */
const PAD_CSS = 280;

export class DrawPad {
  /** @param {import('./run.js').RunPage} page the run: its checkpoints and weights */
  constructor(page) {
    this.page = page;
    this.net = null;
    this.waiting = false;
    this.pad = el('canvas', { id: 'draw', width: 28, height: 28, 'aria-label': 'draw a digit here' });
    this.ctx = this.pad.getContext('2d', { willReadFrequently: true });
    this.clear();
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
    this.note = el('p', { class: 'note', id: 'draw-note' }, 'Loading the weights…');
    if (page.declared.cifar) {
      // No pad at all: nothing to paint, nothing for a script to find.
      replace(this.note, 'Not for this run: it classifies CIFAR-10’s 3×32×32 colour images (planes R, G, B), not hand-written digits, so there is nothing to draw. Its test images are in the confusion matrix.');
      this.node = section('Draw a digit', { class: 'draw-card', 'data-applies': '0' }, this.note);
      return;
    }
    const clear = el('button', { id: 'draw-clear', type: 'button', class: 'button small' }, 'Clear');
    clear.addEventListener('click', () => {
      this.clear();
      this.showPrediction(null);
    });
    this.wire();
    this.node = section(
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
      this.note,
    );
  }

  clear() {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, this.pad.width, this.pad.height);
  }

  /** Makes the pad height × width image pixels, shown with its longest side PAD_CSS px wide; a new size starts black (what was painted on the old one goes). */
  resize(height, width) {
    if (this.pad.width === width && this.pad.height === height) return;
    this.pad.width = width;
    this.pad.height = height;
    this.pad.setAttribute('aria-label', `draw a digit here (${width}×${height} pixels)`);
    const longest = Math.max(width, height);
    this.pad.style.width = `${Math.round((PAD_CSS * width) / longest)}px`;
    this.pad.style.height = `${Math.round((PAD_CSS * height) / longest)}px`;
    this.clear();
  }

  /** Pointer strokes paint a soft round brush; an `input` event (a script painting with putImageData) only predicts. */
  wire() {
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
    const image = this.ctx.getImageData(0, 0, width, height);
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
    this.ctx.putImageData(image, 0, 0);
  }

  /** Fetches the last epoch's weights (shared with the tiles) and readies the pad. */
  async load() {
    if (this.page.declared.cifar) return;
    const last = this.page.checkpoints.at(-1);
    if (last === undefined) {
      replace(this.note, 'This run has no stored weights to recognise with.');
      return;
    }
    try {
      this.net = await this.page.weightsAt(last);
    } catch (e) {
      replace(this.note, 'The weights could not be loaded.');
      showError(e);
      return;
    }
    // The images' shape when the weights say it (a conv network, CIFAR-10); else a dense network of 784 inputs is MNIST's 28×28.
    const [channels, height, width] = this.net.imageShape ?? [1, 28, 28];
    if (channels !== 1) {
      replace(this.note, `Not for this run: it classifies ${channels}×${height}×${width} colour images, not hand-written digits, so there is nothing to draw.`);
      this.pad.hidden = true;
      return;
    }
    if (this.net.inputs !== height * width) {
      replace(this.note, `The network takes ${this.net.inputs} inputs, not a ${height}×${width} image: nothing to draw on.`);
      return;
    }
    this.resize(height, width);
    this.pad.setAttribute('data-ready', '1');
    replace(
      this.note,
      `Recognised in the browser${this.net.features.length > 0 ? ' by the conv network' : ''} with the weights after epoch ${this.net.epoch} (the same forward pass as runner predict)${height !== 28 || width !== 28 ? `, on ${width}×${height} pixels as its images are` : ''}.`,
    );
    if (this.waiting) this.predict();
  }

  /** The forward pass on the pad's pixels (its red channel, 0…255). */
  predict() {
    if (!this.net || this.pad.getAttribute('data-ready') !== '1') {
      this.waiting = true;
      return;
    }
    this.waiting = false;
    const { data } = this.ctx.getImageData(0, 0, this.pad.width, this.pad.height);
    const pixels = new Uint8Array(this.pad.width * this.pad.height);
    for (let i = 0; i < pixels.length; i++) pixels[i] = data[i * 4];
    this.showPrediction(forward(this.net, pixels));
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
}
