import type { DenseImages } from './image-input.js';
import type { Kernels } from './kernels.js';

/**
 * A set of images as their nonzero pixels only (CSR), in the kernels' memory: 81% of MNIST
 * pixels are 0, and skipping an exact zero changes no sum. Image n's pixels are
 * idx[offsets[n] .. offsets[n+1]) (u16 pixel numbers, ascending) with values val (u8);
 * the input the network sees is val · scale, which the kernels read from xs, the 256
 * float32 values val · scale (rounded once, as f32.mul would), one per byte. middles[n] is where image n's pixels reach
 * the middle pixel (pixels / 2, the middle row for MNIST): a layer's two threads each own
 * the weights of one half of the pixels.
 */
export class SparseImages {
  private constructor(
    readonly kernels: Kernels,
    readonly count: number,
    readonly pixels: number,
    readonly offsets: number,
    readonly idx: number,
    readonly val: number,
    /** u32 per image: the first entry of its pixels ≥ middlePixel. */
    readonly middles: number,
    readonly middlePixel: number,
    /** 256 float32: the input value of each pixel byte, fround(val · scale). */
    readonly xs: number,
  ) {}

  /**
   * From count × pixels uint8 images, row-major. The kernels find the nonzero pixels 16 at a
   * time (count_nonzero, compact_images), over chunks of the images copied into a scratch
   * region of their memory: the pixels themselves never stay there.
   */
  static fromPixels(kernels: Kernels, images: Uint8Array, count: number, pixels: number, scale: number): SparseImages {
    if (pixels > 65536) throw new RangeError(`images of ${pixels} pixels: at most 65536`);
    const middlePixel = middleOf(pixels);
    const chunk = Math.max(1, Math.floor(CHUNK_BYTES / pixels));
    // 16 bytes of slack: the kernels read whole vectors past a chunk's last image.
    const scratch = kernels.alloc(chunk * pixels + 16);
    const load = (first: number, n: number) =>
      new Uint8Array(kernels.buffer, scratch, n * pixels).set(images.subarray(first * pixels, (first + n) * pixels));
    let nonzero = 0;
    for (let first = 0; first < count; first += chunk) {
      const n = Math.min(chunk, count - first);
      load(first, n);
      nonzero += kernels.fn.count_nonzero(scratch, n * pixels);
    }
    const offsetsPtr = kernels.alloc((count + 1) * 4);
    const middlesPtr = kernels.alloc(count * 4);
    const idxPtr = kernels.alloc(nonzero * 2);
    const valPtr = kernels.alloc(nonzero);
    let n = 0;
    for (let first = 0; first < count; first += chunk) {
      const m = Math.min(chunk, count - first);
      load(first, m);
      n = kernels.fn.compact_images(scratch, m, pixels, middlePixel, idxPtr, valPtr, n, offsetsPtr + first * 4, middlesPtr + first * 4);
    }
    const offsets = new Uint32Array(kernels.buffer, offsetsPtr, count + 1);
    offsets[count] = n;
    const xsPtr = kernels.alloc(256 * 4);
    const xs = new Float32Array(kernels.buffer, xsPtr, 256);
    // A product of two float32 is exact in float64, so this is f32.mul's rounding.
    for (let v = 0; v < 256; v++) xs[v] = v * Math.fround(scale);
    return new SparseImages(kernels, count, pixels, offsetsPtr, idxPtr, valPtr, middlesPtr, middlePixel, xsPtr);
  }
}

/** Pixel bytes copied into the kernels' memory at a time, to find their nonzero pixels. */
const CHUNK_BYTES = 1 << 20;

/** Where a layer over `pixels` inputs divides its weights' rows between two threads. */
export function middleOf(pixels: number): number {
  return pixels >> 1;
}

/**
 * Which images of a set form the current batch: up to maxBatch image numbers (i32), in the
 * kernels' memory. Of SparseImages (a first dense layer) or DenseImages (image-input.ts);
 * `ImageBatch` alone means the sparse kind.
 */
export class ImageBatch<I extends SparseImages | DenseImages = SparseImages> {
  readonly ptr: number;
  private current: Int32Array;

  constructor(
    readonly images: I,
    readonly maxBatch: number,
  ) {
    this.ptr = images.kernels.alloc(maxBatch * 4);
    this.current = new Int32Array(images.kernels.buffer, this.ptr, maxBatch);
  }

  /** The image numbers; write the batch's here. */
  get indices(): Int32Array {
    const { buffer } = this.images.kernels;
    if (this.current.buffer !== buffer) this.current = new Int32Array(buffer, this.ptr, this.maxBatch);
    return this.current;
  }
}
