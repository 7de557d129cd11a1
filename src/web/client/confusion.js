import { api, showError, writeParams } from './app.js';
import { el, replace } from './dom.js';
import { count, percent } from './format.js';
import { decodeBytes } from './forward.js';

/*
 * The run page's confusion matrix: the test set classified with a stored epoch's weights
 * (the 'cm' parameter, default the last), computed by the server; clicking a cell shows
 * its test images with their three most probable classes.
 */

/** CIFAR-10's classes, by label (its batches.meta.txt). */
const CIFAR_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/**
 * Draws an image's 0…255 pixels into a canvas of its size: a grey one (MNIST) ink dark on
 * white; a colour one (CIFAR-10: the R, G and B planes one after another) as its colours.
 * @param {HTMLCanvasElement} canvas
 * @param {Uint8Array} pixels channels × height × width
 * @param {[number, number, number]} shape [channels, height, width]
 */
export function drawImage(canvas, pixels, [channels, height, width]) {
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  const plane = height * width;
  for (let i = 0; i < plane; i++) {
    if (channels === 3) image.data.set([pixels[i], pixels[plane + i], pixels[2 * plane + i], 255], i * 4);
    else {
      const v = 255 - pixels[i];
      image.data.set([v, v, v, 255], i * 4);
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** An example's shape when an older server gives none: a square of grey pixels. */
function squareShape(bytes) {
  const side = Math.round(Math.sqrt(bytes));
  return [1, side, side];
}

export class ConfusionCard {
  /**
   * @param {import('./run.js').RunPage} page the run: its id and checkpoints
   * @param {number | null} epoch the stored epoch to classify with first
   */
  constructor(page, epoch) {
    this.page = page;
    this.epoch = epoch;
    this.token = 0;
    this.exampleToken = 0;
    /** A class as the captions name it: its number, and for CIFAR-10 its name too ("3 (cat)"). */
    this.className = (c) => (page.declared.cifar && CIFAR_CLASSES[c] ? `${c} (${CIFAR_CLASSES[c]})` : String(c));
    this.select = el('select', { id: 'cm-epoch', 'aria-label': 'epoch of the confusion matrix' });
    this.updateOptions();
    this.select.addEventListener('change', () => {
      this.epoch = Number(this.select.value);
      writeParams({ cm: this.epoch });
      this.load();
    });
    this.summary = el('span', { class: 'muted small' });
    this.table = el('table', { id: 'confusion' });
    this.caption = el('p', { class: 'note', id: 'examples-caption' }, 'Click a cell to see its test images.');
    this.examples = el('div', { id: 'examples' });
    this.table.addEventListener('click', (event) => {
      const cell = event.target.closest('td.cm-cell');
      if (cell) this.loadExamples(cell);
    });
    this.node = el(
      'section',
      { class: 'card' },
      el(
        'div',
        { class: 'card-head' },
        el('h2', null, 'Confusion matrix'),
        el('label', { class: 'range' }, 'after epoch', this.select),
        el('span', { class: 'spacer' }),
        this.summary,
      ),
      el('div', { class: 'table-wrap' }, this.table),
      this.caption,
      this.examples,
    );
  }

  /** The epoch menu: every stored epoch, newest first. */
  updateOptions() {
    replace(
      this.select,
      [...this.page.checkpoints].reverse().map((e) => el('option', { value: e, selected: e === this.epoch }, String(e))),
    );
    if (this.epoch !== null) this.select.value = String(this.epoch);
  }

  async load() {
    const epoch = this.epoch;
    if (epoch === null) {
      replace(this.summary, 'no stored weights');
      return;
    }
    const token = ++this.token;
    replace(this.summary, 'computing on the test set…');
    this.table.classList.add('stale');
    let cm;
    try {
      cm = await api(`/api/runs/${this.page.id}/confusion?epoch=${epoch}`);
    } catch (e) {
      if (token === this.token) replace(this.summary, '');
      showError(e);
      return;
    }
    if (token !== this.token) return;
    this.table.classList.remove('stale');
    const k = cm.classes;
    const head = el(
      'tr',
      null,
      el('th', { class: 'axis', title: 'rows: the true label; columns: the predicted class' }, 'true \\ predicted'),
      Array.from({ length: k }, (_, p) => el('th', { scope: 'col', title: this.className(p) }, String(p))),
    );
    const rows = cm.matrix.map((row, label) => {
      const total = row.reduce((a, b) => a + b, 0) || 1;
      return el(
        'tr',
        null,
        el('th', { scope: 'row', title: this.className(label) }, String(label)),
        row.map((n, predicted) => {
          const td = el(
            'td',
            {
              class: 'cm-cell',
              'data-label': label,
              'data-predicted': predicted,
              title: `label ${this.className(label)} predicted ${this.className(predicted)}: ${n} (${percent(n / total, 1)} of the ${label}s)`,
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
    replace(this.table, el('thead', null, head), el('tbody', null, rows));
    replace(this.summary, `${count(cm.test_correct)} / ${count(cm.test_images)} test images right (${percent(cm.test_accuracy)})`);
    this.table.setAttribute('data-epoch', String(cm.epoch));
    this.table.setAttribute('data-correct', String(cm.test_correct));
  }

  async loadExamples(cell) {
    const label = Number(cell.getAttribute('data-label'));
    const predicted = Number(cell.getAttribute('data-predicted'));
    const epoch = Number(this.table.getAttribute('data-epoch'));
    for (const active of this.table.querySelectorAll('td.active')) active.classList.remove('active');
    cell.classList.add('active');
    const token = ++this.exampleToken;
    replace(this.caption, `Loading the test images of label ${this.className(label)} predicted ${this.className(predicted)}…`);
    let body;
    try {
      body = await api(`/api/runs/${this.page.id}/confusion?epoch=${epoch}&label=${label}&predicted=${predicted}`);
    } catch (e) {
      showError(e);
      return;
    }
    if (token !== this.exampleToken) return;
    const total = Number(cell.textContent);
    const shown = body.examples.length;
    replace(
      this.caption,
      total === 0
        ? `No test image of label ${this.className(label)} was predicted ${this.className(predicted)}.`
        : `${count(total)} test image${total === 1 ? '' : 's'} of label ${this.className(label)} predicted ${this.className(predicted)}${shown < total ? ` (the first ${shown})` : ''}: index, then the three most probable classes.`,
    );
    const shape = body.image_shape ?? squareShape(body.examples[0] ? decodeBytes(body.examples[0].pixels).length : 784);
    const [channels, height, width] = shape;
    replace(
      this.examples,
      body.examples.map((ex) => {
        const canvas = el('canvas', { width, height, 'data-channels': channels });
        // 56 px wide, as high as the image's aspect says.
        if (height !== width) canvas.style.height = `${Math.round((56 * height) / width)}px`;
        drawImage(canvas, decodeBytes(ex.pixels), shape);
        // "#565: 9 0.69, 4 0.23, 7 0.05", a line break only between two classes.
        const top = ex.top.flatMap(([c, p], k) => [k > 0 ? ', ' : null, el('span', { class: 'top' }, `${c} ${p.toFixed(2)}`)]);
        return el('div', { class: 'example', 'data-index': ex.index }, canvas, el('span', null, `#${ex.index}: `, top));
      }),
    );
  }
}
