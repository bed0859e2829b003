// The JSON Schemas of the contract and the one Ajv instance of the project. Every schema is
// read from schemas/ (never inlined in TypeScript) and compiled here, once; everything else
// validates through the functions exported below.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { ErrorBody, UserPrivateResponse, UserUpdateRequest } from './generated/schema-types.js';

export type { ErrorBody, UserPrivateResponse, UserUpdateRequest };
export type JsonSchema = Record<string, unknown>;

/** Where the schemas are read from. FLUXER_SCHEMAS_DIR points the whole suite at a changed copy
 * (the tests use it to show that arbitraries and checks follow the schema). */
export const schemaFolder = process.env.FLUXER_SCHEMAS_DIR
  ? new URL(`file://${process.env.FLUXER_SCHEMAS_DIR.replace(/\/?$/, '/')}`)
  : new URL('../schemas/', import.meta.url);

export function readSchemaFile(name: string): JsonSchema {
  return JSON.parse(readFileSync(new URL(name, schemaFolder), 'utf8')) as JsonSchema;
}

export const requestSchema = readSchemaFile('user-update-request.schema.json');
export const responseSchema = readSchemaFile('user-private-response.schema.json');
export const errorSchema = readSchemaFile('error.schema.json');
export const resultsSchema = readSchemaFile('results.schema.json');

/** Annotation keyword naming the CONTRACT.md rule a (sub)schema enforces. */
export const ruleKeyword = 'x-rule';
/** Annotation keyword listing the keywords of a property that only CONTRACT.md states. */
export const observedKeyword = 'x-observed';

/** Every x- annotation used in a schema document, so that Ajv's strict mode knows them. */
function annotationKeywords(...schemas: JsonSchema[]): string[] {
  const found = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('x-')) found.add(key);
        else walk(value);
      }
    }
  };
  schemas.forEach(walk);
  return [...found];
}

// unicode: false makes minLength/maxLength count UTF-16 code units, as R-NORM-1 says the server
// does; Ajv's default would count code points and misjudge every emoji.
// Ajv calls the option deprecated but still honours it; only that one notice is kept quiet.
const logger = {
  log: console.log,
  warn: (...args: unknown[]) => {
    if (!String(args[0]).startsWith('DEPRECATED: option unicode')) console.warn(...args);
  },
  error: console.error,
};

/**
 * The request schema as the documentation page alone states it: every keyword listed in
 * x-observed removed, and the page's own type put back where the observed server loosens it
 * (x-documented). A mock built from the page knows only this.
 */
export function documentedLayer(schema: JsonSchema): JsonSchema {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const observed = new Set(Array.isArray(record[observedKeyword]) ? (record[observedKeyword] as string[]) : []);
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) if (!observed.has(key)) out[key] = strip(value);
    const documented = record['x-documented'];
    if (documented && typeof documented === 'object') Object.assign(out, documented);
    return out;
  };
  const copy = strip(schema) as JsonSchema;
  copy.$id = `${String(schema.$id).replace(/\.schema\.json$/, '')}.documented.schema.json`;
  return copy;
}

export const documentedRequestSchema = documentedLayer(requestSchema);

export const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true, unicode: false, logger });
formats.default(ajv);
// CONTRACT.md section 4 says "ISO 8601 timestamps": ISO 8601 allows a local time without an
// offset and the basic form without separators, which RFC 3339 (ajv-formats' date-time) does not.
const iso8601 = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
ajv.addFormat('date-time', {
  type: 'string',
  validate: (text: string) => {
    const m = iso8601.exec(text);
    if (!m) return false;
    const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number];
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 60;
  },
});
for (const keyword of annotationKeywords(requestSchema, responseSchema, errorSchema, resultsSchema)) ajv.addKeyword({ keyword });

/** The request as the contract judges it: documented and observed constraints. */
export const validateRequest: ValidateFunction<UserUpdateRequest> = ajv.compile<UserUpdateRequest>(requestSchema);
/** The request as the page alone judges it (for mocks and the contract profile). */
export const validateDocumentedRequest: ValidateFunction = ajv.compile(documentedRequestSchema);
export const validateResponse: ValidateFunction<UserPrivateResponse> = ajv.compile<UserPrivateResponse>(responseSchema);
export const validateError: ValidateFunction<ErrorBody> = ajv.compile<ErrorBody>(errorSchema);
/** The shape of reports/results.json. */
export const validateResults: ValidateFunction = ajv.compile(resultsSchema);

export interface SchemaVerdict {
  valid: boolean;
  errors: ErrorObject[];
}

/** Runs a validator and copies its errors, which Ajv overwrites on the next call. */
export function verdict(validate: ValidateFunction, data: unknown): SchemaVerdict {
  const valid = validate(data) as boolean;
  return { valid, errors: valid ? [] : [...(validate.errors ?? [])] };
}

/**
 * The rule a failed keyword enforces: the `x-rule` of the subschema that holds the keyword
 * (Ajv's `verbose` option hands it over as parentSchema), else the rule of the whole schema.
 */
export function ruleOfError(root: JsonSchema, error: ErrorObject): string | undefined {
  const holder = error.parentSchema as Record<string, unknown> | undefined;
  const own = holder?.[ruleKeyword];
  return typeof own === 'string' ? own : (root[ruleKeyword] as string | undefined);
}

/** Follows a local JSON pointer such as "#/$defs/image" inside a schema document. */
export function resolvePointer(root: JsonSchema, ref: string): unknown {
  let node: unknown = root;
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/** The top-level field an Ajv error is about: the first segment of its instancePath, or the
 * missing property for `required`, or "root". This is the `path` a 400 body must name. */
export function fieldOfError(error: ErrorObject): string {
  const first = error.instancePath.split('/')[1];
  if (first) return first.replace(/~1/g, '/').replace(/~0/g, '~');
  if (error.keyword === 'required') return String((error.params as { missingProperty: string }).missingProperty);
  return 'root';
}

/** Where in a document an Ajv error points, with a missing property named in the path:
 * "/is_staff" for a missing is_staff, "/pending_bulk_message_deletion" for a wrong type. */
export function pathOfError(error: ErrorObject): string {
  if (error.keyword === 'required') return `${error.instancePath}/${String((error.params as { missingProperty: string }).missingProperty)}`;
  return error.instancePath || '/';
}

/** The documented properties of a schema, in the order the schema lists them. */
export function propertyNames(schema: JsonSchema): string[] {
  return Object.keys((schema.properties ?? {}) as Record<string, unknown>);
}
