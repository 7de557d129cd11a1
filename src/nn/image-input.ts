import { vectors, type Kernels } from './kernels.js';
import type { Activations } from './layer.js';
import type { ImageBatch, SparseImages } from './sparse-images.js';
import type { ImageShape } from './spec.js';

/**
 * A set of images as they are, uint8 in the kernels' memory, for networks whose first layer
 * is a convolution (SparseImages is for a first dense layer). Image n is `channels` planes
 * of height × width bytes (CHW, as NumPy and the IDX/CIFAR files hold them) at
 * pixels + n·C·H·W; the input the network sees is fround(byte · scale), read from the
 * 256-float table xs as SparseImages does.
 */
export class DenseImages {
  private constructor(
    readonly kernels: Kernels,
    readonly count: number,
    readonly shape: ImageShape,
    /** count × C·H·W bytes. */
    readonly pixels: number,
    /** 256 float32: the input value of each pixel byte. */
    readonly xs: number,
  ) {}

  /** From count images of shape.channels × height × width bytes each (CHW), copied into the kernels' memory once. */
  static fromPixels(kernels: Kernels, images: Uint8Array, count: number, shape: ImageShape, scale: number): DenseImages {
    const bytes = count * shape.channels * shape.height * shape.width;
    if (images.length < bytes) throw new RangeError(`${images.length} bytes for ${count} images of ${shape.channels}×${shape.height}×${shape.width}`);
    const ptr = kernels.alloc(bytes);
    new Uint8Array(kernels.buffer, ptr, bytes).set(images.subarray(0, bytes));
    const xsPtr = kernels.alloc(256 * 4);
    const xs = new Float32Array(kernels.buffer, xsPtr, 256);
    // A product of two float32 is exact in float64, so this is f32.mul's rounding (as SparseImages).
    for (let v = 0; v < 256; v++) xs[v] = v * Math.fround(scale);
    return new DenseImages(kernels, count, { ...shape }, ptr, xsPtr);
  }
}

/**
 * The network's input when it starts with feature layers: the batch's images (the
 * DenseImages its ImageBatch is of) as HWC float rows (position p = y·W + x, channel c at
 * p·C + c, no channel padding), each row padded with zeros to vectors(P·C)·4 floats. No
 * weights; backward does nothing (the first conv computes no ∂input).
 */
export class ImageInput {
  readonly params = [];
  readonly shape: ImageShape;
  private readonly output: Activations;

  /** @param shape  the images' shape (forward takes the images from its batch) */
  constructor(
    private readonly kernels: Kernels,
    shape: ImageShape,
    readonly maxBatch: number,
  ) {
    const { channels, height, width } = shape;
    this.shape = { channels, height, width };
    const nv = vectors(channels * height * width);
    this.output = { data: kernels.f32(maxBatch * nv * 4), width: channels * height * width, nv };
  }

  forward(batch: ImageBatch<SparseImages | DenseImages>, n: number): Activations {
    const { images } = batch;
    const { channels, height, width } = this.shape;
    if (!(images instanceof DenseImages) || images.shape.channels !== channels || images.shape.height !== height || images.shape.width !== width) {
      throw new RangeError(`the image input wants DenseImages of ${channels}×${height}×${width}`);
    }
    if (n > this.maxBatch || n > batch.maxBatch) throw new RangeError(`a batch of ${n}: at most ${Math.min(this.maxBatch, batch.maxBatch)}`);
    const { output } = this;
    this.kernels.fn.image_gather(images.pixels, batch.ptr, n, height * width, channels, images.xs, output.data.ptr, output.nv * 4);
    return output;
  }

  backward(_dOutput: Activations, _n: number): void {}
}
