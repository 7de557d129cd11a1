import { render } from 'ink';
import { RunPicker } from './components/run-picker.js';
import type { ResumableRun } from './resumable.js';

/** Shows the picker in the terminal; resolves to the chosen run id, or null if cancelled. */
export async function pickRun(runs: readonly ResumableRun[]): Promise<number | null> {
  let picked: number | null = null;
  const instance = render(
    <RunPicker
      runs={runs}
      color={!process.env.NO_COLOR}
      onPick={(id) => {
        picked = id;
        instance.unmount();
      }}
      onCancel={() => instance.unmount()}
    />,
    { exitOnCtrlC: false, patchConsole: false },
  );
  await instance.waitUntilExit();
  return picked;
}
