/**
 * Generates src/config/experiment.generated.ts from schemas/experiment.schema.json, so the
 * TypeScript type of a validated experiment cannot drift from the schema.
 *
 *   npm run gen:types          write the file
 *   (test/config-types.test.ts fails when the committed file is stale)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { experimentTypesSource } from './experiment-types.js';

const out = fileURLToPath(new URL('../src/config/experiment.generated.ts', import.meta.url));
writeFileSync(out, await experimentTypesSource());
console.log(`wrote ${out}`);
