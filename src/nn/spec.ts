/**
 * What a network and its optimizer are, as plain data: what an experiment declares once
 * config/ has resolved its defaults, and what nn/ builds. Nothing here computes.
 *
 * The network is input → hidden layers → a softmax over `classes` (in the loss). Each
 * hidden layer K (1-based) is t = W_K x + b_K, then batch normalization of t (optional),
 * then the activation, then dropout of the output (optional). The output layer is
 * W_L y + b_L with L = hidden layers + 1.
 */
export type Activation = 'sigmoid' | 'relu';

export interface HiddenLayerSpec {
  units: number;
  activation: Activation;
  /** Batch normalization of the pre-activation t, with its ε; null for none. */
  batchNorm: { epsilon: number } | null;
  /** The dropout rate ρ on the layer's output, 0 ≤ ρ < 1; 0 for none. */
  dropout: number;
}

/** An image as the network sees it: channels × height × width (1 × 28 × 28 for MNIST, 3 × 32 × 32 for CIFAR-10). */
export interface ImageShape {
  channels: number;
  height: number;
  width: number;
}

/**
 * A layer over feature maps, before the dense layers:
 *   conv  filters of size × size × channels, moved `stride` pixels at a time over the input
 *         padded with `padding` zeros on every side: t[f][y][x] = b[f] +
 *         Σ_c,dy,dx W[f][c][dy][dx] · in[c][y·stride + dy − padding][x·stride + dx − padding],
 *         then batch normalization of t per filter (optional), then the activation;
 *   pool  max pooling: out[c][y][x] = max over the size × size window at (y·stride, x·stride).
 * The output of the last one is flattened (c·H·W + y·W + x, as NumPy's reshape) into the
 * first dense layer.
 */
export type FeatureLayerSpec =
  | { kind: 'conv'; filters: number; size: number; stride: number; padding: number; activation: Activation; batchNorm: { epsilon: number } | null }
  | { kind: 'pool'; size: number; stride: number };

export interface NetworkSpec {
  /** Values per image: channels × height × width. */
  inputs: number;
  classes: number;
  hidden: readonly HiddenLayerSpec[];
  /** The image's shape: given when there are feature layers (else the input is a flat vector). */
  image?: ImageShape;
  /** Convolution and pooling layers, input first, before the hidden dense layers; none when absent. */
  features?: readonly FeatureLayerSpec[];
}

/** The feature layers of a spec (none for a dense network). */
export function featuresOf(spec: Pick<NetworkSpec, 'features'>): readonly FeatureLayerSpec[] {
  return spec.features ?? [];
}

/** A feature map's size along one axis after a window of `size` moved by `stride` over `n` (+ padding on both sides). */
export function slidOutput(n: number, size: number, stride: number, padding: number): number {
  return Math.floor((n + 2 * padding - size) / stride) + 1;
}

/**
 * The shape after each feature layer, from the image's, or the first problem (with the
 * feature layer's number): a window larger than its (padded) input, or no filters.
 */
export function featureShapes(image: ImageShape, features: readonly FeatureLayerSpec[]): { shapes: ImageShape[] } | { problem: string; layer: number } {
  const shapes: ImageShape[] = [];
  let shape = image;
  for (let k = 0; k < features.length; k++) {
    const f = features[k]!;
    const size = `${shape.channels}×${shape.height}×${shape.width}`;
    if (f.kind === 'conv') {
      if (f.filters < 1) return { problem: `conv with ${f.filters} filters: a convolution needs at least 1`, layer: k };
      if (f.size > shape.height + 2 * f.padding || f.size > shape.width + 2 * f.padding) {
        return { problem: `conv ${f.size}×${f.size} on ${size} feature maps${f.padding ? ` padded by ${f.padding}` : ''}: the kernel is larger than its input`, layer: k };
      }
      shape = { channels: f.filters, height: slidOutput(shape.height, f.size, f.stride, f.padding), width: slidOutput(shape.width, f.size, f.stride, f.padding) };
    } else {
      if (f.size > shape.height || f.size > shape.width) return { problem: `pool ${f.size} on ${shape.height}×${shape.width} feature maps: the window is larger than its input`, layer: k };
      shape = { channels: shape.channels, height: slidOutput(shape.height, f.size, f.stride, 0), width: slidOutput(shape.width, f.size, f.stride, 0) };
    }
    shapes.push(shape);
  }
  return { shapes };
}

/** The shape the first dense layer flattens: the last feature layer's output, or the image. */
export function flattenedShape(spec: NetworkSpec): ImageShape | null {
  if (!spec.image || featuresOf(spec).length === 0) return null;
  const r = featureShapes(spec.image, featuresOf(spec));
  if ('problem' in r) throw new RangeError(`layers[${r.layer}]: ${r.problem}`);
  return r.shapes[r.shapes.length - 1]!;
}

/**
 * The course's optimizers with their hyper-parameters (g = ∂E/∂W):
 *   sgd       W ← W − η g
 *   momentum  ΔW ← α ΔW − η g;  W ← W + ΔW                                    (ΔW₀ = 0)
 *   adagrad   h ← h + g²;  W ← W − η g / √h                                    (h₀ = initialAccumulator)
 *   rmsprop   h ← ρ h + (1 − ρ) g²;  W ← W − η g / (√h + ε)                    (h₀ = 0)
 *   adadelta  h ← ρ h + (1 − ρ) g²;  ΔW ← −(√(s + ε) / √(h + ε)) g;
 *             s ← ρ s + (1 − ρ) ΔW²;  W ← W + ΔW                               (h₀ = s₀ = 0)
 *   adam      t ← t + 1;  m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;
 *             W ← W − η (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)               (m₀ = v₀ = 0)
 */
export type OptimizerSpec =
  | { name: 'sgd'; learningRate: number }
  | { name: 'momentum'; learningRate: number; momentum: number }
  | { name: 'adagrad'; learningRate: number; initialAccumulator: number }
  | { name: 'rmsprop'; learningRate: number; rho: number; epsilon: number }
  | { name: 'adadelta'; rho: number; epsilon: number }
  | { name: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number };

export type OptimizerName = OptimizerSpec['name'];

/** The report's network: one hidden layer of `units` sigmoid (or relu) units, nothing else. */
export function singleHiddenLayer(inputs: number, units: number, classes: number, activation: Activation = 'sigmoid'): NetworkSpec {
  return { inputs, classes, hidden: [{ units, activation, batchNorm: null, dropout: 0 }] };
}

/**
 * The architecture in one token, as show, compare and runs print it: `784-32-10` for the
 * report; a layer with batch norm is marked `bn`, one with dropout `dρ`, as in
 * `784-256bn-128d0.4-10`. The activations are said apart (describeActivations).
 */
export function describeNetwork(spec: NetworkSpec): string {
  const features = featuresOf(spec);
  const input = spec.image && features.length > 0 ? `${spec.image.channels}x${spec.image.height}x${spec.image.width}` : `${spec.inputs}`;
  return [input, ...features.map(describeFeature), ...(spec.hidden.length > 0 ? [describeLayers(spec.hidden)] : []), `${spec.classes}`].join('-');
}

/**
 * A feature layer in one token: `c32k5` (32 filters 5×5, stride 1, padding ⌊5/2⌋), with
 * `s2` for another stride, `pad0` for another padding and `bn` for batch norm; `p2` (2×2
 * max pooling, stride 2), with `s1` for another stride.
 */
export function describeFeature(f: FeatureLayerSpec): string {
  if (f.kind === 'pool') return `p${f.size}${f.stride !== f.size ? `s${f.stride}` : ''}`;
  return `c${f.filters}k${f.size}${f.stride !== 1 ? `s${f.stride}` : ''}${f.padding !== Math.floor(f.size / 2) ? `pad${f.padding}` : ''}${f.batchNorm ? 'bn' : ''}`;
}

/** The hidden layers alone, as in describeNetwork: `256bn-128d0.4`. */
export function describeLayers(hidden: readonly HiddenLayerSpec[]): string {
  return hidden.map((h) => `${h.units}${h.batchNorm ? 'bn' : ''}${h.dropout > 0 ? `d${h.dropout}` : ''}`).join('-');
}

/** The hidden layers' activations: `relu` when they all have the same, else each in order, `relu,sigmoid`. */
export function describeActivations(spec: Pick<NetworkSpec, 'hidden' | 'features'>): string {
  const all = [...featuresOf(spec).flatMap((f) => (f.kind === 'conv' ? [f.activation] : [])), ...spec.hidden.map((h) => h.activation)];
  const kinds = [...new Set(all)];
  return kinds.length === 1 ? kinds[0]! : all.join(',');
}
