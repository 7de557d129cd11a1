import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KERNELS_WASM_BASE64 } from './wasm/kernels.generated.js';

/** The functions of kernels.wat; pointers are byte offsets into the memory. */
export interface KernelExports {
  sparse_forward(
    images: number, batch: number, starts: number, ends: number, idx: number, val: number, xs: number,
    wt: number, b: number, out: number, nv: number,
  ): void;
  /** dWᵀ rows [plo, phi) zeroed, then each sample's x · dT added into the rows of its pixels in [starts, ends). */
  sparse_backward_scatter(
    images: number, batch: number, starts: number, ends: number, idx: number, val: number, xs: number,
    dt: number, nv: number, dwt: number, plo: number, phi: number,
  ): void;
  /** The batch's images as per-pixel lists of (sample, value), for sparse_backward_pixels. */
  sparse_transpose(images: number, batch: number, offsets: number, idx: number, val: number, pixels: number, poff: number, psample: number, pval: number): void;
  /** The nonzero bytes of [src, src + bytes) (reads up to 15 bytes past). */
  count_nonzero(src: number, bytes: number): number;
  /** count images of `pixels` bytes at src as their nonzero pixels, appended at entry n; returns the next entry. */
  compact_images(src: number, count: number, pixels: number, middle: number, idx: number, val: number, n: number, offsets: number, middles: number): number;
  sparse_backward_pixels(poff: number, psample: number, pval: number, xs: number, dwt: number, dt: number, nv: number, plo: number, phi: number): void;
  dense_forward(x: number, nvIn: number, nin: number, batch: number, wt: number, b: number, out: number, nv: number): void;
  /** dWᵀ[i] = Σ_s x[s][i] · dT[s] for the nin input rows starting at x's column and dwt's row (split over rows). */
  dense_backward_weights(x: number, nvIn: number, nin: number, batch: number, dt: number, nv: number, dwt: number): void;
  /** dx[s][i] = Wᵀ[i] · dT[s] for the batch samples starting at dt's and dx's row (split over samples). */
  dense_backward_input(dt: number, nv: number, batch: number, wt: number, nin: number, dx: number, nvIn: number): void;
  /** sums[v] = Σ_s m[s][v], samples in order: a bias gradient. */
  column_sums(m: number, batch: number, nv: number, sums: number): void;
  sigmoid_forward(t: number, y: number, n: number): void;
  sigmoid_backward(dy: number, y: number, dt: number, n: number): void;
  relu_forward(t: number, y: number, n: number): void;
  relu_backward(dy: number, y: number, dt: number, n: number): void;
  softmax_forward(a: number, batch: number, nv: number, classes: number, y: number, stats: number): void;
  softmax_backward(y: number, labels: number, batch: number, nv: number, dA: number): void;
  add(a: number, b: number, out: number, n: number): void;
  sgd(v: number, g: number, n: number, learningRate: number): void;
  // The optimizers (nn/optimizers.ts; update.wat): elementwise over n floats, so any split gives the same bits.
  momentum(v: number, g: number, delta: number, n: number, learningRate: number, momentum: number): void;
  adagrad(v: number, g: number, h: number, n: number, learningRate: number): void;
  rmsprop(v: number, g: number, h: number, n: number, learningRate: number, rho: number, epsilon: number): void;
  adadelta(v: number, g: number, h: number, s: number, n: number, rho: number, epsilon: number): void;
  /** r1 = 1 / (1 − β₁ᵗ), r2 = 1 / (1 − β₂ᵗ): the bias corrections of step t, computed by the caller. */
  adam(v: number, g: number, m: number, vv: number, n: number, learningRate: number, beta1: number, beta2: number, epsilon: number, r1: number, r2: number): void;
  // Batch normalization (batch-norm.ts; batch-norm.wat), per feature over the batch's rows.
  bn_forward_train(x: number, batch: number, nv: number, gamma: number, beta: number, epsilon: number, y: number, xhat: number, inv: number, sums: number): void;
  bn_backward(dy: number, batch: number, nv: number, gamma: number, xhat: number, inv: number, dx: number, dgamma: number, dbeta: number): void;
  bn_forward_eval(x: number, batch: number, nv: number, gamma: number, beta: number, mean: number, variance: number, epsilon: number, y: number): void;
  // Dropout (dropout.ts; dropout.wat).
  dropout_mask(state: number, mask: number, batch: number, nv: number, units: number, threshold: number): void;
  mul(a: number, b: number, out: number, n: number): void;
  scale(a: number, c: number, out: number, n: number): void;
  // Convolution and max pooling (conv.ts, pool.ts; conv.wat). g points to the layer's geometry (i32 fields, conv.wat).
  /** cols rows of the batch samples' k × k × C patches, (dy, dx, c) order, 0 outside the image. */
  conv_im2col(g: number, x: number, cols: number, batch: number): void;
  /** dx rows of the batch zeroed, then each patch entry of dcols added back to its input (r, then entry, ascending). */
  conv_col2im(g: number, dcols: number, dx: number, batch: number): void;
  /** dense_backward_weights' result, bit for bit, over the rows in chunks of `chunk` rows that stay in cache (split over the nin rows of dWᵀ). */
  conv_backward_weights(x: number, nvIn: number, nin: number, rows: number, dt: number, nv: number, dwt: number, chunk: number): void;
  /** A conv layer's passes over the batch samples from x (dt), `chunk` samples at a time through `cols`, with the bits of one im2col and one product (conv.ts). */
  conv_forward(g: number, x: number, batch: number, cols: number, chunk: number, wt: number, b: number, out: number, nv: number): void;
  conv_input_gradient(g: number, dt: number, batch: number, dcols: number, chunk: number, wt: number, nv: number, dx: number): void;
  /** Rows [e0, e1) of ∂Wᵀ over the whole batch (split over those rows). */
  conv_weight_gradient(g: number, x: number, batch: number, cols: number, chunk: number, e0: number, e1: number, dt: number, nv: number, dwt: number, rowChunk: number): void;
  /** y = the max over each window, arg (i32) its float index in the sample's row; the first maximum in (dy, dx) order wins. */
  pool_max_forward(g: number, x: number, y: number, arg: number, batch: number): void;
  /** dx rows of the batch zeroed, then dx[arg] += dy for each output element in order. */
  pool_max_backward(g: number, dy: number, arg: number, dx: number, batch: number): void;
  /** The batch's images (planes of uint8, CHW) as HWC float rows through the table xs, padded to `row` floats with 0. */
  image_gather(images: number, idx: number, batch: number, pixels: number, channels: number, xs: number, out: number, row: number): void;
}

/** The kernels a helper thread can run: the layers' matrix products and the optimizers' updates. */
const SPLITTABLE = [
  'sparse_forward', 'sparse_backward_scatter', 'sparse_backward_pixels', 'sgd',
  'dense_forward', 'dense_backward_weights', 'dense_backward_input',
  'momentum', 'adagrad', 'rmsprop', 'adadelta', 'adam',
  'pool_max_forward', 'pool_max_backward',
  'conv_forward', 'conv_input_gradient', 'conv_weight_gradient',
] as const;
type Splittable = (typeof SPLITTABLE)[number];
/** Each splittable kernel's number, as the helper's job names it. */
const SPLITTABLE_INDEX = Object.fromEntries(SPLITTABLE.map((name, k) => [name, k])) as Record<Splittable, number>;

let compiled: WebAssembly.Module | undefined;

/**
 * Vector multiply-adds (or, for a copying kernel, vectors moved) from which a split is
 * `long` (Kernels.split): about 0.15 ms of work at the products' 6 to 7 a nanosecond.
 */
export const LONG_WORK = 1 << 20;

/** The kernels' memory at most: 16384 pages of 64 KiB, 1 GiB, WebAssembly's limit for 32-bit pointers here. */
export const MAX_PAGES = 16384;

/** What a Kernels' allocation beyond MAX_PAGES throws: the network's buffers (and images) do not fit. */
export class KernelMemoryError extends RangeError {
  constructor(readonly bytes: number) {
    super(`the kernels' memory would need ${bytes} bytes, more than WebAssembly's ${MAX_PAGES * 65536} (1 GiB)`);
  }
}

/** Floats in whole 4-float vectors: the SIMD kernels pad every row to this. */
export function vectors(floats: number): number {
  return Math.ceil(floats / 4);
}

/**
 * One instance of the WebAssembly kernels with its own (shared) memory, a bump allocator
 * over it, and optionally a helper thread that runs half of a splittable kernel. A
 * network and the images it reads live in one Kernels. Memory only grows; a region is
 * valid for the Kernels' life.
 */
export class Kernels {
  readonly fn: KernelExports;
  readonly memory: WebAssembly.Memory;
  private top = 16; // 0 stays unused, so a pointer of 0 can mean "none"
  private helper: Helper | null = null;

  constructor() {
    compiled ??= new WebAssembly.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    this.fn = new WebAssembly.Instance(compiled, { env: { memory: this.memory } }).exports as unknown as KernelExports;
  }

  /**
   * A zeroed, 16-byte aligned region of `bytes`, as its byte offset. At least 64 bytes past
   * any region stay inside the memory: a narrow kernel may read (never write) 4 vectors
   * of a row of fewer.
   */
  alloc(bytes: number): number {
    const at = this.top;
    this.top += Math.ceil(bytes / 16) * 16;
    if (this.top + 64 > MAX_PAGES * 65536) throw new KernelMemoryError(this.top + 64);
    const short = this.top + 64 - this.memory.buffer.byteLength;
    if (short > 0) this.memory.grow(Math.ceil(short / 65536));
    return at;
  }

  f32(length: number): F32 {
    return new F32(this, this.alloc(length * 4), length);
  }

  /** The memory's current buffer (a new object after each growth). */
  get buffer(): SharedArrayBuffer {
    return this.memory.buffer as unknown as SharedArrayBuffer;
  }

  /**
   * Starts a helper thread for split(), when the machine has a second core and the
   * RUNNER_THREADS variable does not say 1. Results do not depend on it: split() hands it
   * work whose every number is computed as without it.
   */
  startHelper(): void {
    const threads = Number(process.env.RUNNER_THREADS || availableParallelism());
    if (this.helper === null && threads > 1) this.helper = new Helper(this);
  }

  /**
   * Every split offered to the helper, even asleep, as a long one is: for tests, so that
   * the helper's half runs (and gives the same bits) whatever the work's size.
   */
  offerAll = false;

  /** Halves the helper thread has run so far (0 without one). */
  helperJobs(): number {
    return this.helper?.jobs() ?? 0;
  }

  /** Stops the helper thread, if any. */
  close(): void {
    this.helper?.stop();
    this.helper = null;
  }

  /**
   * Runs kernel `name` twice, with `here` and `there`: on this thread and the helper at
   * once, or one after the other without a helper. The two calls must touch disjoint
   * outputs. The helper's half is offered, not handed over: when the helper has not taken
   * it by the time this thread has done its own (it is not started yet, or the system has
   * put it off the CPU), this thread runs it too. Either way each half runs once, and the
   * same bits come out. `long`: the halves take long enough (LONG_WORK and more, about
   * 0.15 ms or more) that a sleeping helper is worth waking for this one.
   */
  split(name: Splittable, here: readonly number[], there: readonly number[], long = false): void {
    const f = this.fn[name] as (...args: number[]) => void;
    const helper = this.helper;
    // Not started yet, or asleep after a long gap (a UI frame, an epoch's end): waking it
    // takes longer than a half, and it would claim its half late. It is woken for the next.
    // A long job (a half of a millisecond or more: a convolution's products) is offered
    // even then: the helper wakes in tens of microseconds and claims it, or this thread
    // takes it back when its own half is done. Between long jobs the helper would have
    // gone back to sleep (it polls for tens of microseconds), so they never found it awake.
    if (helper === null || (!helper.awake() && !long && !this.offerAll)) {
      f(...here);
      f(...there);
      return;
    }
    helper.post(name, there);
    f(...here);
    if (helper.takeBack()) f(...there);
    else helper.wait();
  }
}

/** Control words in the shared memory: [posted job, finished job, kernel, claimed job, failed, ready]. */
const POSTED = 0;
const FINISHED = 1;
const KERNEL = 2;
/** The last job number claimed, by the helper or (taken back) by the main thread: a posted job runs where its claim succeeded. */
const CLAIMED = 3;
const FAILED = 4;
/** Set to 1 by the helper once its instance of the kernels is made and it waits for jobs. */
const READY = 5;
/** 1 while the helper sleeps in Atomics.wait (it polled for a job SPINS times in vain). */
const SLEEPING = 6;
/** Jobs the helper has run, counted by it: what tests read to know the helper's path ran. */
const JOBS = 7;
/** The most arguments a splittable kernel takes; the helper passes all of them (a wasm function ignores extra ones). */
const MAX_ARGS = 12;
/** How long the main thread waits for a job before calling the helper dead. */
const HELPER_TIMEOUT_MS = 10_000;
/** Atomics.load polls before sleeping in Atomics.wait: enough to stay awake across a batch's gap between jobs. */
const SPINS = 20_000;

/**
 * A worker thread with its own instance of the kernels over the same shared memory. Jobs
 * go through control words in that memory: the main thread writes the arguments and bumps
 * POSTED; whoever first moves CLAIMED from the job before to this one runs it: the helper,
 * which then sets FINISHED to the same number, or the main thread taking the job back. Both
 * sides spin briefly before sleeping, since a job takes tens of microseconds.
 */
class Helper {
  private readonly worker: Worker;
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private job = 0;
  /** Why the thread is gone, when it is: for the error message. */
  private exited = '';

  constructor(kernels: Kernels) {
    const controlPtr = kernels.alloc(32);
    const argsPtr = kernels.alloc(MAX_ARGS * 8);
    this.control = new Int32Array(kernels.buffer, controlPtr, 8);
    this.args = new Float64Array(kernels.buffer, argsPtr, MAX_ARGS);
    this.worker = new Worker(HELPER_SOURCE, {
      eval: true,
      workerData: { module: compiled, memory: kernels.memory, controlPtr, argsPtr, names: SPLITTABLE, spins: SPINS },
    });
    // Never keeps the process alive; a run's end (or a crash) takes it down.
    this.worker.unref();
    this.worker.on('error', (e) => (this.exited = ` (it failed: ${e.message})`));
    this.worker.on('exit', (code) => (this.exited ||= ` (it exited with code ${code})`));
  }

  /**
   * Whether the thread has started and is polling for jobs, so that it takes one at once.
   * When it sleeps, it is woken (for the next job) and this returns false. Read from the
   * control words every time, not cached in a field: a field that changes once, mid-run,
   * would throw away the training loop's optimized code.
   */
  awake(): boolean {
    const { control } = this;
    if (Atomics.load(control, READY) !== 1) return false;
    if (Atomics.load(control, SLEEPING) === 0) return true;
    Atomics.notify(control, POSTED);
    return false;
  }

  post(name: Splittable, args: readonly number[]): void {
    this.args.set(args);
    this.control[KERNEL] = SPLITTABLE_INDEX[name];
    Atomics.store(this.control, POSTED, ++this.job);
    Atomics.notify(this.control, POSTED);
  }

  /** Claims the posted job for the main thread, if the helper has not claimed it: true when the caller must run it. */
  takeBack(): boolean {
    return Atomics.compareExchange(this.control, CLAIMED, this.job - 1, this.job) === this.job - 1;
  }

  /** Waits for the helper to finish the job it claimed. */
  wait(): void {
    const { control, job } = this;
    const deadline = performance.now() + HELPER_TIMEOUT_MS;
    for (let spins = 0, finished = Atomics.load(control, FINISHED); finished !== job; spins++, finished = Atomics.load(control, FINISHED)) {
      if (spins > SPINS) {
        // The last job the helper finished (not job − 1 when this thread took some back).
        Atomics.wait(control, FINISHED, finished, 100);
        // A job takes microseconds: this long means the thread is gone (an error is fatal to the run).
        if (performance.now() > deadline) throw new Error(`the kernels helper thread did not answer in ${HELPER_TIMEOUT_MS / 1000} s${this.exited}`);
      }
    }
    if (control[FAILED] !== 0) throw new Error('the kernels helper thread failed (a kernel trapped)');
  }

  jobs(): number {
    return Atomics.load(this.control, JOBS);
  }

  stop(): void {
    Atomics.store(this.control, POSTED, -1);
    Atomics.notify(this.control, POSTED);
    void this.worker.terminate();
  }
}

/**
 * The helper thread's code (CommonJS, evaluated by the Worker). Nothing is allocated per
 * job (a collection in this thread would stall the run's other thread): the arguments'
 * view and the kernels are looked up once, and every call passes MAX_ARGS arguments.
 */
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, controlPtr, argsPtr, names, spins } = workerData;
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const fns = names.map((name) => exports[name]);
const control = new Int32Array(memory.buffer, controlPtr, 8);
const a = new Float64Array(memory.buffer, argsPtr, ${MAX_ARGS});
let seen = 0;
Atomics.store(control, ${READY}, 1);
for (;;) {
  for (let n = 0; Atomics.load(control, ${POSTED}) === seen; n++) {
    if (n > spins) {
      // Woken by a job, or by the main thread wanting this thread awake for the next one.
      Atomics.store(control, ${SLEEPING}, 1);
      Atomics.wait(control, ${POSTED}, seen);
      Atomics.store(control, ${SLEEPING}, 0);
      n = 0;
    }
  }
  seen = Atomics.load(control, ${POSTED});
  if (seen === -1) break;
  // The main thread may have taken the job back (and even posted the next, which the next pass claims).
  if (Atomics.compareExchange(control, ${CLAIMED}, seen - 1, seen) !== seen - 1) continue;
  try {
    fns[control[${KERNEL}]](a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
  } catch (e) {
    control[${FAILED}] = 1;
  }
  Atomics.add(control, ${JOBS}, 1);
  Atomics.store(control, ${FINISHED}, seen);
  Atomics.notify(control, ${FINISHED});
}
`;

/** A float32 region of a Kernels' memory, with a view that follows the memory as it grows. */
export class F32 {
  private current: Float32Array | null;

  constructor(
    readonly kernels: Kernels,
    readonly ptr: number,
    readonly length: number,
  ) {
    // Written twice on purpose: V8 takes a field written once as a constant, and the view's
    // refresh after the memory has grown (for some regions first at an epoch's end) would
    // then throw away the training loop's optimized code, mid-run.
    this.current = null;
    this.current = new Float32Array(kernels.buffer, ptr, length);
  }

  get view(): Float32Array {
    if (this.current!.buffer !== this.kernels.buffer) this.current = new Float32Array(this.kernels.buffer, this.ptr, this.length);
    return this.current!;
  }
}
