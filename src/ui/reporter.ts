import type { Experiment } from '../config/experiment.generated.js';
import { describeOptimizer, featureLayersOf, hiddenLayersOf, optimizerOf } from '../config/network.js';
import { describeActivations, describeFeature, describeLayers } from '../nn/spec.js';
import type { TrainEvent, ValidationScore } from '../train/events.js';

/** What a run looks like to whoever watches it: the plain line reporter, JSON lines, later the Ink UI. */
export interface Reporter {
  runStart(run: RunStart): void;
  event(event: TrainEvent): void;
  /** A stop was asked for (a signal, or q in the UI); the run ends after this batch. */
  stopping(): void;
  finished(run: RunEnd): void;
  /** Resolves when the reporter is done with the terminal. */
  close(): Promise<void>;
}

export interface RunStart {
  runId: number;
  experiment: Experiment;
  /** e.g. "mnist (60000 train, 10000 test, raw 0..255 pixels)" */
  data: string;
  db: string;
  /** For a resumed run, the epoch it continues after. */
  resumedAfter: number | null;
}

export interface RunEnd {
  runId: number;
  status: 'completed' | 'interrupted' | 'failed';
  /** Epochs finished, and planned. */
  epochs: number;
  epochsPlanned: number;
  /** The last finished epoch's cross-entropy. */
  crossEntropy: number | null;
  seconds: number;
  error: string | null;
  /** The command that continues this run: `runner resume 7`. */
  resumeCommand: string;
}

/**
 * A cross-entropy in plain decimals with at least 6 significant digits (`0.573851`,
 * `1.262649`, `0.0123457`), never in exponent notation, so `cross-entropy \d+\.\d+` matches.
 */
export function formatLoss(value: number): string {
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  return value.toFixed(Number.isFinite(magnitude) && magnitude < -1 ? Math.min(100, 5 - magnitude) : 6);
}

/** The per-epoch line every reporter shares, and scripts grep: `epoch 3/10  cross-entropy 0.573851  0.41s`. */
export function epochLine(epoch: number, epochs: number, crossEntropy: number, seconds: number, validation: ValidationScore | null = null): string {
  const val = validation === null ? '' : `  val ${formatLoss(validation.crossEntropy)} (${formatPercent(validation.accuracy)})`;
  return `epoch ${epoch}/${epochs}  cross-entropy ${formatLoss(crossEntropy)}${val}  ${seconds.toFixed(2)}s`;
}

/**
 * The key settings of an experiment, on one line: for the report's network (one hidden
 * layer, plain SGD) `units 32 (sigmoid), batch 100, lr 0.01, …`; otherwise the hidden
 * layers and the optimizer, `layers 256bn-128d0.2 (relu), adam (lr 0.001, beta1 0.9, …), batch 100, …`.
 */
export function settingsLine(e: Experiment): string {
  const init = e.init_scale === 'fan_in' ? 'init sqrt(1/fan_in)' : `init std ${e.init_scale}`;
  const rest = `batch ${e.batch_size}, epochs ${e.epochs}, seed ${e.seed}, ${init}`;
  const optimizer = optimizerOf(e);
  if (e.layers === undefined && optimizer.name === 'sgd') {
    return `units ${e.units} (${e.activation}), batch ${e.batch_size}, lr ${optimizer.learningRate}, epochs ${e.epochs}, seed ${e.seed}, ${init}`;
  }
  const hidden = hiddenLayersOf(e);
  const features = featureLayersOf(e);
  const layers = [...features.map(describeFeature), ...(hidden.length > 0 ? [describeLayers(hidden)] : [])].join('-');
  return `layers ${layers} (${describeActivations({ hidden, features })}), ${describeOptimizer(optimizer)}, ${rest}`;
}

/** Said on stderr (not in the data on stdout) when a stop is asked for. */
export const STOPPING_LINE = 'stopping after this batch (press Ctrl-C again to quit at once)';

/** What a stopped run says: `stopped after epoch 4/10; resume with: runner resume 7`. */
export function stoppedLine(run: RunEnd): string {
  return `stopped after epoch ${run.epochs}/${run.epochsPlanned}; resume with: ${run.resumeCommand}`;
}

/** A fraction as a percentage with two decimals: 0.9123 → "91.23%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}
