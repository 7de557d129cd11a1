/**
 * A seedable PRNG whose whole state is 16 bytes, so a checkpoint can store it and a resumed
 * run continues the same stream: xoshiro128** (Blackman & Vigna), seeded by splitmix32.
 *
 * Every random choice of a run comes from one Rng, in a fixed order: the initial weights
 * (w1, b1, w2, b2, …, row-major), then for each mini-batch its indices, then its dropout
 * masks (layer by layer, sample by sample, unit by unit).
 */
export class Rng {
  /** s0..s3 of xoshiro128**. */
  private readonly s: Uint32Array;

  private constructor(state: Uint32Array) {
    this.s = state;
  }

  /** A generator seeded from an integer 0 ≤ seed < 2³² (splitmix32 spreads it over 128 bits). */
  static fromSeed(seed: number): Rng {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
    }
    const state = new Uint32Array(4);
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      state[i] = (z ^ (z >>> 15)) >>> 0;
    }
    return new Rng(state);
  }

  /** Restores a generator from the 16 bytes `saveState()` returned. */
  static fromState(bytes: Uint8Array): Rng {
    if (bytes.byteLength !== 16) throw new RangeError(`PRNG state must be 16 bytes, got ${bytes.byteLength}`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
    const state = new Uint32Array(4);
    for (let i = 0; i < 4; i++) state[i] = view.getUint32(i * 4, true);
    // xoshiro's one invalid state: it would yield zeros forever.
    if (state.every((w) => w === 0)) throw new RangeError('PRNG state is all zeros');
    return new Rng(state);
  }

  /** The whole state, as 16 little-endian bytes. */
  saveState(): Uint8Array {
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < 4; i++) view.setUint32(i * 4, this.s[i]!, true);
    return bytes;
  }

  /**
   * Copies the state into `words` (4 u32 words, e.g. in the kernels' memory), so a kernel
   * can draw from the same stream (dropout.wat); readFrom() takes it back.
   */
  writeTo(words: Uint32Array): void {
    words.set(this.s);
  }

  /** Takes the state back from `words` after a kernel drew from it. */
  readFrom(words: Uint32Array): void {
    this.s.set(words.subarray(0, 4));
  }

  /** The next 32 random bits, as an unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const s1 = s[1]!;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s1;
    s[1] = s1 ^ s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return r;
  }

  /** A double uniform in [0, 1), from 53 random bits. */
  nextFloat(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** An integer uniform in [0, n), without modulo bias (rejection sampling). 1 ≤ n ≤ 2³². */
  nextInt(n: number): number {
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /**
   * A normal deviate by the Box–Muller transform: z = sqrt(-2 ln u1) cos(2π u2), with
   * u1 in (0, 1] and u2 in [0, 1). The sine partner is discarded, so the state stays
   * just the four words.
   */
  normal(mean: number, std: number): number {
    const u1 = 1 - this.nextFloat();
    const u2 = this.nextFloat();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
