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
    readonly scale: number,
    readonly offsets: number,
    readonly idx: number,
    readonly val: number,
    /** u32 per image: the first entry of its pixels ≥ middlePixel. */
    readonly middles: number,
    readonly middlePixel: number,
    /** 256 float32: the input value of each pixel byte, fround(val · scale). */
    readonly xs: number,
  ) {}

  /** From count × pixels uint8 images, row-major. */
  static fromPixels(kernels: Kernels, images: Uint8Array, count: number, pixels: number, scale: number): SparseImages {
    if (pixels > 65536) throw new RangeError(`images of ${pixels} pixels: at most 65536`);
    let nonzero = 0;
    for (let k = 0; k < count * pixels; k++) if (images[k] !== 0) nonzero++;
    const offsetsPtr = kernels.alloc((count + 1) * 4);
    const middlesPtr = kernels.alloc(count * 4);
    const middlePixel = middleOf(pixels);
    const idxPtr = kernels.alloc(nonzero * 2);
    const valPtr = kernels.alloc(nonzero);
    const { buffer } = kernels;
    const offsets = new Uint32Array(buffer, offsetsPtr, count + 1);
    const middles = new Uint32Array(buffer, middlesPtr, count);
    const idx = new Uint16Array(buffer, idxPtr, nonzero);
    const val = new Uint8Array(buffer, valPtr, nonzero);
    let n = 0;
    for (let image = 0; image < count; image++) {
      offsets[image] = n;
      const first = image * pixels;
      for (let p = 0; p < pixels; p++) {
        if (p === middlePixel) middles[image] = n;
        const v = images[first + p]!;
        if (v !== 0) {
          idx[n] = p;
          val[n] = v;
          n++;
        }
      }
    }
    offsets[count] = n;
    const xsPtr = kernels.alloc(256 * 4);
    const xs = new Float32Array(kernels.buffer, xsPtr, 256);
    // A product of two float32 is exact in float64, so this is f32.mul's rounding.
    for (let v = 0; v < 256; v++) xs[v] = v * Math.fround(scale);
    return new SparseImages(kernels, count, pixels, scale, offsetsPtr, idxPtr, valPtr, middlesPtr, middlePixel, xsPtr);
  }
}

/** Where a layer over `pixels` inputs divides its weights' rows between two threads. */
export function middleOf(pixels: number): number {
  return pixels >> 1;
}

/** Which images of a set form the current batch: up to maxBatch image numbers (i32), in the kernels' memory. */
export class ImageBatch {
  readonly ptr: number;
  private current: Int32Array;

  constructor(
    readonly images: SparseImages,
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
