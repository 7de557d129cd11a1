import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import type { Experiment } from './experiment.generated.js';
import * as generated from './experiment-validator.generated.js';

/** schemas/experiment.schema.json: the single source of truth for experiment files. */
export const SCHEMA_PATH = new URL('../../schemas/experiment.schema.json', import.meta.url);

/**
 * How ajv validates experiments: it fills in defaults (it mutates what it validates),
 * reports all errors, and never coerces types: YAML 1.2 already gives numbers and booleans
 * their types.
 */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, verbose: true, strict: true, coerceTypes: false } as const satisfies Options;

export function schemaSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

let compiled: ValidateFunction<Experiment> | undefined;

/**
 * The compiled validator: the code ajv generated for this schema ahead of time
 * (experiment-validator.generated.ts, see validator-source.ts), or, should the schema
 * have changed since, ajv compiling it now.
 */
export function experimentValidator(): ValidateFunction<Experiment> {
  if (compiled) return compiled;
  const text = readFileSync(SCHEMA_PATH, 'utf8');
  compiled = schemaSha256(text) === generated.SCHEMA_SHA256 ? (generated.validate as unknown as ValidateFunction<Experiment>) : compileSchema(text);
  return compiled;
}

/** ajv compiling the schema text, as the generated code was made. */
export function compileSchema(text: string): ValidateFunction<Experiment> {
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  return new Ajv2020(AJV_OPTIONS).compile<Experiment>(JSON.parse(text));
}

export type SchemaError = ErrorObject;
