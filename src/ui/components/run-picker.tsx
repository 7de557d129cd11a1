import { Box, Text, useInput, useStdin } from 'ink';
import { useState } from 'react';
import { resumableLine, type ResumableRun } from '../resumable.js';

/** Arrow keys move, Enter picks, q or Esc cancels. */
export function RunPicker(props: {
  runs: readonly ResumableRun[];
  onPick: (runId: number) => void;
  onCancel: () => void;
  color: boolean;
}) {
  const [cursor, setCursor] = useState(0);
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      if (key.upArrow) setCursor((c) => Math.max(0, c - 1));
      else if (key.downArrow) setCursor((c) => Math.min(props.runs.length - 1, c + 1));
      else if (key.return) props.onPick(props.runs[cursor]!.id);
      else if (input === 'q' || key.escape || (key.ctrl && input === 'c')) props.onCancel();
    },
    { isActive: isRawModeSupported === true },
  );
  return (
    <Box flexDirection="column">
      <Text bold>Resume which run?</Text>
      {props.runs.map((run, k) => (
        <Text key={run.id} color={k === cursor && props.color ? 'cyan' : undefined} inverse={k === cursor && !props.color}>
          {k === cursor ? '▸' : ' '}
          {resumableLine(run)}
        </Text>
      ))}
      <Text dimColor>↑/↓ choose · Enter resume · q or Esc cancel</Text>
    </Box>
  );
}
