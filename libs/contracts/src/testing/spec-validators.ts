/* Validators of the documents the contract generates, for tests (their packages are development dependencies): not exported by the library. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { schemas as asyncApiSpecs } from '@asyncapi/specs';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** A validator of AsyncAPI 3.0 documents: the specification's own JSON Schema (@asyncapi/specs), with ajv. */
export function asyncApiSchemaValidator(): ValidateFunction {
  // The specification bundles draft-07's meta-schema, which ajv already knows.
  const { 'http://json-schema.org/draft-07/schema': _draft07, ...definitions } = asyncApiSpecs['3.0.0'].definitions as Record<string, object>;
  return addFormats(new Ajv({ strict: false, allErrors: true })).compile({ ...asyncApiSpecs['3.0.0'], definitions });
}

export interface OpenApiVerdict {
  valid: boolean;
  errors?: unknown;
}

// @seriousme/openapi-schema-validator is ESM only, which Jest on Node 20 cannot load: it runs in a Node of its own.
const VALIDATE_ALL = `
import { Validator } from '@seriousme/openapi-schema-validator';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const validator = new Validator(); // one instance: its schema compiled once
const verdicts = {};
for (const [name, document] of Object.entries(JSON.parse(input))) verdicts[name] = await validator.validate(document);
process.stdout.write(JSON.stringify(verdicts));
`;

/**
 * Validates OpenAPI documents, by name, with a real OpenAPI validator (@seriousme/openapi-schema-validator:
 * the OpenAPI Initiative's JSON Schema of the document's version, and every $ref resolved).
 */
export function validateOpenApiDocuments(documents: Record<string, unknown>): Promise<Record<string, OpenApiVerdict>> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', VALIDATE_ALL], { cwd: join(__dirname, '../../../..'), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the OpenAPI validator failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as Record<string, OpenApiVerdict>);
    });
    child.stdin?.end(JSON.stringify(documents));
  });
}
