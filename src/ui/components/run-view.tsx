import { Box, Static, Text, useApp, useInput, useStdin, useStdout } from 'ink';
import { useEffect } from 'react';
import { epochLine, formatLoss, settingsLine, stoppedLine } from '../reporter.js';
import type { RunViewState } from '../run-state.js';
import { LossChart } from './loss-chart.js';
import { ProgressBar } from './progress-bar.js';

export interface RunViewProps {
  state: RunViewState;
  /** Asks the run to stop after the current batch (q, Ctrl-C). */
  onStop: () => void;
  /** false under NO_COLOR. */
  color: boolean;
}

/** The live view of a training run: header, finished epochs, progress, chart, keys. */
export function RunView({ state, onStop, color }: RunViewProps) {
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const { stdout } = useStdout();
  const width = Math.max(40, Math.min(stdout.columns || 80, 100));
  useInput(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) onStop();
    },
    { isActive: isRawModeSupported === true && state.end === null },
  );
  useEffect(() => {
    // Deferred, so the last frame is drawn before Ink lets go (see PITFALLS).
    if (state.end !== null) setTimeout(exit, 0);
  }, [state.end, exit]);

  const { start, progress, end } = state;
  if (start === null) return null;
  const { experiment } = start;
  const tint = (c: string) => (color ? c : undefined);
  return (
    <Box flexDirection="column" width={width}>
      <Static items={state.epochs.map((e) => ({ ...e, key: `${e.epoch}` }))}>
        {(e) => <Text key={e.key}>{epochLine(e.epoch, e.epochs, e.crossEntropy, e.seconds, e.validation)}</Text>}
      </Static>
      <Box flexDirection="column" borderStyle="round" borderColor={tint('cyan')} paddingX={1}>
        <Text bold>
          run {start.runId}: {experiment.name}
          {start.resumedAfter !== null ? ` (resumed after epoch ${start.resumedAfter})` : ''}
        </Text>
        <Text wrap="truncate-end">{settingsLine(experiment)}</Text>
        <Text wrap="truncate-end" dimColor>
          data: {start.data}
        </Text>
        <Text wrap="truncate-end" dimColor>
          db: {start.db}
        </Text>
      </Box>
      {progress !== null && end === null && (
        <Box flexDirection="column" marginTop={1}>
          <Text>
            epoch {progress.epoch}/{progress.epochs}  batch {progress.batch}/{progress.batches}
            {Number.isFinite(progress.meanLoss) ? `  cross-entropy ${formatLoss(progress.meanLoss)} (running mean)` : ''}
          </Text>
          <ProgressBar done={progress.batch} total={progress.batches} width={Math.max(10, width - 8)} />
          <Text dimColor>
            {Math.round(progress.samplesPerSecond).toLocaleString('en-US')} samples/s  ETA epoch {duration(progress.etaEpoch)}  run{' '}
            {duration(progress.etaRun)}
          </Text>
        </Box>
      )}
      <Box marginTop={1}>
        <LossChart
          losses={state.epochs.map((e) => e.crossEntropy)}
          current={end === null ? (progress?.meanLoss ?? null) : null}
          width={width}
          height={6}
        />
      </Box>
      {end === null ? (
        <Text dimColor>{state.stopping ? 'stopping after this batch…' : 'q or Ctrl-C: stop after this batch (resume later with runner resume)'}</Text>
      ) : end.status === 'completed' ? (
        <Text color={tint('green')}>
          run {end.runId} completed: {end.epochs} epochs in {end.seconds.toFixed(1)}s
          {end.crossEntropy !== null ? `, final cross-entropy ${formatLoss(end.crossEntropy)}` : ''}
        </Text>
      ) : end.status === 'interrupted' ? (
        <Text color={tint('yellow')}>{stoppedLine(end)}</Text>
      ) : (
        <Text color={tint('red')}>
          run {end.runId} failed: {end.error}
        </Text>
      )}
    </Box>
  );
}

/** `1m 05s`, `12s`, `–` while unknown. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
