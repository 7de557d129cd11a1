import { KERNELS_WASM_BASE64 } from './wasm/kernels.generated.js';

/** The functions of kernels.wat; pointers are byte offsets into `memory`. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  sparse_forward(images: number, batch: number, offsets: number, idx: number, val: number, scale: number, wt: number, b: number, out: number, nv: number): void;
  sparse_backward(images: number, batch: number, offsets: number, idx: number, val: number, scale: number, dwt: number, db: number, dt: number, nv: number, inputs: number): void;
  dense_forward(x: number, nvIn: number, nin: number, batch: number, wt: number, b: number, out: number, nv: number): void;
  dense_backward(x: number, nvIn: number, nin: number, batch: number, wt: number, dwt: number, db: number, dt: number, nv: number, dx: number): void;
  sigmoid_forward(t: number, y: number, n: number): void;
  sigmoid_backward(dy: number, y: number, dt: number, n: number): void;
  relu_forward(t: number, y: number, n: number): void;
  relu_backward(dy: number, y: number, dt: number, n: number): void;
  sgd(v: number, g: number, n: number, learningRate: number): void;
}

let compiled: WebAssembly.Module | undefined;

/** Floats in whole 4-float vectors: the SIMD kernels pad every row to this. */
export function vectors(floats: number): number {
  return Math.ceil(floats / 4);
}

/**
 * One instance of the WebAssembly kernels with its own memory, and a bump allocator over
 * it. A network and the images it reads live in one Kernels. Memory only grows; a region
 * is valid for the Kernels' life.
 */
export class Kernels {
  readonly fn: KernelExports;
  private top = 16; // 0 stays unused, so a pointer of 0 can mean "none"

  constructor() {
    compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    this.fn = new WebAssembly.Instance(compiled).exports as unknown as KernelExports;
  }

  /** A zeroed, 16-byte aligned region of `bytes`, as its byte offset. */
  alloc(bytes: number): number {
    const at = this.top;
    this.top += Math.ceil(bytes / 16) * 16;
    const { memory } = this.fn;
    const short = this.top - memory.buffer.byteLength;
    if (short > 0) memory.grow(Math.ceil(short / 65536));
    return at;
  }

  f32(length: number): F32 {
    return new F32(this, this.alloc(length * 4), length);
  }

  /** The memory's current buffer (a new one after each growth). */
  get buffer(): ArrayBuffer {
    return this.fn.memory.buffer;
  }
}

/** A float32 region of a Kernels' memory, with a view that survives the memory growing. */
export class F32 {
  private current: Float32Array;

  constructor(
    readonly kernels: Kernels,
    readonly ptr: number,
    readonly length: number,
  ) {
    this.current = new Float32Array(kernels.buffer, ptr, length);
  }

  get view(): Float32Array {
    if (this.current.buffer !== this.kernels.buffer) this.current = new Float32Array(this.kernels.buffer, this.ptr, this.length);
    return this.current;
  }
}
