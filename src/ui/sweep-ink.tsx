import { render, type Instance } from 'ink';
import { useSyncExternalStore } from 'react';
import { SweepView } from './components/sweep-view.js';
import { applyTrialLine, endTrial, type SweepViewState, type TrialStatus } from './sweep-state.js';

const FRAME_MS = 100;

/** The sweep's terminal view: an Ink app fed with the trials' JSON lines. */
export class SweepInk {
  private state: SweepViewState;
  private readonly listeners = new Set<() => void>();
  private readonly instance: Instance;
  private readonly timer: NodeJS.Timeout;

  constructor(initial: SweepViewState, onStop: () => void) {
    this.state = initial;
    const color = !process.env.NO_COLOR;
    const subscribe = (listener: () => void) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    };
    const Live = () => {
      const state = useSyncExternalStore(subscribe, () => this.state);
      return <SweepView state={state} now={performance.now()} color={color} onStop={onStop} />;
    };
    this.instance = render(<Live />, { exitOnCtrlC: false, patchConsole: false, maxFps: 1000 / FRAME_MS });
    // The ETA moves between lines too.
    this.timer = setInterval(() => this.set({ ...this.state }), 500);
  }

  private set(next: SweepViewState): void {
    this.state = next;
    for (const l of this.listeners) l();
  }

  line(trial: number, e: Record<string, unknown>): void {
    this.set(applyTrialLine(this.state, trial, e));
  }

  ended(trial: number, status: TrialStatus): void {
    this.set(endTrial(this.state, trial, status));
  }

  /** A halving sweep's rungs, as they stand now. */
  rungs(lines: string[]): void {
    if (lines.join('\n') !== (this.state.rungs ?? []).join('\n')) this.set({ ...this.state, rungs: lines });
  }

  stopping(): void {
    this.set({ ...this.state, stopping: true });
  }

  /** Draws the last frame and lets the terminal go. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.set({ ...this.state });
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.instance.unmount();
    await this.instance.waitUntilExit();
  }
}
