import { readFileSync } from 'node:fs';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const schemaPath = new URL('../schemas/experiment.schema.json', import.meta.url);

/**
 * ajv runs with `useDefaults`, so after validation every property that has a `default` is
 * present. The type of a validated experiment is therefore the schema with those
 * properties made required.
 */
function withDefaultsRequired(schema: JSONSchema): JSONSchema {
  if (typeof schema !== 'object' || schema === null || !schema.properties) return schema;
  const properties: Record<string, JSONSchema> = {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  for (const [key, sub] of Object.entries(schema.properties)) {
    properties[key] = withDefaultsRequired(sub as JSONSchema);
    if (typeof sub === 'object' && sub !== null && 'default' in sub) required.add(key);
  }
  return { ...schema, properties, required: [...required] };
}

/** The source text of src/config/experiment.generated.ts. */
export async function experimentTypesSource(): Promise<string> {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as JSONSchema;
  delete schema.$id;
  return compile(withDefaultsRequired(schema), 'Experiment', {
    bannerComment:
      '/* Generated from schemas/experiment.schema.json by `npm run gen:types`. Do not edit.\n' +
      ' * Experiment is a validated experiment: properties with a default are always present. */',
    additionalProperties: false,
    declareExternallyReferenced: true,
    style: { singleQuote: true, printWidth: 100 },
  });
}
