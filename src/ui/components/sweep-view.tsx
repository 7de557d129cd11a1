import { Box, Text, useInput, useStdin } from 'ink';
import { formatLoss, formatPercent } from '../reporter.js';
import { etaSeconds, viewOrder, type SweepViewState, type TrialRow } from '../sweep-state.js';
import { progressBarText } from './progress-bar.js';

const STATUS_COLOR: Record<TrialRow['status'], string | undefined> = {
  waiting: 'gray',
  running: 'cyan',
  completed: 'green',
  done: 'green',
  busy: 'yellow',
  failed: 'red',
  interrupted: 'yellow',
  error: 'red',
};

/** A sweep in the terminal: one row per trial (finished ones best first), and an overall bar with an ETA. */
export function SweepView(props: { state: SweepViewState; now: number; color: boolean; onStop: () => void }) {
  const { state, now, color } = props;
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) props.onStop();
    },
    { isActive: isRawModeSupported === true },
  );
  const labelWidth = Math.max(5, ...state.trials.map((t) => t.label.length));
  const eta = etaSeconds(state, now);
  return (
    <Box flexDirection="column">
      <Text bold>
        sweep {state.sweepId}: {state.name}, {state.trials.length} trials, {state.jobs} at a time{' '}
        <Text dimColor>({state.db})</Text>
      </Text>
      {(state.rungs ?? []).map((line, k) => (
        <Text key={`rung-${k}`} dimColor={k === 0}>
          {line}
        </Text>
      ))}
      {viewOrder(state.trials).map((t) => (
        <Text key={t.index}>
          {String(t.index).padStart(3)} {t.label.padEnd(labelWidth)}{' '}
          <Text color={color ? STATUS_COLOR[t.status] : undefined}>{t.status.padEnd(11)}</Text>
          {` epoch ${`${t.epoch}/${t.epochs}`.padEnd(7)}`}
          {` ${t.crossEntropy === null ? '-'.padEnd(9) : formatLoss(t.crossEntropy).padEnd(9)}`}
          {` ${progressBarText(t.epoch, t.epochs, 10)}`}
          {t.testAccuracy === null ? '' : `  test ${formatPercent(t.testAccuracy)}`}
        </Text>
      ))}
      <Text>
        {progressBarText(state.epochsTrained, state.epochsToTrain, 30)} {state.epochsTrained}/{state.epochsToTrain} epochs
        {eta === null ? '' : `  ETA ${eta.toFixed(0)}s`}
      </Text>
      <Text dimColor>{state.stopping ? 'stopping every trial after its batch…' : 'q or Ctrl-C: stop every trial after its batch (run the file again to continue)'}</Text>
    </Box>
  );
}
