import './force-color.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { LossChart, lossChartLines } from '../src/ui/components/loss-chart.js';
import { ProgressBar } from '../src/ui/components/progress-bar.js';
import { RunPicker } from '../src/ui/components/run-picker.js';
import { duration, RunView } from '../src/ui/components/run-view.js';
import type { RunEnd, RunStart } from '../src/ui/reporter.js';
import { applyEvent, initialRunViewState, type RunViewState } from '../src/ui/run-state.js';
import type { Experiment } from '../src/config/experiment.generated.js';
import { SweepView } from '../src/ui/components/sweep-view.js';
import { applyTrialLine, etaSeconds, viewOrder, type SweepViewState, type TrialRow } from '../src/ui/sweep-state.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));
/** Lets Ink parse a key sequence and React re-render. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

test('the progress bar at 0%, 50% and 100%', () => {
  const frame = (done: number) => render(<ProgressBar done={done} total={600} width={20} />).lastFrame();
  assert.equal(frame(0), `${'░'.repeat(20)}   0%`);
  assert.equal(frame(300), `${'█'.repeat(10)}${'░'.repeat(10)}  50%`);
  assert.equal(frame(600), `${'█'.repeat(20)} 100%`);
  assert.equal(frame(75), `██▌${'░'.repeat(17)}  12%`);
});

test('the loss chart with 1 epoch and with 10, plus the running mean', () => {
  const one = render(<LossChart losses={[1.25]} current={null} width={80} height={4} />).lastFrame()!;
  assert.deepEqual(one.split('\n'), ['1.250000 │█', '         │█', '         │█', '       0 │█', '         └──', '          epochs 1–1']);

  const report = [1.2626, 0.7388, 0.5739, 0.4952, 0.432, 0.4047, 0.3797, 0.3649, 0.3422, 0.3346];
  const ten = render(<LossChart losses={report} current={0.33} width={80} height={6} />).lastFrame()!.split('\n');
  assert.equal(ten.length, 8);
  assert.equal(ten[0], '1.262600 │█');
  // Eleven columns: ten epochs and the current one; heights fall with the loss.
  assert.equal(ten[6], `         └${'─'.repeat(22)}`);
  assert.equal(ten[7], '          epochs 1–11 (last: current epoch, running mean)');
  const heights = Array.from({ length: 11 }, (_, k) => ten.slice(0, 6).filter((row) => row[10 + 2 * k] !== " " && row[10 + 2 * k] !== undefined).length);
  assert.deepEqual(heights, [6, 4, 3, 3, 2, 2, 2, 2, 2, 2, 2]);
  for (const line of ten) assert.ok(line.length <= 80, `fits 80 columns: ${line}`);
});

test('a narrow chart keeps the newest epochs', () => {
  const losses = Array.from({ length: 50 }, (_, k) => 1 / (k + 1));
  const lines = lossChartLines(losses, null, 40, 4);
  assert.equal(lines.at(-1), '          epochs 37–50');
  for (const line of lines) assert.ok(line.length <= 40, line);
});

const experiment: Experiment = {
  name: 'baseline',
  seed: 0,
  units: 32,
  batch_size: 100,
  epochs: 10,
  learning_rate: 0.01,
  init_scale: 'fan_in',
  activation: 'sigmoid',
  batches_per_epoch: 600,
  data: { dataset: 'mnist', normalize: false },
};
const start: RunStart = { runId: 7, experiment, data: 'mnist (60000 train)', db: 'runs/runs.db', resumedAfter: null };

function midRun(): RunViewState {
  let state: RunViewState = { ...initialRunViewState, start };
  state = applyEvent(state, { type: 'epoch-start', epoch: 1, epochs: 10, batches: 600 }, 0, 0);
  state = applyEvent(state, { type: 'progress', epoch: 1, epochs: 10, batch: 300, batches: 600, meanLoss: 1.5 }, 500, 0);
  return state;
}

test('the run view shows the header, progress with rate and ETAs, and the keys', () => {
  const state = midRun();
  assert.equal(state.progress!.samplesPerSecond, 60000); // 300 batches of 100 in 0.5 s
  assert.equal(state.progress!.etaEpoch, 0.5);
  assert.equal(state.progress!.etaRun, 9.5);
  const frame = render(<RunView state={state} onStop={() => {}} color={false} />).lastFrame()!;
  assert.match(frame, /run 7: baseline/);
  assert.match(frame, /units 32 \(sigmoid\), batch 100, lr 0\.01, epochs 10, seed 0/);
  assert.match(frame, /epoch 1\/10 {2}batch 300\/600 {2}cross-entropy 1\.500000 \(running mean\)/);
  assert.match(frame, /50%/);
  assert.match(frame, /60,000 samples\/s {2}ETA epoch 1s {2}run 10s/);
  assert.match(frame, /q or Ctrl-C: stop after this batch/);
  assert.doesNotMatch(frame, /\x1b\[3\dm/, 'no colour codes with color=false');
});

test('q and Ctrl-C ask the run to stop', async () => {
  let stops = 0;
  const view = render(<RunView state={midRun()} onStop={() => stops++} color={false} />);
  await tick();
  view.stdin.write('x');
  await tick();
  assert.equal(stops, 0);
  view.stdin.write('q');
  await tick();
  assert.equal(stops, 1);
  view.stdin.write('\x03');
  await tick();
  assert.equal(stops, 2);
  view.unmount();
});

test('finished epochs stay listed; the end says completed, stopped, or failed in red', () => {
  let state = midRun();
  state = applyEvent(
    state,
    { type: 'epoch-end', epoch: 1, epochs: 10, crossEntropy: 1.243793, seconds: 0.93, phases: null!, validation: null, params: null!, rng: null!, optimizer: null! },
    930,
    0,
  );
  const end: RunEnd = {
    runId: 7,
    status: 'interrupted',
    epochs: 1,
    epochsPlanned: 10,
    crossEntropy: 1.243793,
    seconds: 1.2,
    error: null,
    resumeCommand: 'runner resume 7',
  };
  const stopped = render(<RunView state={{ ...state, end }} onStop={() => {}} color={false} />).lastFrame()!;
  assert.match(stopped, /^epoch 1\/10 {2}cross-entropy 1\.243793 {2}0\.93s$/m);
  assert.match(stopped, /stopped after epoch 1\/10; resume with: runner resume 7/);

  const failed = { ...end, status: 'failed' as const, error: 'loss became NaN at epoch 2, batch 3; try a smaller learning_rate' };
  const red = render(<RunView state={{ ...state, end: failed }} onStop={() => {}} color={true} />).lastFrame()!;
  assert.match(red, /\x1b\[31mrun 7 failed: loss became NaN at epoch 2, batch 3; try a smaller learning_rate/);
  const plain = render(<RunView state={{ ...state, end: failed }} onStop={() => {}} color={false} />).lastFrame()!;
  assert.doesNotMatch(plain, /\x1b\[31m/);
});

test('the resume picker: arrows move, Enter picks, q cancels', async () => {
  const runs = [
    { id: 9, name: 'relu', status: 'interrupted', epochsDone: 4, epochs: 10, lastCrossEntropy: 0.2 },
    { id: 7, name: 'baseline', status: 'running', epochsDone: 2, epochs: 10, lastCrossEntropy: 0.717582 },
    { id: 3, name: 'fresh', status: 'interrupted', epochsDone: 0, epochs: 5, lastCrossEntropy: null },
  ];
  const picks: number[] = [];
  let cancels = 0;
  const view = render(<RunPicker runs={runs} onPick={(id) => picks.push(id)} onCancel={() => cancels++} color={false} />);
  await settle();
  const frame = stripVTControlCharacters(view.lastFrame()!);
  assert.match(frame, /^Resume which run\?$/m);
  assert.match(frame, /9 {2}relu {2}4\/10 epochs {2}cross-entropy 0\.200000 {2}interrupted/);
  assert.match(frame, /7 {2}baseline {2}2\/10 epochs {2}cross-entropy 0\.717582 {2}process gone/);
  assert.match(frame, /3 {2}fresh {2}0\/5 epochs {2}no epoch yet {2}interrupted/);
  assert.match(frame, /^▸ {3}9 {2}relu/m);

  view.stdin.write('\u001B[B'); // down
  await settle();
  assert.match(stripVTControlCharacters(view.lastFrame()!), /^▸ {3}7 {2}baseline/m);
  view.stdin.write('\u001B[B');
  await settle();
  view.stdin.write('\u001B[B'); // stays on the last
  await settle();
  view.stdin.write('\u001B[A'); // up
  await settle();
  view.stdin.write('\r');
  await settle();
  assert.deepEqual(picks, [7]);
  view.stdin.write('q');
  await settle();
  assert.equal(cancels, 1);
  view.unmount();
});

test('durations read as a person says them', () => {
  assert.equal(duration(0.4), '0s');
  assert.equal(duration(65), '1m 05s');
  assert.equal(duration(Number.NaN), '–');
});

test('the sweep view: a row per trial, finished ones best first, an overall bar with an ETA; q stops', async () => {
  const rows: TrialRow[] = [0, 1, 2].map((index) => ({
    index,
    label: `units=${[16, 32, 64][index]}`,
    status: 'waiting',
    epoch: 0,
    epochs: 2,
    crossEntropy: null,
    testAccuracy: null,
  }));
  let state: SweepViewState = { sweepId: 4, name: 'grid', db: 'x.db', jobs: 2, trials: rows, epochsToTrain: 6, epochsTrained: 0, startedAt: 0, stopping: false };
  const lines: [number, Record<string, unknown>][] = [
    [0, { event: 'run-start', run_id: 9, resumed_after: null }],
    [1, { event: 'run-start', run_id: 10, resumed_after: 1 }],
    [0, { event: 'epoch', epoch: 1, epochs: 2, cross_entropy: 1.5 }],
    [0, { event: 'epoch', epoch: 2, epochs: 2, cross_entropy: 0.75 }],
    [0, { event: 'trial', status: 'evaluated', test_accuracy: 0.8 }],
    [1, { event: 'epoch', epoch: 2, epochs: 2, cross_entropy: 0.5 }],
    [1, { event: 'trial', status: 'evaluated', test_accuracy: 0.9 }],
  ];
  for (const [trial, e] of lines) state = applyTrialLine(state, trial, e);
  assert.deepEqual(state.trials.map((t) => t.status), ['completed', 'completed', 'waiting']);
  assert.equal(state.epochsToTrain, 5, 'trial 1 resumed after epoch 1: one epoch fewer to train');
  assert.equal(state.epochsTrained, 3);
  assert.deepEqual(viewOrder(state.trials).map((t) => t.index), [2, 1, 0], 'unfinished first, then the best');
  assert.equal(etaSeconds(state, 3000), 2, '3 epochs in 3 s, 2 to go');

  let stops = 0;
  const app = render(<SweepView state={state} now={3000} color={false} onStop={() => stops++} />);
  await tick();
  const frame = stripVTControlCharacters(app.lastFrame()!).split('\n');
  assert.equal(frame[0], 'sweep 4: grid, 3 trials, 2 at a time (x.db)');
  assert.match(frame[1]!, /^ {2}2 units=64 waiting {5}epoch 0\/2 {5}- {9}░{10} {3}0%$/);
  assert.match(frame[2]!, /^ {2}1 units=32 completed {3}epoch 2\/2 {5}0\.500000 {2}█{10} 100% {2}test 90\.00%$/);
  assert.match(frame[3]!, /^ {2}0 units=16 completed/);
  assert.match(frame[4]!, /^█{18}░{12} {2}60% 3\/5 epochs {2}ETA 2s$/);
  app.stdin.write('q');
  await settle();
  assert.equal(stops, 1);
  app.unmount();
});

test('a halving sweep\'s view: its rungs above the trials; a resumed trial\'s epochs stay in the plan', async () => {
  const rows: TrialRow[] = [0, 1, 2].map((index) => ({ index, label: `lr=${index}`, status: 'completed', epoch: 1, epochs: 1, crossEntropy: 1, testAccuracy: 0.5 }));
  const rungs = ['successive halving by val_cross_entropy, eta 3:', '  rung 0: 1 epoch, 3/3 reported, promoted 1', '  rung 1: 3 epochs, 0/1 reported'];
  let state: SweepViewState = { sweepId: 5, name: 'h', db: 'x.db', jobs: 1, trials: rows, epochsToTrain: 5, epochsTrained: 0, startedAt: 0, stopping: false, rungs };
  state = applyTrialLine(state, 1, { event: 'run-start', run_id: 2, resumed_after: 1 });
  assert.equal(state.epochsToTrain, 5, 'a promotion resumes after rung 0: the plan counts its epochs already');
  const app = render(<SweepView state={state} now={0} color={false} onStop={() => {}} />);
  await tick();
  const frame = stripVTControlCharacters(app.lastFrame()!).split('\n');
  assert.deepEqual(frame.slice(1, 4), rungs);
  assert.match(frame[4]!, /^ {2}1 lr=1 +running/);
  app.unmount();
});
