/*
 * The network's forward pass in the browser, from /api/runs/:id/weights, so a digit drawn on
 * the page is recognised without asking the server. It must give what `runner predict`
 * gives (the README's NumPy forward pass): x = pixels·pixel_scale, channels × height ×
 * width (planes); per conv layer t[f][y][x] = b[f] + Σ_c,dy,dx W[f][c][dy][dx] ·
 * x[c][y·s + dy − p][x·s + dx − p] (0 outside the image), [batch norm per filter with the
 * stored mean and variance], sigmoid or relu; per pool layer the largest value of each
 * window; the last feature maps flattened as c·H·W + y·W + x; per hidden layer t = W x + b,
 * [batch norm], sigmoid or relu, [× (1 − ρ) for dropout at evaluation]; then z = W y + b
 * and a softmax. The weights arrive as float32; the arithmetic is float64 (the last digits
 * may differ from the float32 kernels, far below what the page shows).
 */

/**
 * Decodes a base64 float32 little-endian tensor.
 * @param {string} base64
 * @returns {Float32Array}
 */
export function decodeFloat32(base64) {
  const bytes = decodeBytes(base64);
  if (bytes.length % 4 !== 0) throw new Error(`a float32 tensor of ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / 4);
  // DataView with littleEndian=true: right on any machine, whatever its own byte order.
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * Decodes base64 into bytes (the test images' pixels, 0…255).
 * @param {string} base64
 * @returns {Uint8Array}
 */
export function decodeBytes(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * @typedef {{ units: number, inputs: number, w: Float32Array, b: Float32Array | null, activation: 'sigmoid' | 'relu',
 *   batchNorm: { gamma: Float32Array, beta: Float32Array, mean: Float32Array, variance: Float32Array, epsilon: number } | null,
 *   dropout: number }} HiddenLayer
 * @typedef {{ channels: number, height: number, width: number }} Shape
 * @typedef {{ kind: 'conv', name: string, filters: number, size: number, stride: number, padding: number, activation: 'sigmoid' | 'relu',
 *   w: Float32Array, b: Float32Array | null,
 *   batchNorm: { gamma: Float32Array, beta: Float32Array, mean: Float32Array, variance: Float32Array, epsilon: number } | null,
 *   input: Shape, output: Shape }
 *   | { kind: 'pool', size: number, stride: number, input: Shape, output: Shape }} FeatureLayer
 * @typedef {{ epoch: number, inputs: number, classes: number, pixelScale: number,
 *   image: Shape | null, features: FeatureLayer[], hidden: HiddenLayer[],
 *   output: { w: Float32Array, b: Float32Array | null, inputs: number }, tensors: Map<string, { shape: number[], data: Float32Array }>,
 *   imageShape: number[] | null }} Network
 */

/** A feature map's size along one axis after a window of `size` moved by `stride` over `n` (+ padding on both sides). */
function slid(n, size, stride, padding) {
  return Math.floor((n + 2 * padding - size) / stride) + 1;
}

/**
 * The network of a weights response, its tensors decoded and checked against its shape.
 * @param {any} json the body of /api/runs/:id/weights
 * @returns {Network}
 */
export function loadNetwork(json) {
  const tensors = new Map();
  for (const t of json.tensors) {
    if (t.dtype !== 'float32le') throw new Error(`tensor ${t.name}: dtype ${t.dtype} is not float32le`);
    const data = decodeFloat32(t.data);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw new Error(`tensor ${t.name}: ${data.length} values for shape [${t.shape}]`);
    tensors.set(t.name, { shape: t.shape, data });
  }
  const need = (name) => {
    const found = tensors.get(name);
    if (!found) throw new Error(`the weights have no tensor ${name}`);
    return found.data;
  };
  const spec = json.network;
  // Conv and pool layers (a conv network's spec has the image's shape and them), each with its input and output shape.
  const image = spec.image ?? null;
  const features = [];
  let shape = image;
  let conv = 0;
  for (const f of spec.features ?? []) {
    if (!shape) throw new Error('the network has conv or pool layers but no image shape');
    if (f.kind === 'conv') {
      const K = ++conv;
      const name = `conv${K}`;
      const output = { channels: f.filters, height: slid(shape.height, f.size, f.stride, f.padding), width: slid(shape.width, f.size, f.stride, f.padding) };
      const w = tensors.get(`${name}_w`);
      if (!w) throw new Error(`the weights have no tensor ${name}_w`);
      if (w.shape.join('x') !== [f.filters, shape.channels, f.size, f.size].join('x')) throw new Error(`tensor ${name}_w has shape [${w.shape}], not [${f.filters},${shape.channels},${f.size},${f.size}]`);
      features.push({
        kind: 'conv',
        name,
        filters: f.filters,
        size: f.size,
        stride: f.stride,
        padding: f.padding,
        activation: f.activation,
        w: w.data,
        b: tensors.get(`${name}_b`)?.data ?? null,
        batchNorm: f.batchNorm
          ? { gamma: need(`${name}_gamma`), beta: need(`${name}_beta`), mean: need(`${name}_mean`), variance: need(`${name}_var`), epsilon: f.batchNorm.epsilon }
          : null,
        input: shape,
        output,
      });
      shape = output;
    } else if (f.kind === 'pool') {
      const output = { channels: shape.channels, height: slid(shape.height, f.size, f.stride, 0), width: slid(shape.width, f.size, f.stride, 0) };
      features.push({ kind: 'pool', size: f.size, stride: f.stride, input: shape, output });
      shape = output;
    } else {
      throw new Error(`a feature layer of kind ${f.kind}`);
    }
  }
  let inputs = features.length > 0 ? shape.channels * shape.height * shape.width : spec.inputs;
  const hidden = spec.hidden.map((h, k) => {
    const K = k + 1;
    const layer = {
      units: h.units,
      inputs,
      w: need(`w${K}`),
      b: tensors.get(`b${K}`)?.data ?? null,
      activation: h.activation,
      batchNorm: h.batchNorm
        ? { gamma: need(`bn${K}_gamma`), beta: need(`bn${K}_beta`), mean: need(`bn${K}_mean`), variance: need(`bn${K}_var`), epsilon: h.batchNorm.epsilon }
        : null,
      dropout: h.dropout ?? 0,
    };
    inputs = h.units;
    return layer;
  });
  const L = spec.hidden.length + 1;
  return {
    epoch: json.epoch,
    inputs: spec.inputs,
    classes: spec.classes,
    pixelScale: json.pixel_scale,
    image,
    features,
    imageShape: json.image_shape ?? (image ? [image.channels, image.height, image.width] : null),
    hidden,
    output: { w: need(`w${L}`), b: tensors.get(`b${L}`)?.data ?? null, inputs },
    tensors,
  };
}

/**
 * A conv layer on feature maps x (channels × height × width, planes): t = filters ∗ x + b,
 * inputs outside the image 0; then batch norm per filter and the activation.
 */
function convolve(layer, x) {
  const { filters, size: k, stride, padding, w, b, batchNorm: bn } = layer;
  const { channels, height: H, width: W } = layer.input;
  const { height: OH, width: OW } = layer.output;
  const out = new Float64Array(filters * OH * OW);
  for (let f = 0; f < filters; f++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        let sum = b ? b[f] : 0;
        for (let c = 0; c < channels; c++) {
          for (let dy = 0; dy < k; dy++) {
            const y = oy * stride + dy - padding;
            if (y < 0 || y >= H) continue;
            const row = c * H * W + y * W;
            const wRow = ((f * channels + c) * k + dy) * k;
            for (let dx = 0; dx < k; dx++) {
              const xx = ox * stride + dx - padding;
              if (xx >= 0 && xx < W) sum += w[wRow + dx] * x[row + xx];
            }
          }
        }
        let v = sum;
        if (bn) v = (bn.gamma[f] * (v - bn.mean[f])) / Math.sqrt(bn.variance[f] + bn.epsilon) + bn.beta[f];
        out[(f * OH + oy) * OW + ox] = layer.activation === 'relu' ? Math.max(0, v) : 1 / (1 + Math.exp(-v));
      }
    }
  }
  return out;
}

/** Max pooling, channel by channel: each output the largest value of its size × size window. */
function maxPool(layer, x) {
  const { size, stride } = layer;
  const { height: H, width: W } = layer.input;
  const { channels, height: OH, width: OW } = layer.output;
  const out = new Float64Array(channels * OH * OW);
  for (let c = 0; c < channels; c++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        let best = -Infinity;
        for (let dy = 0; dy < size; dy++) {
          const row = c * H * W + (oy * stride + dy) * W + ox * stride;
          for (let dx = 0; dx < size; dx++) if (x[row + dx] > best) best = x[row + dx];
        }
        out[(c * OH + oy) * OW + ox] = best;
      }
    }
  }
  return out;
}

/** y = W x + b, W row-major [outputs][inputs], in float64. */
function dense(w, b, x, outputs) {
  const inputs = x.length;
  const y = new Float64Array(outputs);
  for (let o = 0; o < outputs; o++) {
    let sum = b ? b[o] : 0;
    const row = o * inputs;
    for (let i = 0; i < inputs; i++) sum += w[row + i] * x[i];
    y[o] = sum;
  }
  return y;
}

/**
 * The softmax probabilities (one per class) of an image.
 * @param {Network} net
 * @param {ArrayLike<number>} pixels one value 0…255 per input (a colour image: its R, G and B planes one after another)
 * @returns {Float64Array}
 */
export function forward(net, pixels) {
  if (pixels.length !== net.inputs) throw new Error(`an image of ${pixels.length} pixels for a network of ${net.inputs} inputs`);
  let x = Float64Array.from(pixels, (p) => p * net.pixelScale);
  for (const layer of net.features) x = layer.kind === 'conv' ? convolve(layer, x) : maxPool(layer, x);
  for (const layer of net.hidden) {
    const t = dense(layer.w, layer.b, x, layer.units);
    const bn = layer.batchNorm;
    for (let u = 0; u < layer.units; u++) {
      let v = t[u];
      if (bn) v = (bn.gamma[u] * (v - bn.mean[u])) / Math.sqrt(bn.variance[u] + bn.epsilon) + bn.beta[u];
      v = layer.activation === 'relu' ? Math.max(0, v) : 1 / (1 + Math.exp(-v));
      // Dropout at evaluation keeps every unit, scaled by its keep probability.
      if (layer.dropout > 0) v *= 1 - layer.dropout;
      t[u] = v;
    }
    x = t;
  }
  const z = dense(net.output.w, net.output.b, x, net.classes);
  return softmax(z);
}

/**
 * The softmax of logits, the largest subtracted first so exp never overflows.
 * @param {Float64Array} z
 * @returns {Float64Array}
 */
export function softmax(z) {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  const p = z.map((v) => {
    const e = Math.exp(v - max);
    sum += e;
    return e;
  });
  for (let c = 0; c < p.length; c++) p[c] /= sum;
  return p;
}

/**
 * The first index of the largest value (as runner predict breaks ties).
 * @param {ArrayLike<number>} values
 * @returns {number}
 */
export function argmax(values) {
  let best = 0;
  for (let c = 1; c < values.length; c++) if (values[c] > values[best]) best = c;
  return best;
}
