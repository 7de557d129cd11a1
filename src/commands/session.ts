import type { Experiment } from '../config/experiment.generated.js';
import type { ImageSet } from '../data/dataset.js';
import { ExitCode, RunFailedError } from '../errors.js';
import type { RunStore } from '../store/runs.js';
import { DivergedError, train, type TrainState } from '../train/loop.js';
import { JsonReporter } from '../ui/json-reporter.js';
import { PlainReporter } from '../ui/plain-reporter.js';
import type { Reporter } from '../ui/reporter.js';

/** The run database as the user chose it: --db, else $RUNNER_DB, else runs/runs.db. */
export interface DbChoice {
  path: string;
  /** Given with --db, so a printed command must repeat it. */
  fromFlag: boolean;
}

/** A run that exists in the store, ready to train from `state`. */
export interface Session {
  store: RunStore;
  db: DbChoice;
  runId: number;
  experiment: Experiment;
  train: ImageSet;
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

/** How often a training process marks its run alive between epochs. */
const HEARTBEAT_MS = 5000;

/**
 * Trains a session's run to its end and records it: every epoch's row, weights and PRNG
 * state in one transaction, then the final status. SIGINT or SIGTERM stops at the next
 * batch boundary (a second one quits at once); the run is then `interrupted` and the exit
 * code 130. Closes the store.
 */
export async function runSession(s: Session): Promise<number> {
  const { store, runId, experiment, state } = s;
  const stop = new AbortController();
  const requestStop = () => {
    if (stop.signal.aborted) {
      // Asked twice: quit now. Every finished epoch is already committed.
      end('interrupted', null);
      process.exit(ExitCode.interrupted);
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
  const resumeCommand = `runner resume ${runId}${s.db.fromFlag ? ` --db ${s.db.path}` : ''}`;
  reporter.runStart({ runId, experiment, data: s.dataLine, db: s.db.path, resumedAfter: s.resumedAfter });

  const started = performance.now();
  let lastLoss: number | null = null;
  const end = (status: 'completed' | 'interrupted' | 'failed', error: string | null) => {
    store.finishRun(runId, status, error);
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
    store.db.close();
  };

  process.on('SIGINT', requestStop);
  process.on('SIGTERM', requestStop);

  let lastBeat = performance.now();
  try {
    const outcome = await train(
      experiment,
      s.train,
      state,
      (event) => {
        if (event.type === 'epoch-end') {
          const storing = performance.now();
          store.recordEpoch(runId, event, event.params.tensors(), event.rng.saveState(), event.optimizer);
          event.phases.store = (performance.now() - storing) / 1000;
          lastLoss = event.crossEntropy;
          lastBeat = performance.now();
        } else if (event.type === 'progress' && performance.now() - lastBeat > HEARTBEAT_MS) {
          store.heartbeat(runId);
          lastBeat = performance.now();
        }
        reporter.event(event);
      },
      stop.signal,
    );
    end(outcome, null);
    await reporter.close();
    return outcome === 'completed' ? ExitCode.ok : ExitCode.interrupted;
  } catch (e) {
    const reason = e instanceof DivergedError ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
    end('failed', reason);
    await reporter.close();
    if (e instanceof DivergedError) throw new RunFailedError(runId, reason);
    throw e;
  } finally {
    process.off('SIGINT', requestStop);
    process.off('SIGTERM', requestStop);
  }
}
