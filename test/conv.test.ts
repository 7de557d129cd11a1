import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { CHUNK_BYTES, Conv2D, type ConvGeometry } from '../src/nn/conv.js';
import { DenseImages, ImageInput } from '../src/nn/image-input.js';
import { Kernels, vectors } from '../src/nn/kernels.js';
import { fromKernelLayout, toKernelLayout, type Activations, type Param } from '../src/nn/layer.js';
import { MaxPool } from '../src/nn/pool.js';
import { Positions } from '../src/nn/positions.js';
import { Rng } from '../src/nn/prng.js';
import { Relu } from '../src/nn/relu.js';
import { ImageBatch } from '../src/nn/sparse-images.js';
import { slidOutput } from '../src/nn/spec.js';

/**
 * The convolution and max-pooling layers (conv.ts, pool.ts; conv.wat) and the image input
 * (image-input.ts). The references are the equations of spec.ts written out again here in
 * float64 over NumPy's CHW order; the kernels' HWC rows (conv.wat's header) are mapped to
 * and from it by the test, not by src/nn.
 */

const kernels = new Kernels();

/** A conv case: the input B × C × H × W (stored cs floats a position), F filters k × k. */
interface ConvCase extends ConvGeometry {
  batch: number;
}

const f32 = Math.fround;

function randoms(rng: Rng, n: number, std = 1): Float64Array {
  return Float64Array.from({ length: n }, () => f32(rng.normal(0, std)));
}

function outSize(c: ConvCase): [number, number] {
  return [slidOutput(c.height, c.size, c.stride, c.padding), slidOutput(c.width, c.size, c.stride, c.padding)];
}

/** t[s][f][y][x] = b[f] + Σ_c,dy,dx w[f][c][dy][dx] · x[s][c][y·stride + dy − pad][x·stride + dx − pad] (0 outside), float64. */
function convReference(c: ConvCase, x: Float64Array, w: Float64Array, b: Float64Array): Float64Array {
  const { batch: B, channels: C, height: H, width: W, filters: F, size: k, stride, padding } = c;
  const [oh, ow] = outSize(c);
  const t = new Float64Array(B * F * oh * ow);
  for (let s = 0; s < B; s++) {
    for (let f = 0; f < F; f++) {
      for (let y = 0; y < oh; y++) {
        for (let xo = 0; xo < ow; xo++) {
          let sum = b[f]!;
          for (let ch = 0; ch < C; ch++) {
            for (let dy = 0; dy < k; dy++) {
              const iy = y * stride + dy - padding;
              if (iy < 0 || iy >= H) continue;
              for (let dx = 0; dx < k; dx++) {
                const ix = xo * stride + dx - padding;
                if (ix < 0 || ix >= W) continue;
                sum += w[((f * C + ch) * k + dy) * k + dx]! * x[((s * C + ch) * H + iy) * W + ix]!;
              }
            }
          }
          t[((s * F + f) * oh + y) * ow + xo] = sum;
        }
      }
    }
  }
  return t;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** An input Activations in the kernels' layout: HWC rows of inRow floats, from B × C × H × W (CHW) values. */
function hwcInput(k: Kernels, shape: { batch: number; channels: number; channelStride: number; height: number; width: number }, chw: Float64Array): Activations {
  const { batch: B, channels: C, channelStride: cs, height: H, width: W } = shape;
  const nv = vectors(H * W * cs);
  const data = k.f32(B * nv * 4);
  const v = data.view;
  for (let s = 0; s < B; s++) for (let c = 0; c < C; c++) for (let p = 0; p < H * W; p++) v[s * nv * 4 + p * cs + c] = chw[(s * C + c) * H * W + p]!;
  return { data, width: H * W * cs, nv };
}

/** The CHW values of HWC rows (rowFloats apart) of `channels` channels cs floats apart. */
function toChw(rows: Float32Array, B: number, channels: number, cs: number, positions: number, rowFloats: number): Float64Array {
  const out = new Float64Array(B * channels * positions);
  for (let s = 0; s < B; s++) for (let c = 0; c < channels; c++) for (let p = 0; p < positions; p++) out[(s * channels + c) * positions + p] = rows[s * rowFloats + p * cs + c]!;
  return out;
}

/** The floats of HWC rows that must be 0: pad channels (c ≥ channels) and a row's tail past positions·cs. */
function padFloats(rows: Float32Array, B: number, channels: number, cs: number, positions: number, rowFloats: number): number[] {
  const pads: number[] = [];
  for (let s = 0; s < B; s++) {
    for (let i = 0; i < rowFloats; i++) {
      const p = Math.floor(i / cs);
      if (p >= positions || i % cs >= channels) pads.push(rows[s * rowFloats + i]!);
    }
  }
  return pads;
}

function assertAllZero(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) assert.ok(Object.is(values[i], 0), `${what}: pad float ${i} is ${values[i]}, not 0`);
}

function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number> | null, tol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const allowed = tol * (1 + (scale ? scale[i]! : Math.abs(want[i]!)));
    assert.ok(Math.abs(got[i]! - want[i]!) <= allowed, `${what}[${i}]: ${got[i]} vs ${want[i]} (allowed ${allowed})`);
  }
}

interface ConvRun {
  out: Float64Array;
  dw: Float32Array;
  db: Float32Array;
  dx: Float64Array | null;
  /** The raw buffers, copied: output rows, ∂W and ∂b in the kernel layout, ∂input rows. */
  raw: Float32Array[];
  outPads: number[];
  dxPads: number[] | null;
}

/** The layer's forward and backward (with dOut = r, i.e. loss Σ r ⊙ t), results in CHW / report layout. */
function runConv(k: Kernels, c: ConvCase, x: Float64Array, w: Float64Array, b: Float64Array, r: Float64Array, layer = new Conv2D(k, c, ['conv1_w', 'conv1_b'], c.batch, true)): ConvRun {
  const [oh, ow] = outSize(c);
  const positions = oh * ow;
  const fpad = layer.outChannelStride;
  const [wp, bp] = layer.params as [Param, Param];
  toKernelLayout(wp, w);
  toKernelLayout(bp, b);
  const input = hwcInput(k, c, x);
  const output = layer.forward(input, c.batch);
  assert.equal(output.width, positions * fpad);
  const out = toChw(output.data.view, c.batch, c.filters, fpad, positions, positions * fpad);
  const outRaw = output.data.view.slice(0, c.batch * positions * fpad);
  const outPads = padFloats(output.data.view, c.batch, c.filters, fpad, positions, positions * fpad);
  const dOut = hwcInput(k, { batch: c.batch, channels: c.filters, channelStride: fpad, height: oh, width: ow }, r);
  const dInput = layer.backward(dOut, c.batch);
  const dw = new Float32Array(w.length);
  fromKernelLayout(wp, dw, wp.grad.view);
  const db = new Float32Array(b.length);
  fromKernelLayout(bp, db, bp.grad.view);
  const raw = [outRaw, wp.grad.view.slice(), bp.grad.view.slice()];
  let dx: Float64Array | null = null;
  let dxPads: number[] | null = null;
  if (dInput) {
    const row = dInput.nv * 4;
    assert.equal(row, input.nv * 4, '∂input rows as the input');
    dx = toChw(dInput.data.view, c.batch, c.channels, c.channelStride, c.height * c.width, row);
    dxPads = padFloats(dInput.data.view, c.batch, c.channels, c.channelStride, c.height * c.width, row);
    raw.push(dInput.data.view.slice(0, c.batch * row));
  }
  return { out, dw, db, dx, raw, outPads, dxPads };
}

/** The cases: stride 1 and 2, padding 0 and 2 (k 3 and 5), 1 and 3 channels (3 as an image, cs = 3, and as a feature map, cs = 4), 5 and 8 filters. */
function cases(): ConvCase[] {
  const all: ConvCase[] = [];
  for (const stride of [1, 2]) {
    for (const padding of [0, 2]) {
      for (const [channels, channelStride] of [[1, 1], [3, 3], [3, 4]] as const) {
        for (const filters of [5, 8]) {
          all.push({ batch: 2, height: 7, width: 6, channels, channelStride, filters, size: padding === 2 ? 5 : 3, stride, padding });
        }
      }
    }
  }
  return all;
}

function describe(c: ConvCase): string {
  return `${c.channels}(cs ${c.channelStride})×${c.height}×${c.width} → ${c.filters}×${c.size}×${c.size} stride ${c.stride} pad ${c.padding}, B=${c.batch}`;
}

function convProblem(c: ConvCase, seed: number) {
  const rng = Rng.fromSeed(seed);
  const x = randoms(rng, c.batch * c.channels * c.height * c.width);
  const w = randoms(rng, c.filters * c.channels * c.size * c.size, 0.5);
  const b = randoms(rng, c.filters, 0.5);
  const [oh, ow] = outSize(c);
  const r = randoms(rng, c.batch * c.filters * oh * ow);
  return { x, w, b, r };
}

test('conv forward matches the nested-loop equation (strides 1, 2; padding 0, 2; 1 and 3 channels; 5 and 8 filters); pad channels 0', () => {
  cases().forEach((c, n) => {
    const { x, w, b, r } = convProblem(c, 100 + n);
    const got = runConv(kernels, c, x, w, b, r);
    const want = convReference(c, x, w, b);
    const scale = convReference(c, x.map(Math.abs), w.map(Math.abs), b.map(Math.abs));
    assertClose(got.out, want, scale, 1e-6, `${describe(c)}: t`);
    assertAllZero(got.outPads, `${describe(c)}: t`);
  });
});

test('conv ∂w, ∂b and ∂input match central differences of the float64 equation (loss Σ r ⊙ t); pad channels and lanes 0', () => {
  const h = 1e-3;
  cases().forEach((c, n) => {
    const { x, w, b, r } = convProblem(c, 200 + n);
    const got = runConv(kernels, c, x, w, b, r);
    const loss = () => dot(r, convReference(c, x, w, b));
    const central = (v: Float64Array) =>
      Float64Array.from(v, (old, i) => {
        v[i] = old + h;
        const up = loss();
        v[i] = old - h;
        const down = loss();
        v[i] = old;
        return (up - down) / (2 * h);
      });
    assertClose(got.dw, central(w), null, 1e-4, `${describe(c)}: ∂w`);
    assertClose(got.db, central(b), null, 1e-4, `${describe(c)}: ∂b`);
    assertClose(got.dx!, central(x), null, 1e-4, `${describe(c)}: ∂input`);
    assertAllZero(got.dxPads!, `${describe(c)}: ∂input`);
    const [wp, bp] = [got.raw[1]!, got.raw[2]!];
    const fpad = vectors(c.filters) * 4;
    assertAllZero(wp.filter((_, i) => i % fpad >= c.filters), `${describe(c)}: ∂Wᵀ's pad columns`);
    assertAllZero(bp.filter((_, i) => i >= c.filters), `${describe(c)}: ∂b's pad lanes`);
  });
});

test('conv without an input gradient returns null and the same ∂w, ∂b', () => {
  const c = cases()[13]!;
  const { x, w, b, r } = convProblem(c, 7);
  const withGrad = runConv(kernels, c, x, w, b, r);
  const without = runConv(kernels, c, x, w, b, r, new Conv2D(kernels, c, ['w', 'b'], c.batch, false));
  assert.equal(without.dx, null);
  assert.deepEqual(without.raw.slice(0, 3), withGrad.raw.slice(0, 3));
});

interface PoolCase {
  batch: number;
  height: number;
  width: number;
  channels: number;
  channelStride: number;
  size: number;
  stride: number;
}

/** Max pooling in float64 over CHW: the max of each window and the first position (row-major (dy, dx)) holding it. */
function poolReference(c: PoolCase, x: Float64Array) {
  const { batch: B, channels: C, height: H, width: W, size, stride } = c;
  const oh = slidOutput(H, size, stride, 0);
  const ow = slidOutput(W, size, stride, 0);
  const out = new Float64Array(B * C * oh * ow);
  const at = new Int32Array(out.length);
  for (let s = 0; s < B; s++) {
    for (let ch = 0; ch < C; ch++) {
      for (let y = 0; y < oh; y++) {
        for (let xo = 0; xo < ow; xo++) {
          let best = -Infinity;
          let where = -1;
          for (let dy = 0; dy < size; dy++) {
            for (let dx = 0; dx < size; dx++) {
              const i = ((s * C + ch) * H + y * stride + dy) * W + xo * stride + dx;
              if (x[i]! > best) [best, where] = [x[i]!, i];
            }
          }
          const o = ((s * C + ch) * oh + y) * ow + xo;
          out[o] = best;
          at[o] = where;
        }
      }
    }
  }
  return { out, at, oh, ow };
}

function runPool(k: Kernels, c: PoolCase, x: Float64Array, r: Float64Array, layer = new MaxPool(k, c, c.batch)) {
  const positions = layer.outHeight * layer.outWidth;
  const cs = c.channelStride;
  const output = layer.forward(hwcInput(k, c, x), c.batch);
  assert.equal(output.width, positions * cs);
  const outRow = output.nv * 4;
  assert.equal(outRow, vectors(positions * cs) * 4);
  const out = toChw(output.data.view, c.batch, c.channels, cs, positions, outRow);
  const outPads = padFloats(output.data.view, c.batch, c.channels, cs, positions, outRow);
  const outRaw = output.data.view.slice(0, c.batch * outRow);
  const dInput = layer.backward(hwcInput(k, { ...c, height: layer.outHeight, width: layer.outWidth }, r), c.batch);
  const row = dInput.nv * 4;
  const dx = toChw(dInput.data.view, c.batch, c.channels, cs, c.height * c.width, row);
  const dxPads = padFloats(dInput.data.view, c.batch, c.channels, cs, c.height * c.width, row);
  return { out, dx, outPads, dxPads, raw: [outRaw, dInput.data.view.slice(0, c.batch * row)] };
}

const POOLS: PoolCase[] = [
  { batch: 2, height: 7, width: 6, channels: 5, channelStride: 8, size: 3, stride: 2 },
  { batch: 2, height: 6, width: 6, channels: 3, channelStride: 4, size: 2, stride: 2 },
  { batch: 3, height: 5, width: 7, channels: 8, channelStride: 8, size: 2, stride: 1 },
  // In the image's layout (cs = C, rows padded at their end): a pool first
  { batch: 2, height: 7, width: 6, channels: 1, channelStride: 1, size: 3, stride: 2 },
  { batch: 2, height: 5, width: 5, channels: 3, channelStride: 3, size: 2, stride: 2 },
];

test('max pooling forward matches the equation; ∂input matches central differences (overlapping windows: size 3 stride 2)', () => {
  const h = 1e-4;
  POOLS.forEach((c, n) => {
    const rng = Rng.fromSeed(300 + n);
    const x = randoms(rng, c.batch * c.channels * c.height * c.width);
    const ref = poolReference(c, x);
    const r = randoms(rng, ref.out.length);
    const got = runPool(kernels, c, x, r);
    const what = `pool ${c.size} stride ${c.stride} on ${c.channels}(cs ${c.channelStride})×${c.height}×${c.width}`;
    assert.deepEqual(got.out, ref.out, `${what}: forward`);
    const central = Float64Array.from(x, (old, i) => {
      x[i] = old + h;
      const up = dot(r, poolReference(c, x).out);
      x[i] = old - h;
      const down = dot(r, poolReference(c, x).out);
      x[i] = old;
      return (up - down) / (2 * h);
    });
    assertClose(got.dx, central, null, 1e-5, `${what}: ∂input`);
    assertAllZero(got.outPads, `${what}: output`);
    assertAllZero(got.dxPads, `${what}: ∂input`);
  });
});

test('max pooling ties: the first maximum in the window\'s row-major (dy, dx) order takes the gradient', () => {
  // Values 0..2 (many ties) and 0 everywhere in a whole channel; integer dy, so sums are exact.
  for (const c of POOLS) {
    const rng = Rng.fromSeed(400);
    const x = Float64Array.from({ length: c.batch * c.channels * c.height * c.width }, (_, i) =>
      Math.floor(i / (c.height * c.width)) % c.channels === 1 ? 0 : rng.nextInt(3));
    const ref = poolReference(c, x);
    const r = Float64Array.from(ref.out, () => 1 + rng.nextInt(5));
    const got = runPool(kernels, c, x, r);
    assert.deepEqual(got.out, ref.out);
    const want = new Float64Array(x.length);
    ref.at.forEach((i, o) => (want[i] += r[o]!));
    assert.deepEqual(got.dx, want, `pool ${c.size} stride ${c.stride}: ∂input to the first maximum`);
  }
  // One window written out: 2×2 of [[1, 3], [3, 2]]: the 3 at (0, 1) wins, not the one at (1, 0).
  const c: PoolCase = { batch: 1, height: 2, width: 2, channels: 1, channelStride: 4, size: 2, stride: 2 };
  const got = runPool(kernels, c, Float64Array.of(1, 3, 3, 2), Float64Array.of(7));
  assert.deepEqual([...got.out], [3]);
  assert.deepEqual([...got.dx], [0, 7, 0, 0]);
});

test('the image input gathers 3-channel planes (CHW bytes) into HWC float rows through fround(v · scale), the row tail 0', () => {
  const shape = { channels: 3, height: 5, width: 5 };
  const count = 4;
  const rng = Rng.fromSeed(500);
  const pixels = Uint8Array.from({ length: count * 75 }, () => rng.nextInt(256));
  const scale = 1 / 255;
  const images = DenseImages.fromPixels(kernels, pixels, count, shape, scale);
  assert.equal(images.count, count);
  const chosen = new ImageBatch(images, 5);
  const input = new ImageInput(kernels, shape, 5);
  const indices = [2, 0, 3, 2, 1];
  chosen.indices.set(indices);
  const first = input.forward(chosen, 5);
  assert.equal(first.width, 75);
  assert.equal(first.nv, 19);
  first.data.view.fill(-1); // the next gather must write every float, the row tails too
  const out = input.forward(chosen, 5).data.view;
  for (let s = 0; s < 5; s++) {
    for (let p = 0; p < 25; p++) {
      for (let c = 0; c < 3; c++) {
        const byte = pixels[indices[s]! * 75 + c * 25 + p]!;
        assert.equal(out[s * 76 + p * 3 + c], f32(byte * f32(scale)), `sample ${s} position ${p} channel ${c}`);
      }
    }
    assert.ok(Object.is(out[s * 76 + 75], 0), `sample ${s}: the row's pad float`);
  }
});

// ---- Bits: a helper thread or not, and split or not, the same bits ----

const saved = process.env.RUNNER_THREADS;
process.env.RUNNER_THREADS = '2';
const withHelper = new Kernels();
withHelper.startHelper();
if (saved === undefined) delete process.env.RUNNER_THREADS;
else process.env.RUNNER_THREADS = saved;
after(() => withHelper.close());

/** The conv's products as one call each over the whole batch (never split), in `k`: the bits the layer must give. */
function convWhole(k: Kernels, c: ConvCase, x: Float64Array, w: Float64Array, b: Float64Array, r: Float64Array): Float32Array[] {
  const [oh, ow] = outSize(c);
  const K = c.size * c.size * c.channels;
  const kpad = vectors(K) * 4;
  const nvF = vectors(c.filters);
  const rows = c.batch * oh * ow;
  const layer = new Conv2D(k, c, ['w', 'b'], c.batch, true);
  const [wp, bp] = layer.params as [Param, Param];
  toKernelLayout(wp, w);
  toKernelLayout(bp, b);
  const input = hwcInput(k, c, x);
  const dOut = hwcInput(k, { batch: c.batch, channels: c.filters, channelStride: nvF * 4, height: oh, width: ow }, r);
  // conv.wat's geometry fields
  const g = k.alloc(44);
  new Int32Array(k.buffer, g, 11).set([c.height, c.width, c.channels, c.channelStride, c.size, c.stride, c.padding, oh, ow, kpad, input.nv * 4]);
  const cols = k.alloc(rows * kpad * 4);
  const dcols = k.alloc(rows * kpad * 4);
  const out = k.f32(rows * nvF * 4);
  const dx = k.f32(c.batch * input.nv * 4);
  k.fn.conv_im2col(g, input.data.ptr, cols, c.batch);
  k.fn.dense_forward(cols, kpad / 4, K, rows, wp.value.ptr, bp.value.ptr, out.ptr, nvF);
  k.fn.column_sums(dOut.data.ptr, rows, nvF, bp.grad.ptr);
  k.fn.dense_backward_weights(cols, kpad / 4, K, rows, dOut.data.ptr, nvF, wp.grad.ptr);
  k.fn.dense_backward_input(dOut.data.ptr, nvF, rows, wp.value.ptr, K, dcols, kpad / 4);
  k.fn.conv_col2im(g, dcols, dx.ptr, c.batch);
  return [out.view.slice(), wp.grad.view.slice(), bp.grad.view.slice(), dx.view.slice()];
}

function assertSameBits(got: Float32Array[], want: Float32Array[], what: string): void {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => assert.deepEqual(new Uint32Array(g.buffer.slice(g.byteOffset, g.byteOffset + g.byteLength)),
    new Uint32Array(want[i]!.buffer.slice(want[i]!.byteOffset, want[i]!.byteOffset + want[i]!.byteLength)), `${what}: buffer ${i}`));
}

test('conv_backward_weights gives dense_backward_weights\' bits for any chunk of rows (odd K, 1 to 5 output vectors)', () => {
  const rng = Rng.fromSeed(800);
  for (const [nin, outputs, rows] of [[25, 32, 300], [27, 5, 97], [9, 20, 64], [1, 3, 5], [6, 16, 33]] as const) {
    const nvIn = vectors(nin);
    const nv = vectors(outputs);
    const x = kernels.f32(rows * nvIn * 4);
    const dt = kernels.f32(rows * nv * 4);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < nin; i++) x.view[r * nvIn * 4 + i] = rng.normal(0, 1);
      for (let j = 0; j < outputs; j++) dt.view[r * nv * 4 + j] = rng.normal(0, 1);
    }
    const want = kernels.f32(nin * nv * 4);
    kernels.fn.dense_backward_weights(x.ptr, nvIn, nin, rows, dt.ptr, nv, want.ptr);
    for (const chunk of [1, 7, 16, 64, 1000]) {
      const got = kernels.f32(nin * nv * 4);
      got.view.fill(NaN);
      kernels.fn.conv_backward_weights(x.ptr, nvIn, nin, rows, dt.ptr, nv, got.ptr, chunk);
      assertSameBits([got.view], [want.view], `${nin} → ${outputs}, ${rows} rows, chunks of ${chunk}`);
    }
  }
});

test('conv and pooling give the same bits with a helper thread, without one, and unsplit (one call per kernel)', async () => {
  assert.ok((withHelper as unknown as { helper: unknown }).helper, 'the helper thread runs');
  // Let the helper start: until it polls for jobs, split() runs both halves here. Then offer
  // it every split, asleep or not, so that its path runs at these small sizes too.
  await new Promise((resolve) => setTimeout(resolve, 300));
  withHelper.offerAll = true;
  const jobsBefore = withHelper.helperJobs();
  const convs: ConvCase[] = [
    { batch: 40, height: 12, width: 12, channels: 3, channelStride: 4, filters: 5, size: 3, stride: 1, padding: 1 },
    { batch: 30, height: 14, width: 13, channels: 1, channelStride: 1, filters: 32, size: 5, stride: 1, padding: 2 },
    { batch: 50, height: 12, width: 12, channels: 6, channelStride: 8, filters: 12, size: 3, stride: 2, padding: 0 },
  ];
  convs.forEach((c, n) => {
    const { x, w, b, r } = convProblem(c, 600 + n);
    const whole = convWhole(kernels, c, x, w, b, r);
    const alone = new Conv2D(kernels, c, ['w', 'b'], c.batch, true);
    const helped = new Conv2D(withHelper, c, ['w', 'b'], c.batch, true);
    // Several rounds, so that the helper (woken by the first split) takes halves.
    for (let round = 0; round < 3; round++) {
      const one = runConv(kernels, c, x, w, b, r, alone);
      const two = runConv(withHelper, c, x, w, b, r, helped);
      assertSameBits(one.raw, whole, `${describe(c)}: one thread vs one call per kernel`);
      assertSameBits(two.raw, whole, `${describe(c)}: a helper thread vs one call per kernel`);
      assertAllZero(two.outPads, `${describe(c)}: t`);
      assertAllZero(two.dxPads!, `${describe(c)}: ∂input`);
    }
  });
  const pool: PoolCase = { batch: 64, height: 12, width: 12, channels: 5, channelStride: 8, size: 2, stride: 2 };
  const rng = Rng.fromSeed(700);
  const x = randoms(rng, pool.batch * pool.channels * 144);
  const r = randoms(rng, pool.batch * pool.channels * 36);
  const alone = new MaxPool(kernels, pool, pool.batch);
  const helped = new MaxPool(withHelper, pool, pool.batch);
  const unsplit = runPool(kernels, { ...pool, batch: 1 }, x.subarray(0, 720), r.subarray(0, 180));
  for (let round = 0; round < 3; round++) {
    const one = runPool(kernels, pool, x, r, alone);
    const two = runPool(withHelper, pool, x, r, helped);
    assertSameBits(two.raw, one.raw, 'pool: a helper thread vs none');
    // The first sample alone (never split) gives its rows' bits.
    assertSameBits([one.raw[0]!.subarray(0, 288), one.raw[1]!.subarray(0, 1152)], unsplit.raw, 'pool: split vs one sample');
  }
  assert.ok(withHelper.helperJobs() > jobsBefore, 'the helper thread ran halves of these kernels');
});

test('conv in chunks of samples (the last one partial) gives the bits of one call per kernel over the batch, split or not, with a helper or not', async () => {
  await new Promise((resolve) => setTimeout(resolve, 100));
  withHelper.offerAll = true;
  const jobsBefore = withHelper.helperJobs();
  // Image layout (cs = C = 3) and feature maps (cs 4 for 3 channels: copies per dx; 8 for 6),
  // patch rows that ∂Wᵀ's split point cuts (K = 27: entry 14; K = 75: 38; K = 54: 28), stride 2,
  // padding; batches of 7 and 10, so that halves are 3 + 4 and 5 + 5 samples.
  const convs: ConvCase[] = [
    { batch: 10, height: 9, width: 8, channels: 3, channelStride: 3, filters: 5, size: 3, stride: 1, padding: 1 },
    { batch: 7, height: 9, width: 9, channels: 3, channelStride: 4, filters: 8, size: 5, stride: 1, padding: 2 },
    { batch: 10, height: 10, width: 9, channels: 6, channelStride: 8, filters: 12, size: 3, stride: 2, padding: 0 },
    { batch: 7, height: 8, width: 8, channels: 1, channelStride: 1, filters: 16, size: 5, stride: 1, padding: 2 },
    // one that is never split (too little work for two threads)
    { batch: 7, height: 5, width: 5, channels: 1, channelStride: 1, filters: 3, size: 3, stride: 1, padding: 0 },
  ];
  convs.forEach((c, n) => {
    const { x, w, b, r } = convProblem(c, 900 + n);
    const whole = convWhole(kernels, c, x, w, b, r);
    const [oh, ow] = outSize(c);
    const sampleBytes = oh * ow * vectors(c.size * c.size * c.channels) * 16;
    for (const samples of [1, 2, 3, c.batch]) {
      for (const k of [kernels, withHelper]) {
        const layer = new Conv2D(k, c, ['w', 'b'], c.batch, true, samples * sampleBytes + 100);
        assert.equal(layer.chunk, samples);
        for (let round = 0; round < 2; round++) {
          const got = runConv(k, c, x, w, b, r, layer);
          assertSameBits(got.raw, whole, `${describe(c)}: chunks of ${samples} samples${k === withHelper ? ', a helper thread' : ''}`);
          assertAllZero(got.outPads, `${describe(c)}: t`);
          assertAllZero(got.dxPads!, `${describe(c)}: ∂input`);
        }
      }
    }
  });
  assert.ok(withHelper.helperJobs() > jobsBefore, 'the helper thread ran halves');
});

test('a conv layer\'s memory is its maps, its parameters and two chunks of columns, not a batch of them', () => {
  // cnn.yaml's second conv at batch 500: the batch's columns would be 500 · 196 · 400 floats, 157 MB.
  const c: ConvGeometry = { height: 14, width: 14, channels: 16, channelStride: 16, filters: 32, size: 5, stride: 1, padding: 2 };
  const batch = 500;
  const before = kernels.alloc(16);
  const layer = new Conv2D(kernels, c, ['w', 'b'], batch, true);
  const bytes = kernels.alloc(16) - before - 16;
  const maps = batch * (196 * 32 + 14 * 14 * 16) * 4;
  const params = 2 * (400 * 32 + 32) * 4;
  assert.equal(layer.chunk, Math.floor(CHUNK_BYTES / (196 * 400 * 4)));
  assert.ok(bytes <= maps + params + 2 * CHUNK_BYTES + 4096, `${bytes} bytes for ${maps} of maps`);
});

test('a conv with its relu fused gives the bits of the conv then a Relu over every position (output, ∂W, ∂b, ∂input), in chunks, with a helper or not', async () => {
  await new Promise((resolve) => setTimeout(resolve, 100));
  withHelper.offerAll = true;
  const convs: ConvCase[] = [
    { batch: 10, height: 9, width: 8, channels: 3, channelStride: 3, filters: 5, size: 3, stride: 1, padding: 1 },
    { batch: 7, height: 9, width: 9, channels: 3, channelStride: 4, filters: 8, size: 5, stride: 1, padding: 2 },
    { batch: 10, height: 10, width: 9, channels: 6, channelStride: 8, filters: 12, size: 3, stride: 2, padding: 0 },
  ];
  convs.forEach((c, n) => {
    const { x, w, b, r } = convProblem(c, 1300 + n);
    const [oh, ow] = outSize(c);
    const positions = oh * ow;
    const fpad = vectors(c.filters) * 4;
    const sampleBytes = positions * vectors(c.size * c.size * c.channels) * 16;
    for (const samples of [1, 3, c.batch]) {
      for (const k of [kernels, withHelper]) {
        const plain = new Conv2D(k, c, ['w', 'b'], c.batch, true, samples * sampleBytes + 100);
        const relu = new Positions(new Relu(k, c.filters, c.batch * positions), positions, c.filters, fpad);
        const fused = new Conv2D(k, c, ['w', 'b'], c.batch, true, samples * sampleBytes + 100, true);
        for (const layer of [plain, fused]) {
          const [wp, bp] = layer.params as [Param, Param];
          toKernelLayout(wp, w);
          toKernelLayout(bp, b);
        }
        const input = hwcInput(k, c, x);
        const dOut = hwcInput(k, { batch: c.batch, channels: c.filters, channelStride: fpad, height: oh, width: ow }, r);
        const rows = c.batch * positions * fpad;
        const y = relu.forward(plain.forward(input, c.batch), c.batch).data.view.slice(0, rows);
        const dx = plain.backward(relu.backward(dOut, c.batch)!, c.batch)!.data.view.slice();
        const want = [y, plain.params[0]!.grad.view.slice(), plain.params[1]!.grad.view.slice(), dx];
        const yFused = fused.forward(input, c.batch).data.view.slice(0, rows);
        const dxFused = fused.backward(dOut, c.batch)!.data.view.slice();
        const got = [yFused, fused.params[0]!.grad.view.slice(), fused.params[1]!.grad.view.slice(), dxFused];
        assertSameBits(got, want, `${describe(c)}: relu fused, chunks of ${samples}${k === withHelper ? ', a helper thread' : ''}`);
        assert.ok(yFused.some((v) => v === 0) && yFused.some((v) => v > 0), 'the relu clips some outputs and passes others');
      }
    }
  });
});
