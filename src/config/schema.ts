import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Experiment } from './experiment.generated.js';

/** schemas/experiment.schema.json: the single source of truth for experiment files. */
export const SCHEMA_PATH = new URL('../../schemas/experiment.schema.json', import.meta.url);

let compiled: ValidateFunction<Experiment> | undefined;

/**
 * The compiled validator. It fills in defaults (it mutates what it validates), reports all
 * errors, and never coerces types: YAML 1.2 already gives numbers and booleans their types.
 */
export function experimentValidator(): ValidateFunction<Experiment> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, useDefaults: true, verbose: true, strict: true, coerceTypes: false });
  compiled = ajv.compile<Experiment>(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  return compiled;
}

export type SchemaError = ErrorObject;
