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

export interface NetworkSpec {
  inputs: number;
  classes: number;
  hidden: readonly HiddenLayerSpec[];
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
  return `${spec.inputs}-${describeLayers(spec.hidden)}-${spec.classes}`;
}

/** The hidden layers alone, as in describeNetwork: `256bn-128d0.4`. */
export function describeLayers(hidden: readonly HiddenLayerSpec[]): string {
  return hidden.map((h) => `${h.units}${h.batchNorm ? 'bn' : ''}${h.dropout > 0 ? `d${h.dropout}` : ''}`).join('-');
}

/** The hidden layers' activations: `relu` when they all have the same, else each in order, `relu,sigmoid`. */
export function describeActivations(spec: Pick<NetworkSpec, 'hidden'>): string {
  const kinds = [...new Set(spec.hidden.map((h) => h.activation))];
  return kinds.length === 1 ? kinds[0]! : spec.hidden.map((h) => h.activation).join(',');
}
