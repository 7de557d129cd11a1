import { render, type Instance } from 'ink';
import { useSyncExternalStore } from 'react';
import type { TrainEvent } from '../train/events.js';
import { RunView } from './components/run-view.js';
import type { Reporter, RunEnd, RunStart } from './reporter.js';
import { applyEvent, initialRunViewState, type RunViewState } from './run-state.js';

/**
 * The view redraws at most this often. Each redraw is a React commit, and Ink renders the
 * whole view to a string at every commit (about 10 ms on this machine), on the training
 * loop's thread: five a second keep the loop's cost under 5% of an epoch.
 */
const FRAME_MS = 200;

/** The terminal UI: an Ink app fed by the training loop's events, redrawn once a frame. */
export class InkReporter implements Reporter {
  /** What the view shows: every event is folded in at once, and React sees it at the next frame. */
  private state: RunViewState = initialRunViewState;
  /** What React last rendered. */
  private shown: RunViewState = initialRunViewState;
  private readonly listeners = new Set<() => void>();
  private instance: Instance | undefined;
  private epochStartedAt = performance.now();
  private lastFrameAt = 0;
  private frameTimer: NodeJS.Timeout | undefined;

  constructor(private readonly requestStop: () => void) {}

  /** Takes the new state; draws it now when a frame is due (or `now`), else at the next frame. */
  private set(next: RunViewState, now = false): void {
    this.state = next;
    const wait = this.lastFrameAt + FRAME_MS - performance.now();
    if (now || wait <= 0) this.draw();
    else this.frameTimer ??= setTimeout(() => this.draw(), wait).unref();
  }

  private draw(): void {
    clearTimeout(this.frameTimer);
    this.frameTimer = undefined;
    this.lastFrameAt = performance.now();
    if (this.shown === this.state) return;
    this.shown = this.state;
    for (const l of this.listeners) l();
  }

  private readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  runStart(run: RunStart): void {
    this.set({ ...this.state, start: run }, true);
    const color = !process.env.NO_COLOR;
    const Live = () => {
      const state = useSyncExternalStore(this.subscribe, () => this.shown);
      return <RunView state={state} onStop={this.requestStop} color={color} />;
    };
    this.instance = render(<Live />, { exitOnCtrlC: false, patchConsole: false, maxFps: 1000 / FRAME_MS });
  }

  event(event: TrainEvent): void {
    const now = performance.now();
    if (event.type === 'epoch-start') this.epochStartedAt = now;
    this.set(applyEvent(this.state, event, now, this.epochStartedAt));
  }

  stopping(): void {
    this.set({ ...this.state, stopping: true }, true);
  }

  finished(run: RunEnd): void {
    this.set({ ...this.state, end: run }, true);
  }

  /** Resolves once the last frame is drawn and Ink has let the terminal go. */
  async close(): Promise<void> {
    await this.instance?.waitUntilExit();
  }
}
