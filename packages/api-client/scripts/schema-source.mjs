import { readFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';

const HEADER = '// Generated from openapi.json by scripts/generate.mjs. Do not edit by hand.\n\n';

/** The TypeScript source openapi-typescript makes of a document; the drift test compares it. */
export async function generateSchemaSource(documentPath) {
  const ast = await openapiTS(JSON.parse(readFileSync(documentPath, 'utf8')));
  return HEADER + astToString(ast);
}
