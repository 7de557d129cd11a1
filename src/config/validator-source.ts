/**
 * The experiment validator as source code (ajv's standalone output): compiling the schema
 * with ajv at every start took about 200 ms (loading ajv, checking the schema against
 * the JSON Schema meta-schema, generating the code). The generated module holds the same
 * code ajv would generate, and the SHA-256 of the schema text it came from, so schema.ts
 * uses it only for that very schema (and compiles the schema itself otherwise).
 *
 *   node --import tsx src/config/validator-source.ts    rewrites experiment-validator.generated.ts
 *   (test/config.test.ts fails when the committed file is stale)
 *
 * Only that command and the tests load this module; the runner never does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standalone from 'ajv/dist/standalone/index.js';
import { AJV_OPTIONS, SCHEMA_PATH, schemaSha256 } from './schema.js';

/** The text of src/config/experiment-validator.generated.ts for the schema as it is now. */
export function validatorSource(): string {
  const text = readFileSync(SCHEMA_PATH, 'utf8');
  const ajv = new Ajv2020({ ...AJV_OPTIONS, code: { source: true, esm: true, lines: true } });
  const code = standalone.default(ajv, ajv.compile(JSON.parse(text)));
  return [
    '// @ts-nocheck',
    '/* Generated from schemas/experiment.schema.json by `node --import tsx src/config/validator-source.ts`. Do not edit. */',
    `export const SCHEMA_SHA256 = '${schemaSha256(text)}';`,
    // The standalone code requires ajv's few runtime helpers (ucs2length) the CommonJS way.
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    code.replace(/^"use strict";/, ''),
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = fileURLToPath(new URL('./experiment-validator.generated.ts', import.meta.url));
  writeFileSync(out, validatorSource());
  console.log(`wrote ${out}`);
}
