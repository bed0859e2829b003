// The JSON Schemas of the contract, read once from schemas/. They stay JSON files (never inlined
// in TypeScript) so that other tools (Prism, OpenAPI export) read exactly the same documents.
import { readFileSync } from 'node:fs';

export type JsonSchema = Record<string, unknown>;

export const schemaFolder = new URL('../schemas/', import.meta.url);

export function readSchemaFile(name: string): JsonSchema {
  return JSON.parse(readFileSync(new URL(name, schemaFolder), 'utf8')) as JsonSchema;
}

export const requestSchema = readSchemaFile('user-update-request.schema.json');
export const responseSchema = readSchemaFile('user-private-response.schema.json');
export const errorSchema = readSchemaFile('error.schema.json');
export const resultsSchema = readSchemaFile('results.schema.json');
