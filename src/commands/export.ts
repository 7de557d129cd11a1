import { existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { writeNpz } from '../npz/npz.js';
import type { NpyDtype } from '../npz/npy.js';
import { parseRunId } from './open-existing.js';
import { readRunWeights } from './run-weights.js';
import type { DbChoice } from './session.js';
import { writeAtomically } from './write-file.js';

export const exportUsage = `Usage: runner export RUN_ID [--epoch N] -o FILE.npz [--dtype float64|float32] [--force] [--db PATH|URL]

Writes a run's weights in NumPy's .npz format, as the report saved them: for the
report's network w1.npy (units × 784), b1.npy (units), w2.npy (10 × units) and b2.npy
(10). A deeper network has w1, b1, …, wL, bL (L = hidden layers + 1, wK outputs ×
inputs), and a hidden layer K with batch norm bnK_gamma, bnK_beta, bnK_mean and bnK_var
(the statistics evaluation uses). In Python:

  m = np.load('FILE.npz'); W1, b1, W2, b2 = m['w1'], m['b1'], m['w2'], m['b2']

The report's forward pass, sigmoid(W1 @ x + b1) then softmax(W2 @ y1 + b2) with x the
raw 0..255 pixels (or / 255 for a normalize: true run), gives the runner's predictions;
the README gives the forward pass of a general network.

Options:
  --epoch N      the weights after epoch N (0: as initialised or imported; default: the last)
  -o, --output   the file to write
  --dtype T      float64 (the default, NumPy's own) or float32 (the values as trained,
                 half the size); both hold the trained float32 values exactly
  --force        overwrite FILE.npz if it exists
  --db PATH|URL  the run store: a SQLite file, or a postgresql:// URL
                 (default: $RUNNER_DB, else runs/runs.db)
  -h, --help     this text
`;

export interface ExportArgs {
  runId: string;
  epoch: string | undefined;
  output: string | undefined;
  dtype: string | undefined;
  force: boolean;
  db: DbChoice;
}

export async function exportCommand(args: ExportArgs): Promise<number> {
  const runId = parseRunId('export', args.runId);
  if (args.output === undefined || args.output === '') throw new UsageError('runner export: say where to write: -o FILE.npz');
  const dtype = args.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new UsageError(`runner export: --dtype must be float64 or float32 (got "${dtype}")`);
  }
  if (existsSync(args.output) && !args.force) {
    throw new UsageError(`runner export: ${args.output} already exists; --force overwrites it`);
  }
  const { run, epoch, params } = await readRunWeights(args.db, runId, args.epoch, 'export');
  const tensors = params.tensors();
  const bytes = writeNpz(tensors, dtype satisfies NpyDtype);
  writeAtomically(args.output, bytes, 'export');
  const shapes = tensors.map((t) => `${t.name} ${t.shape.join('×')}`).join(', ');
  process.stdout.write(`wrote ${args.output}: run ${runId} (${run.name}), weights after epoch ${epoch}, ${dtype}: ${shapes}\n`);
  return 0;
}
