// The one Ajv instance of the project. Every schema is compiled here, once, and everything else
// (reference server, arbitraries, checks) validates through the functions exported below.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { ErrorBody, UserPrivateResponse, UserUpdateRequest } from './generated/schema-types.js';
import { errorSchema, requestSchema, responseSchema, resultsSchema, type JsonSchema } from './schema-files.js';

export type { ErrorBody, UserPrivateResponse, UserUpdateRequest };
export { errorSchema, requestSchema, responseSchema };

/** Annotation keyword naming the CONTRACT.md rule a (sub)schema enforces. */
export const ruleKeyword = 'x-rule';

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
export const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true, unicode: false, logger });
formats.default(ajv);
ajv.addKeyword({ keyword: ruleKeyword, schemaType: 'string' });

export const validateRequest: ValidateFunction<UserUpdateRequest> = ajv.compile<UserUpdateRequest>(requestSchema);
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

/** The documented properties of a schema, in the order the schema lists them. */
export function propertyNames(schema: JsonSchema): string[] {
  return Object.keys((schema.properties ?? {}) as Record<string, unknown>);
}
