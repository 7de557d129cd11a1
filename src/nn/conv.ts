import { LONG_WORK, vectors, type F32, type Kernels } from './kernels.js';
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
 * Bytes of columns a thread builds at a time, at most (a chunk is whole samples, so at
 * least one sample's P_out · Kpad floats): well inside a core's L2 (1 MiB here) beside the
 * chunk's input, ∂t and output rows and the filters, so that each product reads the
 * columns im2col has just written from cache rather than from memory.
 */
export const CHUNK_BYTES = 512 * 1024;

/**
 * A convolution, t[f][y][x] = b[f] + Σ_c,dy,dx W[f][c][dy][dx] · in[c][y·stride + dy − padding][x·stride + dx − padding],
 * over feature maps stored per sample as one HWC row (conv.wat's header): im2col turns
 * samples into P_out rows each of K = k·k·C floats (their columns), and the products are
 * dense.wat's, with the columns as the inputs and Wᵀ (K × Fpad, rows in im2col's (dy, dx, c)
 * order) as the weights:
 *   forward  t = b + cols · Wᵀ          (B·P_out × Fpad: the output row of a sample is P_out·Fpad floats, HWC)
 *   ∂Wᵀ = colsᵀ · ∂t (dense_backward_weights' bits),  ∂b = Σ_rows ∂t,
 *   ∂cols = ∂t · W, then col2im sums ∂cols into ∂input.
 *
 * The columns are never held for a whole batch: each pass (conv.wat's conv_forward,
 * conv_weight_gradient, conv_input_gradient) builds them for `chunk` samples at a time in a
 * buffer of CHUNK_BYTES or so and runs its product over them before the next chunk, so
 * memory is O(chunk) and the columns stay in cache. Backward builds them again from the
 * input forward was given (kept, as Dense keeps its input, by the layer before). The bits
 * are those of one im2col and one product over the batch: the forward's and ∂cols' rows
 * are independent, col2im's sums stay within a sample, and each sum of ∂Wᵀ runs over the
 * rows in order, carried from chunk to chunk as a float32.
 *
 * With a helper thread the forward and ∂input split over samples, ∂Wᵀ over its K rows (as
 * Dense splits its weights); each half is one call that loops over its chunks in its own
 * buffer (∂Wᵀ's halves build only the columns of their rows), so a split costs one
 * handoff. Every number is summed in the same order whichever half computes it, so the
 * bits do not depend on the helper.
 *
 * With `relu` the layer is the conv and its activation (network.ts fuses a relu with no
 * batch norm before it): conv_forward takes max(0, t) of each chunk's output rows right
 * after their product, so the pass runs on both threads over rows still in cache, and
 * backward first masks ∂y into ∂t with Relu's kernel (one pass, as the Relu layer ran it:
 * ∂Wᵀ's halves each read every row of ∂t, so it is not made per chunk). The bits are a
 * Relu's over every position.
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
  /** Samples per chunk, and the two halves' chunk buffers of columns (or ∂columns): chunk · P_out rows of Kpad floats each. */
  readonly chunk: number;
  private readonly cols: number;
  private readonly cols2: number;
  private readonly output: Activations;
  /** ∂E/∂t when the relu is fused (backward's dOutput is ∂E/∂y then). */
  private readonly dT: F32 | null;
  private readonly dInput: Activations | null;
  /** The input rows of the last forward: backward builds their columns again. */
  private input = 0;
  /** The K row where ∂Wᵀ divides between the threads. */
  private readonly middle: number;
  /** Rows of cols and ∂t per pass of ∂Wᵀ's tiles (conv_dw_rows): about 24 KB of the two, to stay in L1. */
  private readonly rowChunk: number;
  private readonly here8 = [0, 0, 0, 0, 0, 0, 0, 0];
  private readonly there8 = [0, 0, 0, 0, 0, 0, 0, 0];
  private readonly here9 = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  private readonly there9 = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  private readonly here11 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  private readonly there11 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

  /**
   * @param names  the report's names for W and b, e.g. ['conv1_w', 'conv1_b']
   * @param inputGradient  whether backward computes ∂E/∂input (false for a first layer)
   * @param chunkBytes  columns per chunk at most, in bytes (tests make it small, to run many chunks)
   * @param relu  the layer's output is y = max(0, t), the activation fused: computed on each
   *   chunk's output rows right after their product, while they are in cache, and backward
   *   takes ∂E/∂y (∂t = ∂y where y > 0): the bits of a Relu over every position after it
   */
  constructor(
    private readonly kernels: Kernels,
    readonly g: ConvGeometry,
    names: readonly [string, string],
    maxBatch: number,
    inputGradient: boolean,
    chunkBytes = CHUNK_BYTES,
    readonly relu = false,
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
    this.rowChunk = Math.max(16, Math.min(256, Math.floor(24576 / (64 + this.nvF * 16))));

    const padded = this.outChannelStride;
    const inputRows = new Int32Array(channels * size * size);
    for (let c = 0; c < channels; c++) {
      for (let dy = 0; dy < size; dy++) for (let dx = 0; dx < size; dx++) inputRows[c * size * size + dy * size + dx] = (dy * size + dx) * channels + c;
    }
    const w: Param = { name: names[0], shape: [filters, channels, size, size], value: kernels.f32(this.k * padded), grad: kernels.f32(this.k * padded), inputRows };
    const b: Param = { name: names[1], shape: [filters], value: kernels.f32(padded), grad: kernels.f32(padded) };
    const splits = this.middle < this.k && w.value.length >= 4096;
    this.params = [splits ? { ...w, splitAt: this.middle * padded } : w, b];

    this.geometry = kernels.alloc(12 * 4);
    new Int32Array(kernels.buffer, this.geometry, 12).set([height, width, channels, channelStride, size, stride, padding, this.outHeight, this.outWidth, this.kpad, this.inRow, relu ? 1 : 0]);
    const sampleBytes = this.positions * this.kpad * 4;
    this.chunk = Math.max(1, Math.min(maxBatch, Math.floor(chunkBytes / sampleBytes)));
    this.cols = kernels.alloc(this.chunk * sampleBytes);
    this.cols2 = maxBatch >= 2 ? kernels.alloc(this.chunk * sampleBytes) : this.cols;
    const outRow = this.positions * padded;
    this.output = { data: kernels.f32(maxBatch * outRow), width: outRow, nv: outRow / 4 };
    this.dT = relu ? kernels.f32(maxBatch * outRow) : null;
    this.dInput = inputGradient ? { data: kernels.f32(maxBatch * this.inRow), width: height * width * channelStride, nv: this.inRow / 4 } : null;
  }

  forward(input: Activations, batch: number): Activations {
    if (input.nv * 4 !== this.inRow) throw new RangeError(`conv input rows of ${input.nv * 4} floats: ${this.inRow} expected`);
    const [w, b] = this.params as [Param, Param];
    const { kernels, nvF, positions, chunk, geometry, here9, there9 } = this;
    const x = input.data.ptr;
    this.input = x;
    const out = this.output.data.ptr;
    if (!this.worthSplitting(batch)) {
      kernels.fn.conv_forward(geometry, x, batch, this.cols, chunk, w.value.ptr, b.value.ptr, out, nvF);
      return this.output;
    }
    const half = batch >> 1;
    set9(here9, geometry, x, half, this.cols, chunk, w.value.ptr, b.value.ptr, out, nvF);
    set9(there9, geometry, x + half * this.inRow * 4, batch - half, this.cols2, chunk, w.value.ptr, b.value.ptr, out + half * positions * nvF * 16, nvF);
    kernels.split('conv_forward', here9, there9, this.long(batch));
    return this.output;
  }

  backward(dOutput: Activations, batch: number): Activations | null {
    const [w, b] = this.params as [Param, Param];
    const { kernels, nvF, k, positions, dInput, middle, chunk, geometry, rowChunk, input: x } = this;
    let dt = dOutput.data.ptr;
    if (this.dT !== null) {
      // relu's backward (Relu's kernel and bits): ∂t = ∂y where y > 0, y the output forward kept
      kernels.fn.relu_backward(dt, this.output.data.ptr, this.dT.ptr, batch * positions * this.outChannelStride);
      dt = this.dT.ptr;
    }
    const split = this.worthSplitting(batch);
    kernels.fn.column_sums(dt, batch * positions, nvF, b.grad.ptr);
    if (!split || middle >= k) kernels.fn.conv_weight_gradient(geometry, x, batch, this.cols, chunk, 0, k, dt, nvF, w.grad.ptr, rowChunk);
    else {
      const { here11, there11 } = this;
      set11(here11, geometry, x, batch, this.cols, chunk, 0, middle, dt, nvF, w.grad.ptr, rowChunk);
      set11(there11, geometry, x, batch, this.cols2, chunk, middle, k, dt, nvF, w.grad.ptr, rowChunk);
      kernels.split('conv_weight_gradient', here11, there11, this.long(batch));
    }
    if (dInput === null) return null;
    const dx = dInput.data.ptr;
    if (!split) {
      kernels.fn.conv_input_gradient(geometry, dt, batch, this.cols, chunk, w.value.ptr, nvF, dx);
      return dInput;
    }
    const { here8, there8 } = this;
    const half = batch >> 1;
    set8(here8, geometry, dt, half, this.cols, chunk, w.value.ptr, nvF, dx);
    set8(there8, geometry, dt + half * positions * nvF * 16, batch - half, this.cols2, chunk, w.value.ptr, nvF, dx + half * this.inRow * 4);
    kernels.split('conv_input_gradient', here8, there8, this.long(batch));
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

function set8(to: number[], a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number): void {
  to[0] = a; to[1] = b; to[2] = c; to[3] = d; to[4] = e; to[5] = f; to[6] = g; to[7] = h;
}

function set9(to: number[], a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number): void {
  set8(to, a, b, c, d, e, f, g, h); to[8] = i;
}

function set11(to: number[], a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number): void {
  set8(to, a, b, c, d, e, f, g, h); to[8] = i; to[9] = j; to[10] = k;
}
