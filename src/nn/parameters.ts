import type { Rng } from './prng.js';
import { featuresOf, flattenedShape, type NetworkSpec } from './spec.js';

/**
 * What one tensor of a network is: a dense layer's weights or bias, or a batch
 * normalization's γ, β (trained) or its E[t], Var[t] (statistics for evaluation).
 */
export type TensorKind = 'weight' | 'bias' | 'gamma' | 'beta' | 'mean' | 'variance';

export interface TensorLayout {
  /**
   * w1, b1, …, wL, bL; bnK_gamma, bnK_beta, bnK_mean, bnK_var for batch norm on hidden layer
   * K; convK_w, convK_b (and convK_gamma, convK_beta, convK_mean, convK_var) for conv layer K.
   */
  name: string;
  /**
   * Row-major: [outputs, inputs] for a weight matrix (W1 is units × 784; after conv layers
   * its inputs are the feature maps flattened as NumPy does, c·H·W + y·W + x), [filters,
   * channels, size, size] for a convolution's filters, [n] for a vector.
   */
  shape: readonly number[];
  kind: TensorKind;
  /** Inputs of the dense layer it belongs to: the report initialises W and b with std sqrt(1/fan_in). */
  fanIn: number;
  offset: number;
  length: number;
}

/** The tensors an optimizer updates. */
export function isTrained(kind: TensorKind): boolean {
  return kind !== 'mean' && kind !== 'variance';
}

const BATCH_NORM_TENSORS = [['gamma', 'gamma'], ['beta', 'beta'], ['mean', 'mean'], ['var', 'variance']] as const;

/**
 * Every tensor of a network, in storage order: first for each conv layer K = 1, 2, …,
 * convK_w and convK_b, then with batch norm convK_gamma, convK_beta, convK_mean, convK_var;
 * then for each dense layer K = 1 … L, wK and bK, then, if hidden layer K has batch norm,
 * bnK_gamma, bnK_beta, bnK_mean, bnK_var. For the report's network: w1 (32 × 784), b1 (32),
 * w2 (10 × 32), b2 (10).
 */
export function parameterLayout(spec: NetworkSpec): TensorLayout[] {
  const tensors: Omit<TensorLayout, 'offset' | 'length'>[] = [];
  let channels = spec.image?.channels ?? 1;
  let conv = 0;
  for (const f of featuresOf(spec)) {
    if (f.kind !== 'conv') continue;
    const K = ++conv;
    const fanIn = channels * f.size * f.size;
    tensors.push({ name: `conv${K}_w`, shape: [f.filters, channels, f.size, f.size], kind: 'weight', fanIn });
    tensors.push({ name: `conv${K}_b`, shape: [f.filters], kind: 'bias', fanIn });
    if (f.batchNorm) for (const [suffix, kind] of BATCH_NORM_TENSORS) tensors.push({ name: `conv${K}_${suffix}`, shape: [f.filters], kind, fanIn });
    channels = f.filters;
  }
  const flat = flattenedShape(spec);
  let fanIn = flat ? flat.channels * flat.height * flat.width : spec.inputs;
  const widths = [...spec.hidden.map((h) => h.units), spec.classes];
  widths.forEach((outputs, k) => {
    const K = k + 1;
    tensors.push({ name: `w${K}`, shape: [outputs, fanIn], kind: 'weight', fanIn });
    tensors.push({ name: `b${K}`, shape: [outputs], kind: 'bias', fanIn });
    if (spec.hidden[k]?.batchNorm) {
      for (const [suffix, kind] of BATCH_NORM_TENSORS) tensors.push({ name: `bn${K}_${suffix}`, shape: [outputs], kind, fanIn });
    }
    fanIn = outputs;
  });
  let offset = 0;
  return tensors.map((t) => {
    const length = t.shape.reduce((a, b) => a * b, 1);
    const laid = { ...t, offset, length };
    offset += length;
    return laid;
  });
}

/** A network's tensors in the report's layout, all in one Float32Array with a view per tensor: a checkpoint is one buffer. */
export class Parameters {
  readonly layout: readonly TensorLayout[];
  readonly views: Readonly<Record<string, Float32Array>>;

  constructor(
    readonly spec: NetworkSpec,
    readonly buffer: Float32Array,
  ) {
    this.layout = parameterLayout(spec);
    const total = this.layout.reduce((n, t) => n + t.length, 0);
    if (buffer.length !== total) throw new RangeError(`expected ${total} parameters, got ${buffer.length}`);
    this.views = Object.fromEntries(this.layout.map((t) => [t.name, buffer.subarray(t.offset, t.offset + t.length)]));
  }

  static allocate(spec: NetworkSpec): Parameters {
    const total = parameterLayout(spec).reduce((n, t) => n + t.length, 0);
    return new Parameters(spec, new Float32Array(total));
  }

  /** The tensors as named, shaped views (no copy): what a checkpoint stores and an export writes. */
  tensors(): { name: string; shape: readonly number[]; data: Float32Array }[] {
    return this.layout.map((t) => ({ name: t.name, shape: t.shape, data: this.views[t.name]! }));
  }

  /**
   * Every weight and bias entry ~ Normal(0, std), drawn in layout order, row-major; std is
   * sqrt(1/fan_in) for 'fan_in' (the report), else the given number. Batch norm starts
   * at γ = 1, β = 0, E[t] = 0, Var[t] = 1, drawing nothing.
   */
  initialise(initScale: 'fan_in' | number, rng: Rng): void {
    for (const t of this.layout) {
      const view = this.views[t.name]!;
      if (t.kind === 'weight' || t.kind === 'bias') {
        const std = initScale === 'fan_in' ? Math.sqrt(1 / t.fanIn) : initScale;
        for (let k = 0; k < view.length; k++) view[k] = rng.normal(0, std);
      } else {
        view.fill(t.kind === 'gamma' || t.kind === 'variance' ? 1 : 0);
      }
    }
  }
}

/** A network's shape as its tensors tell it: what an .npz or a checkpoint holds. */
export interface InferredNetwork {
  inputs: number;
  classes: number;
  /** Per hidden layer: its units, and whether it has batch norm. */
  hidden: { units: number; batchNorm: boolean }[];
}

/**
 * The network a set of named tensors describes (w1 … wL, b1 … bL, bnK_*), checked for
 * consistency: the names complete, each shape chaining into the next. Returns the problems,
 * one line each, instead when it is not a network. The one place that turns a tensor list
 * into a network: import, resume and eval use it.
 */
export function inferNetwork(tensors: readonly { name: string; shape: readonly number[] }[]): InferredNetwork | { problems: string[] } {
  const byName = new Map(tensors.map((t) => [t.name, t.shape]));
  const problems: string[] = [];
  let L = 0;
  while (byName.has(`w${L + 1}`)) L++;
  if (L < 2) return { problems: [L === 0 ? 'no w1 (a network holds w1, b1, …, wL, bL)' : 'no w2 (a network has at least one hidden layer and an output layer: w1, b1, w2, b2)'] };
  const shape = (name: string) => byName.get(name)!;
  const w1 = shape('w1');
  if (w1.length !== 2 || w1.some((d) => d < 1)) return { problems: [`w1 has shape ${python(w1)}, expected 2 dimensions (units, pixels), e.g. (32, 784)`] };
  const hidden: InferredNetwork['hidden'] = [];
  let fanIn = w1[1]!;
  for (let K = 1; K <= L; K++) {
    const w = shape(`w${K}`);
    if (w.length !== 2 || w[1] !== fanIn || w[0]! < 1) {
      problems.push(`w${K} has shape ${python(w)}, expected (units, ${fanIn})${K > 1 ? `: its inputs are the ${fanIn} outputs of w${K - 1}` : ''}`);
      return { problems };
    }
    const outputs = w[0]!;
    const b = byName.get(`b${K}`);
    if (!b) problems.push(`no b${K} (one bias per row of w${K})`);
    else if (b.length !== 1 || b[0] !== outputs) problems.push(`b${K} has shape ${python(b)}, expected (${outputs},): one bias per row of w${K}`);
    const bnNames = ['gamma', 'beta', 'mean', 'var'].map((s) => `bn${K}_${s}`);
    const present = bnNames.filter((n) => byName.has(n));
    if (K < L) {
      if (present.length > 0 && present.length < 4) {
        problems.push(`batch norm on layer ${K} needs ${bnNames.join(', ')}; missing ${bnNames.filter((n) => !byName.has(n)).join(', ')}`);
      }
      for (const n of present) {
        const s = shape(n);
        if (s.length !== 1 || s[0] !== outputs) problems.push(`${n} has shape ${python(s)}, expected (${outputs},): one per unit of layer ${K}`);
      }
      hidden.push({ units: outputs, batchNorm: present.length === 4 });
    } else if (present.length > 0) {
      problems.push(`${present[0]}: the output layer (w${L}) has no batch norm`);
    }
    fanIn = outputs;
  }
  const known = new Set(parameterLayout({ inputs: w1[1]!, classes: fanIn, hidden: hidden.map((h) => ({ ...h, activation: 'sigmoid', batchNorm: h.batchNorm ? { epsilon: 1 } : null, dropout: 0 })) }).map((t) => t.name));
  for (const t of tensors) {
    if (!known.has(t.name) && !/^bn\d+_(gamma|beta|mean|var)$/.test(t.name) && !/^b\d+$/.test(t.name)) {
      problems.push(`unexpected array ${t.name} (a network holds w1, b1, …, w${L}, b${L} and bnK_gamma, bnK_beta, bnK_mean, bnK_var)`);
    }
  }
  for (let K = L + 1; byName.has(`b${K}`); K++) problems.push(`b${K} without w${K}`);
  if (problems.length > 0) return { problems };
  return { inputs: w1[1]!, classes: fanIn, hidden };
}

/** A shape as NumPy prints it: (32, 784), (10,). */
export function python(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
