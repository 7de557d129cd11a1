import { render, type Instance } from 'ink';
import { useSyncExternalStore } from 'react';
import type { TrainEvent } from '../train/events.js';
import { RunView } from './components/run-view.js';
import type { Reporter, RunEnd, RunStart } from './reporter.js';
import { applyEvent, initialRunViewState, type RunViewState } from './run-state.js';

const FRAME_MS = 100;

/** The terminal UI: an Ink app fed by the training loop's events. */
export class InkReporter implements Reporter {
  private state: RunViewState = initialRunViewState;
  private readonly listeners = new Set<() => void>();
  private instance: Instance | undefined;
  private epochStartedAt = performance.now();
  private lastFrameAt = 0;

  constructor(private readonly requestStop: () => void) {}

  private set(next: RunViewState): void {
    this.state = next;
    for (const l of this.listeners) l();
  }

  private readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  runStart(run: RunStart): void {
    this.set({ ...this.state, start: run });
    const color = !process.env.NO_COLOR;
    const Live = () => {
      const state = useSyncExternalStore(this.subscribe, () => this.state);
      return <RunView state={state} onStop={this.requestStop} color={color} />;
    };
    this.instance = render(<Live />, { exitOnCtrlC: false, patchConsole: false, maxFps: 1000 / FRAME_MS });
  }

  event(event: TrainEvent): void {
    const now = performance.now();
    // Ten frames a second is live enough; every frame costs the training loop time.
    if (event.type === 'progress' && now - this.lastFrameAt < FRAME_MS) return;
    this.lastFrameAt = now;
    if (event.type === 'epoch-start') this.epochStartedAt = now;
    this.set(applyEvent(this.state, event, now, this.epochStartedAt));
  }

  stopping(): void {
    this.set({ ...this.state, stopping: true });
  }

  finished(run: RunEnd): void {
    this.set({ ...this.state, end: run });
  }

  /** Resolves once the last frame is drawn and Ink has let the terminal go. */
  async close(): Promise<void> {
    await this.instance?.waitUntilExit();
  }
}
