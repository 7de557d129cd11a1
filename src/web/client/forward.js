/*
 * The network's forward pass in the browser, from /api/runs/:id/weights, so a digit drawn on
 * the page is recognised without asking the server. It must give what `runner predict`
 * gives: x = pixels·pixel_scale; per hidden layer t = W x + b, [batch norm], sigmoid or
 * relu, [× (1 − ρ) for dropout at evaluation]; then z = W y + b and a softmax. The weights
 * arrive as float32; the arithmetic is float64 (the last digits may differ from the
 * float32 kernels, far below what the page shows).
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
 * @typedef {{ epoch: number, inputs: number, classes: number, pixelScale: number, hidden: HiddenLayer[],
 *   output: { w: Float32Array, b: Float32Array | null, inputs: number }, tensors: Map<string, { shape: number[], data: Float32Array }> }} Network
 */

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
  let inputs = spec.inputs;
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
    hidden,
    output: { w: need(`w${L}`), b: tensors.get(`b${L}`)?.data ?? null, inputs },
    tensors,
  };
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
 * @param {ArrayLike<number>} pixels one value 0…255 per input
 * @returns {Float64Array}
 */
export function forward(net, pixels) {
  if (pixels.length !== net.inputs) throw new Error(`an image of ${pixels.length} pixels for a network of ${net.inputs} inputs`);
  let x = Float64Array.from(pixels, (p) => p * net.pixelScale);
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
