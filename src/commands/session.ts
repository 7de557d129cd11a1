import type { Experiment } from '../config/experiment.generated.js';
import type { ImageSet } from '../data/dataset.js';
import { ExitCode, RunFailedError, RunnerError, StoreUnavailableError } from '../errors.js';
import type { DbChoice } from '../store/open.js';
import { livenessSettings } from '../store/ownership.js';
import type { Store } from '../store/store.js';
import type { TrainEvent } from '../train/events.js';
import { DivergedError, train, type TrainState } from '../train/loop.js';
import { JsonReporter } from '../ui/json-reporter.js';
import { PlainReporter } from '../ui/plain-reporter.js';
import type { Reporter } from '../ui/reporter.js';

export type { DbChoice } from '../store/open.js';

/**
 * This process's claim on its run was superseded: it went silent past the grace period
 * (frozen, cut off) and another worker took the run over. Nothing more of it is written.
 */
export class TakenOverError extends RunnerError {
  readonly exitCode = ExitCode.runFailed;
  constructor(readonly runId: number) {
    super(`run ${runId} was taken over by another runner while this one was silent; it stops here, writing nothing more`);
  }
}

/** A run that exists in the store, ready to train from `state`. */
export interface Session {
  store: Store;
  db: DbChoice;
  runId: number;
  /** The claim this process holds on the run: every write is fenced by it. */
  generation: number;
  experiment: Experiment;
  train: ImageSet;
  /** The held-out images scored after every epoch (data.validation), or null. */
  validation: ImageSet | null;
  /** How the data reads in the header. */
  dataLine: string;
  state: TrainState;
  /** For a resumed run, the epoch of the checkpoint it continues from; null for a new run. */
  resumedAfter: number | null;
  ui: UiMode;
}

/** How a run shows itself: the Ink UI in a terminal, plain lines otherwise, or JSON lines. */
export type UiMode = 'ink' | 'plain' | 'json';

/** The Ink UI only where a person watches: stdout a terminal, not CI, not --plain or --json. */
export function uiMode(flags: { plain?: boolean; json?: boolean }): UiMode {
  if (flags.json) return 'json';
  if (flags.plain || process.stdout.isTTY !== true || process.env.CI) return 'plain';
  return 'ink';
}

/**
 * How often a training process marks its run alive between epochs: every 5 s, and well
 * inside the shortest grace period a claimer may allow ($RUNNER_GRACE_SECONDS).
 */
function heartbeatMs(): number {
  return Math.min(5000, (livenessSettings().graceFloorSeconds * 1000) / 4);
}

let sessions = 0;

/** Whether a session is training in this process: its own SIGINT and SIGTERM handlers stop it after the batch. */
export function sessionRunning(): boolean {
  return sessions > 0;
}

/**
 * Trains a session's run to its end and records it: every epoch's row, weights and PRNG
 * state in one transaction, committed before the next epoch begins, then the final
 * status. SIGINT or SIGTERM stops at the next batch boundary (a second one quits at once);
 * the run is then `interrupted` and the exit code 130. A write refused because the run
 * was taken over (TakenOverError) stops it at once. Closes the store.
 */
export async function runSession(s: Session): Promise<number> {
  const { store, runId, generation, experiment, state } = s;
  const stop = new AbortController();
  let takenOver = false;
  const requestStop = () => {
    if (stop.signal.aborted) {
      // Asked twice: quit now. Every finished epoch is already committed.
      setTimeout(() => process.exit(ExitCode.interrupted), 2000).unref();
      void store.finishRun(runId, generation, 'interrupted', null).finally(() => process.exit(ExitCode.interrupted));
      return;
    }
    stop.abort();
    reporter.stopping();
  };
  const reporter: Reporter =
    s.ui === 'json'
      ? new JsonReporter(process.stdout)
      : s.ui === 'plain'
        ? new PlainReporter(process.stdout)
        : // Loaded only when used: merely importing Ink and React slowed the plain loop by a third.
          new (await import('../ui/ink-reporter.js')).InkReporter(requestStop);
  const resumeCommand = `runner resume ${runId}${s.db.fromFlag ? ` --db ${s.db.label}` : ''}`;
  reporter.runStart({ runId, experiment, data: s.dataLine, db: s.db.label, resumedAfter: s.resumedAfter });

  const started = performance.now();
  let lastLoss: number | null = null;
  const end = async (status: 'completed' | 'interrupted' | 'failed', error: string | null, writable = !takenOver) => {
    // A run taken over is the new owner's to finish; a store that is gone takes nothing.
    if (writable) await store.finishRun(runId, generation, status, error);
    reporter.finished({
      runId,
      status,
      epochs: state.epoch,
      epochsPlanned: experiment.epochs,
      crossEntropy: lastLoss,
      seconds: (performance.now() - started) / 1000,
      error,
      resumeCommand,
    });
    await (writable ? store.close() : store.close().catch(() => {}));
  };
  const fenced = () => {
    takenOver = true;
    stop.abort();
  };

  process.on('SIGINT', requestStop);
  process.on('SIGTERM', requestStop);
  sessions++;

  const beatEvery = heartbeatMs();
  let lastBeat = performance.now();
  const recordEpoch = async (event: Extract<TrainEvent, { type: 'epoch-end' }>) => {
    const storing = performance.now();
    const written = await store.recordEpoch(runId, generation, event, event.params.tensors(), event.rng.saveState(), event.optimizer);
    event.phases.store = (performance.now() - storing) / 1000;
    if (written === 'fenced') return fenced();
    lastLoss = event.crossEntropy;
    lastBeat = performance.now();
    reporter.event(event);
  };
  try {
    const outcome = await train(
      experiment,
      s.train,
      state,
      (event) => {
        if (event.type === 'epoch-end') return recordEpoch(event);
        if (event.type === 'progress' && performance.now() - lastBeat > beatEvery) {
          lastBeat = performance.now();
          // Not awaited: the next epoch's commit reports a store that has gone away.
          store.heartbeat(runId, generation).then(
            (beat) => beat === 'fenced' && fenced(),
            () => {},
          );
        }
        reporter.event(event);
      },
      stop.signal,
      s.validation,
    );
    if (takenOver) throw new TakenOverError(runId);
    await end(outcome, null);
    await reporter.close();
    return outcome === 'completed' ? ExitCode.ok : ExitCode.interrupted;
  } catch (e) {
    if (takenOver || e instanceof StoreUnavailableError) {
      // Taken over, or the store itself is gone: nothing more can be written.
      await end('failed', (e as Error).message, false);
      await reporter.close();
      throw takenOver ? new TakenOverError(runId) : e;
    }
    const reason = e instanceof DivergedError ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
    await end('failed', reason);
    await reporter.close();
    if (e instanceof DivergedError) throw new RunFailedError(runId, reason);
    throw e;
  } finally {
    process.off('SIGINT', requestStop);
    process.off('SIGTERM', requestStop);
    sessions--;
  }
}
