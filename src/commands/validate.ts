import { expandTrials, isSweep } from '../config/sweep.js';
import { rungsOf } from '../config/halving.js';
import { plannedEpochs } from './halving-plan.js';
import { describeData, prepareExperiment, prepareTrial } from './prepare.js';

export const validateUsage = `Usage: runner validate FILE.yaml [--set key=value]... [--json]

Checks an experiment file against schemas/experiment.schema.json, that its data files
are readable (IDX files, or CIFAR-10's binary files), and that its conv and pooling
layers fit the images' shape. Writes nothing.

Options:
  --set key=value   override a key, as for training (repeatable)
  --json            print the validated experiment, defaults filled in, as JSON
  -h, --help        this text

Exit codes: 0 valid, 2 invalid (one line per problem on stderr, as file:line:col: message)
`;

export function validateCommand(args: { file: string; overrides: string[]; json: boolean }): number {
  const prepared = prepareExperiment(args.file, args.overrides);
  if (isSweep(prepared.loaded.experiment)) {
    // Every trial, as running the sweep would check them.
    const trials = expandTrials(prepared.loaded);
    for (const trial of trials) prepareTrial(prepared.loaded, prepared.dataset, trial);
    if (!args.json) {
      const { halving } = prepared.loaded.experiment;
      const rungs = halving
        ? `, halved by ${halving.metric}: ${rungsOf(halving, trials.length).map((r) => `${r.size} × ${r.epochs}`).join(', ')} epochs, ${plannedEpochs(halving, trials.length)} in all`
        : '';
      process.stdout.write(`${args.file}: ok (a sweep of ${trials.length} trials${rungs}; data: ${describeData(prepared.dataset, prepared.experiment, prepared.loaded.dir)})\n`);
      return 0;
    }
  }
  if (args.json) process.stdout.write(`${JSON.stringify(prepared.experiment, null, 2)}\n`);
  else process.stdout.write(`${args.file}: ok (${prepared.experiment.name}; data: ${describeData(prepared.dataset, prepared.experiment, prepared.loaded.dir)})\n`);
  return 0;
}
