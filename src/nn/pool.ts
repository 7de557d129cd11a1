import { LONG_WORK, vectors, type Kernels } from './kernels.js';
import type { Activations, Layer } from './layer.js';
import { slidOutput } from './spec.js';

/** Output floats (samples × positions × channel stride) below which pooling runs on this thread alone. */
const SPLIT_FLOATS = 16384;

/**
 * Max pooling over feature maps (HWC rows, conv.wat's header), out[c][y][x] = the max over
 * the size × size window at (y·stride, x·stride), no padding. The output keeps the input's
 * channel stride: vectors(C)·4 for a feature map (pad channels stay 0), or C for maps in
 * the image's layout (a pool first: rows of vectors(P·C)·4 floats, the tail 0, as the
 * image input's). Tie rule: the first maximum in the window's
 * row-major (dy, dx) order wins, and ∂E/∂input goes to it alone. With a helper thread both
 * directions split over samples.
 */
export class MaxPool implements Layer {
  readonly params = [];
  readonly outHeight: number;
  readonly outWidth: number;
  private readonly geometry: number;
  private readonly inRow: number;
  private readonly outRow: number;
  private readonly output: Activations;
  /** i32, laid out as the output: the float index in the sample's input row of each maximum. */
  private readonly argmax: number;
  private readonly dInput: Activations;
  private readonly here5 = [0, 0, 0, 0, 0];
  private readonly there5 = [0, 0, 0, 0, 0];

  constructor(
    private readonly kernels: Kernels,
    readonly g: { height: number; width: number; channels: number; channelStride: number; size: number; stride: number },
    maxBatch: number,
  ) {
    const { height, width, channels, channelStride, size, stride } = g;
    if (channelStride !== channels && channelStride !== vectors(channels) * 4) {
      throw new RangeError(`max pooling of ${channels} channels: a channel stride of ${channels} or ${vectors(channels) * 4}, not ${channelStride}`);
    }
    this.outHeight = slidOutput(height, size, stride, 0);
    this.outWidth = slidOutput(width, size, stride, 0);
    if (this.outHeight < 1 || this.outWidth < 1) throw new RangeError(`pool ${size} on ${height}×${width}: no output`);
    this.inRow = vectors(height * width * channelStride) * 4;
    this.outRow = vectors(this.outHeight * this.outWidth * channelStride) * 4;
    this.geometry = kernels.alloc(10 * 4);
    new Int32Array(kernels.buffer, this.geometry, 10).set([height, width, channels, channelStride, size, stride, this.outHeight, this.outWidth, this.inRow, this.outRow]);
    this.output = { data: kernels.f32(maxBatch * this.outRow), width: this.outHeight * this.outWidth * channelStride, nv: this.outRow / 4 };
    this.argmax = kernels.alloc(maxBatch * this.outRow * 4);
    this.dInput = { data: kernels.f32(maxBatch * this.inRow), width: height * width * channelStride, nv: this.inRow / 4 };
  }

  forward(input: Activations, batch: number): Activations {
    const { kernels, geometry, here5, there5, inRow, outRow } = this;
    const x = input.data.ptr;
    const y = this.output.data.ptr;
    if (batch < 2 || batch * outRow < SPLIT_FLOATS) {
      kernels.fn.pool_max_forward(geometry, x, y, this.argmax, batch);
      return this.output;
    }
    const half = batch >> 1;
    here5[0] = geometry; here5[1] = x; here5[2] = y; here5[3] = this.argmax; here5[4] = half;
    there5[0] = geometry; there5[1] = x + half * inRow * 4; there5[2] = y + half * outRow * 4; there5[3] = this.argmax + half * outRow * 4; there5[4] = batch - half;
    kernels.split('pool_max_forward', here5, there5, batch * inRow >= LONG_WORK);
    return this.output;
  }

  backward(dOutput: Activations, batch: number): Activations {
    const { kernels, geometry, here5, there5, inRow, outRow } = this;
    const dy = dOutput.data.ptr;
    const dx = this.dInput.data.ptr;
    if (batch < 2 || batch * outRow < SPLIT_FLOATS) {
      kernels.fn.pool_max_backward(geometry, dy, this.argmax, dx, batch);
      return this.dInput;
    }
    const half = batch >> 1;
    here5[0] = geometry; here5[1] = dy; here5[2] = this.argmax; here5[3] = dx; here5[4] = half;
    there5[0] = geometry; there5[1] = dy + half * outRow * 4; there5[2] = this.argmax + half * outRow * 4; there5[3] = dx + half * inRow * 4; there5[4] = batch - half;
    kernels.split('pool_max_backward', here5, there5, batch * inRow >= LONG_WORK);
    return this.dInput;
  }
}
