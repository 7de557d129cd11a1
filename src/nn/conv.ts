import { LONG_WORK, vectors, type Kernels } from './kernels.js';
import type { Activations, Layer, Param } from './layer.js';
import { slidOutput } from './spec.js';

/** A convolution's input and filters: the input is height × width positions of `channels` (stored `channelStride` floats apart). */
export interface ConvGeometry {
  height: number;
  width: number;
  channels: number;
  /** Floats per input position: channels for the image input, vectors(channels)·4 for a feature map. */
  channelStride: number;
  filters: number;
  /** The filters' side, k. */
  size: number;
  stride: number;
  padding: number;
}

/** Vector multiply-adds (rows × K × filter vectors) below which a product runs on this thread alone (as in dense.ts). */
const SPLIT_WORK = 24576;

/**
 * A convolution, t[f][y][x] = b[f] + Σ_c,dy,dx W[f][c][dy][dx] · in[c][y·stride + dy − padding][x·stride + dx − padding],
 * over feature maps stored per sample as one HWC row (conv.wat's header): im2col
 * (conv_im2col) turns the batch into B·P_out rows of K = k·k·C floats, and the products are
 * dense.wat's, with cols as the inputs and Wᵀ (K × Fpad, rows in im2col's (dy, dx, c)
 * order) as the weights:
 *   forward  t = b + cols · Wᵀ          (B·P_out × Fpad: the output row of a sample is P_out·Fpad floats, HWC)
 *   ∂Wᵀ = colsᵀ · ∂t (conv_backward_weights: dense_backward_weights' bits, in cache-sized chunks of rows),
 *   ∂b = Σ_rows ∂t,  ∂cols = ∂t · W, then col2im (conv_col2im) sums ∂cols into ∂input.
 *
 * With a helper thread im2col, col2im, the forward and ∂cols split over samples, ∂Wᵀ over
 * its K rows (as Dense splits its weights); every number is summed in the same order
 * whichever half computes it, so the bits do not depend on the helper.
 */
export class Conv2D implements Layer {
  readonly params: readonly Param[];
  readonly outHeight: number;
  readonly outWidth: number;
  /** Floats per output position: vectors(filters)·4 (pad channels 0). */
  readonly outChannelStride: number;
  private readonly nvF: number;
  /** Floats used per cols row (k·k·C) and floats per cols row (vectors(K)·4). */
  private readonly k: number;
  private readonly kpad: number;
  private readonly positions: number;
  /** Floats per sample of the input. */
  private readonly inRow: number;
  private readonly geometry: number;
  private readonly cols: number;
  private readonly dCols: number;
  private readonly output: Activations;
  private readonly dInput: Activations | null;
  /** The K row where ∂Wᵀ divides between the threads. */
  private readonly middle: number;
  /** Rows of cols and ∂t per pass of ∂Wᵀ's tiles (conv_backward_weights): about 24 KB of the two, to stay in L1. */
  private readonly chunk: number;
  private readonly here4 = [0, 0, 0, 0];
  private readonly there4 = [0, 0, 0, 0];
  private readonly here8 = [0, 0, 0, 0, 0, 0, 0, 0];
  private readonly there8 = [0, 0, 0, 0, 0, 0, 0, 0];
  private readonly here7 = [0, 0, 0, 0, 0, 0, 0];
  private readonly there7 = [0, 0, 0, 0, 0, 0, 0];

  /**
   * @param names  the report's names for W and b, e.g. ['conv1_w', 'conv1_b']
   * @param inputGradient  whether backward computes ∂E/∂input (false for a first layer)
   */
  constructor(
    private readonly kernels: Kernels,
    readonly g: ConvGeometry,
    names: readonly [string, string],
    maxBatch: number,
    inputGradient: boolean,
  ) {
    const { height, width, channels, channelStride, filters, size, stride, padding } = g;
    if (channelStride < channels) throw new RangeError(`channel stride ${channelStride} < ${channels} channels`);
    this.outHeight = slidOutput(height, size, stride, padding);
    this.outWidth = slidOutput(width, size, stride, padding);
    if (this.outHeight < 1 || this.outWidth < 1) throw new RangeError(`conv ${size}×${size} on ${height}×${width} padded by ${padding}: no output`);
    this.nvF = vectors(filters);
    this.outChannelStride = this.nvF * 4;
    this.k = size * size * channels;
    this.kpad = vectors(this.k) * 4;
    this.positions = this.outHeight * this.outWidth;
    this.inRow = vectors(height * width * channelStride) * 4;
    this.middle = Math.ceil(this.k / 4) * 2;
    // A tile pass reads a cache line of each cols row and the whole ∂t row.
    this.chunk = Math.max(16, Math.min(256, Math.floor(24576 / (64 + this.nvF * 16))));

    const padded = this.outChannelStride;
    const inputRows = new Int32Array(channels * size * size);
    for (let c = 0; c < channels; c++) {
      for (let dy = 0; dy < size; dy++) for (let dx = 0; dx < size; dx++) inputRows[c * size * size + dy * size + dx] = (dy * size + dx) * channels + c;
    }
    const w: Param = { name: names[0], shape: [filters, channels, size, size], value: kernels.f32(this.k * padded), grad: kernels.f32(this.k * padded), inputRows };
    const b: Param = { name: names[1], shape: [filters], value: kernels.f32(padded), grad: kernels.f32(padded) };
    const splits = this.middle < this.k && w.value.length >= 4096;
    this.params = [splits ? { ...w, splitAt: this.middle * padded } : w, b];

    this.geometry = kernels.alloc(11 * 4);
    new Int32Array(kernels.buffer, this.geometry, 11).set([height, width, channels, channelStride, size, stride, padding, this.outHeight, this.outWidth, this.kpad, this.inRow]);
    const rows = maxBatch * this.positions;
    this.cols = kernels.alloc(rows * this.kpad * 4);
    this.dCols = inputGradient ? kernels.alloc(rows * this.kpad * 4) : 0;
    const outRow = this.positions * padded;
    this.output = { data: kernels.f32(maxBatch * outRow), width: outRow, nv: outRow / 4 };
    this.dInput = inputGradient ? { data: kernels.f32(maxBatch * this.inRow), width: height * width * channelStride, nv: this.inRow / 4 } : null;
  }

  forward(input: Activations, batch: number): Activations {
    if (input.nv * 4 !== this.inRow) throw new RangeError(`conv input rows of ${input.nv * 4} floats: ${this.inRow} expected`);
    const [w, b] = this.params as [Param, Param];
    const { kernels, nvF, k, kpad, positions, here4, there4, here8, there8 } = this;
    const x = input.data.ptr;
    const out = this.output.data.ptr;
    const rows = batch * positions;
    if (!this.worthSplitting(batch)) {
      kernels.fn.conv_im2col(this.geometry, x, this.cols, batch);
      kernels.fn.dense_forward(this.cols, kpad / 4, k, rows, w.value.ptr, b.value.ptr, out, nvF);
      return this.output;
    }
    const half = batch >> 1;
    set4(here4, this.geometry, x, this.cols, half);
    set4(there4, this.geometry, x + half * this.inRow * 4, this.cols + half * positions * kpad * 4, batch - half);
    kernels.split('conv_im2col', here4, there4, this.long(batch));
    const r = half * positions;
    set8(here8, this.cols, kpad / 4, k, r, w.value.ptr, b.value.ptr, out, nvF);
    set8(there8, this.cols + r * kpad * 4, kpad / 4, k, rows - r, w.value.ptr, b.value.ptr, out + r * nvF * 16, nvF);
    kernels.split('dense_forward', here8, there8, this.long(batch));
    return this.output;
  }

  backward(dOutput: Activations, batch: number): Activations | null {
    const [w, b] = this.params as [Param, Param];
    const { kernels, nvF, k, kpad, positions, dInput, here4, there4, here7, there7, middle } = this;
    const dt = dOutput.data.ptr;
    const rows = batch * positions;
    const split = this.worthSplitting(batch);
    kernels.fn.column_sums(dt, rows, nvF, b.grad.ptr);
    const { chunk, here8, there8 } = this;
    if (!split || middle >= k) kernels.fn.conv_backward_weights(this.cols, kpad / 4, k, rows, dt, nvF, w.grad.ptr, chunk);
    else {
      set8(here8, this.cols, kpad / 4, middle, rows, dt, nvF, w.grad.ptr, chunk);
      set8(there8, this.cols + middle * 4, kpad / 4, k - middle, rows, dt, nvF, w.grad.ptr + middle * nvF * 16, chunk);
      kernels.split('conv_backward_weights', here8, there8, this.long(batch));
    }
    if (dInput === null) return null;
    const dx = dInput.data.ptr;
    if (!split) {
      kernels.fn.dense_backward_input(dt, nvF, rows, w.value.ptr, k, this.dCols, kpad / 4);
      kernels.fn.conv_col2im(this.geometry, this.dCols, dx, batch);
      return dInput;
    }
    const half = batch >> 1;
    const r = half * positions;
    set7(here7, dt, nvF, r, w.value.ptr, k, this.dCols, kpad / 4);
    set7(there7, dt + r * nvF * 16, nvF, rows - r, w.value.ptr, k, this.dCols + r * kpad * 4, kpad / 4);
    kernels.split('dense_backward_input', here7, there7, this.long(batch));
    set4(here4, this.geometry, this.dCols, dx, half);
    set4(there4, this.geometry, this.dCols + r * kpad * 4, dx + half * this.inRow * 4, batch - half);
    kernels.split('conv_col2im', here4, there4, this.long(batch));
    return dInput;
  }

  /** Whether this batch's products are long enough to wake a sleeping helper for (Kernels.split). */
  private long(batch: number): boolean {
    return batch * this.positions * this.k * this.nvF >= LONG_WORK;
  }

  /** Whether this batch's products are big enough for two threads (any answer gives the same bits). */
  private worthSplitting(batch: number): boolean {
    return batch >= 2 && batch * this.positions * this.k * this.nvF >= SPLIT_WORK;
  }
}

export function set4(to: number[], a: number, b: number, c: number, d: number): void {
  to[0] = a; to[1] = b; to[2] = c; to[3] = d;
}

function set7(to: number[], a: number, b: number, c: number, d: number, e: number, f: number, g: number): void {
  to[0] = a; to[1] = b; to[2] = c; to[3] = d; to[4] = e; to[5] = f; to[6] = g;
}

function set8(to: number[], a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number): void {
  to[0] = a; to[1] = b; to[2] = c; to[3] = d; to[4] = e; to[5] = f; to[6] = g; to[7] = h;
}
