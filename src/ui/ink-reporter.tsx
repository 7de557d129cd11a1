import { render, type Instance } from 'ink';
import { useSyncExternalStore } from 'react';
import type { TrainEvent } from '../train/events.js';
import { RunView } from './components/run-view.js';
import type { Reporter, RunEnd, RunStart } from './reporter.js';
import { applyEvent, initialRunViewState, type RunViewState } from './run-state.js';

/**
 * The view redraws at most this often. Each redraw is a React commit, and Ink renders the
 * whole view to a string at every commit, on the training loop's thread, which waits (and
 * with it the helper thread): 10–15 ms a frame on this machine once the code is compiled,
 * 25–45 ms before.
 */
const FRAME_MS = 200;
/**
 * The share of the time the frames may take: after a frame that took d ms, the next waits
 * at least d / UI_SHARE ms. Slow frames (cold code, a slow terminal) come less often, so
 * the view never costs the training loop much more than this.
 */
const UI_SHARE = 0.04;

/** The terminal UI: an Ink app fed by the training loop's events, redrawn once a frame. */
export class InkReporter implements Reporter {
  /** What the view shows: every event is folded in at once, and React sees it at the next frame. */
  private state: RunViewState = initialRunViewState;
  /** What React last rendered. */
  private shown: RunViewState = initialRunViewState;
  /** How long the last frame kept the loop waiting (ms): React's commit and Ink's render. */
  private frameCost = 0;
  private readonly listeners = new Set<() => void>();
  private instance: Instance | undefined;
  private epochStartedAt = performance.now();
  private lastFrameAt = 0;
  private frameTimer: NodeJS.Timeout | undefined;

  constructor(private readonly requestStop: () => void) {}

  /** Takes the new state; draws it now when a frame is due (or `now`), else at the next frame. */
  private set(next: RunViewState, now = false): void {
    this.state = next;
    const wait = this.lastFrameAt + Math.max(FRAME_MS, this.frameCost / UI_SHARE) - performance.now();
    if (now || wait <= 0) this.draw();
    else this.frameTimer ??= setTimeout(() => this.draw(), wait).unref();
  }

  private draw(): void {
    clearTimeout(this.frameTimer);
    this.frameTimer = undefined;
    const started = (this.lastFrameAt = performance.now());
    if (this.shown === this.state) return;
    this.shown = this.state;
    for (const l of this.listeners) l();
    // React commits in a microtask, and Ink renders in the commit: both are done by the next turn.
    setImmediate(() => (this.frameCost = performance.now() - started));
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
